"""The window's exports: the 未提出／要確認 lists and すべて出力, run as jobs of the window's job manager."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from renkei_desktop.filenames import safe_file_name
from renkei_desktop.gui.dialogs import ask_replace, show_error
from renkei_desktop.gui.feedback import notify, notify_saved, set_output_folder
from renkei_desktop.gui.jobs import EXPORT
from renkei_desktop.gui.widgets.status_tab import ask_list_path
from renkei_desktop.gui.workers import Worker
from renkei_desktop.paths import user_cache_dir

if TYPE_CHECKING:
    from renkei_desktop.gui.main_window import MainWindow

EXPORT_STEP_LABELS = {"figures": "図表", "クロス集計": "クロス集計"}


def export_progress_text(done: int, total: int, name: str) -> str:
    """「出力中 8/9 図表」: the export's progress in Japanese (file names stay as they are)."""
    label = EXPORT_STEP_LABELS.get(name, name)
    return f"出力中 {done}/{total} {label}".rstrip()


def ask_contacts(window: MainWindow) -> bool:
    answer = QMessageBox.question(
        window,
        "連絡先の出力",
        "問い合わせ用に、担当者名・電話番号・メールアドレス（個人情報）も一覧に含めますか？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


OUTPUT_FOLDER_NAME = "集計結果"
SAMPLE_OUTPUT_NAME = "庁内連携調査_サンプルの集計結果"
LIST_NAMES = {"missing": "未提出一覧", "queries": "要確認一覧"}


def input_folder(window: MainWindow) -> Path | None:
    """The folder the outputs belong to: the first input folder (or the first file's folder)."""
    folders = [p for p in window.inputs if p.is_dir()] or [p.parent for p in window.inputs]
    return folders[0] if folders else None


def output_folder(window: MainWindow) -> Path | None:
    """Where exports go: the folder chosen last for this input, else 「集計結果」 beside the input
    folder (never inside it, so the loader and the folder watch never see the outputs)."""
    source = input_folder(window)
    if source is None:
        return None
    remembered = window.settings.output_folder(str(source))
    if remembered:
        return Path(remembered)
    if source.is_relative_to(user_cache_dir()):  # the sample lives in the app's data: outputs go to 文書
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents or Path.home()) / SAMPLE_OUTPUT_NAME
    return source.parent / OUTPUT_FOLDER_NAME if source.parent != source else source / OUTPUT_FOLDER_NAME


def remember_output(window: MainWindow, folder: Path) -> None:
    source = input_folder(window)
    if source is not None:
        window.settings.set_output_folder(str(source), str(folder))
    set_output_folder(folder)


def list_file_name(which: str, words: list[str]) -> str:
    """未提出一覧_茨城県.xlsx: the list's name with the filter shown."""
    return safe_file_name("_".join([LIST_NAMES[which], *words])) + ".xlsx"


def choose_scope(window: MainWindow, which: str) -> tuple[set[tuple[str, str]] | None, list[str]] | None:
    """Ask 「表示中の 18 件／全 202 件」 when the grid is filtered; (codes or None for all, filter words),
    or None when cancelled."""
    from renkei_desktop.export.status_lists import list_size

    tab = window.status_tab
    assert window.data is not None
    if not tab.filtered():
        return None, []
    codes = tab.shown_codes()
    shown, total = list_size(window.data, which, codes), list_size(window.data, which)
    box = QMessageBox(
        QMessageBox.Icon.Question, "出力する範囲", f"{LIST_NAMES[which]}に出力する範囲を選んでください。"
    )
    box.setInformativeText(
        f"表示中: {'・'.join(tab.filter_words()) or '絞り込み'}（{shown} 件）／全体（{total} 件）"
    )
    shown_button = box.addButton(f"表示中の {shown} 件(&V)", QMessageBox.ButtonRole.AcceptRole)
    all_button = box.addButton(f"全 {total} 件(&A)", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("キャンセル", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(shown_button)
    box.exec()
    if box.clickedButton() is shown_button:
        return codes, tab.filter_words()
    if box.clickedButton() is all_button:
        return None, []
    return None


def export_list(window: MainWindow, which: str) -> Path | None:
    """Write the 未提出一覧 (``which="missing"``) or the 要確認一覧 (``"queries"``): what the grid
    shows, or everything (asked when the grid is filtered)."""
    if window.data is None:
        return None
    from renkei_desktop.export.status_lists import write_missing_list, write_query_list

    scope = choose_scope(window, which)
    if scope is None:
        return None
    codes, words = scope
    path = ask_list_path(window, list_file_name(which, words), str(output_folder(window) or ""))
    if path is None:
        return None
    include_contacts = which == "queries" and ask_contacts(window)
    try:
        if which == "missing":
            saved = write_missing_list(path, window.data, codes=codes)
        else:
            saved = write_query_list(path, window.data, include_contacts=include_contacts, codes=codes)
    except OSError as exc:
        show_error(window, "出力できませんでした", str(exc))
        return None
    remember_output(window, path.parent)
    notify_saved(saved)
    return saved


def confirm_replace(window: MainWindow, out: Path) -> bool:
    from renkei_desktop.export.bundle import existing_outputs_text

    existing = existing_outputs_text(out)
    return not existing or ask_replace(window, existing)


def export_everything(window: MainWindow) -> Worker | None:
    """すべて出力: ask for a folder, confirm replacing an earlier export, then export in the background."""
    if window.data is None:
        return None
    proposed = output_folder(window)
    start_in = ""
    if proposed is not None:
        try:
            proposed.mkdir(parents=True, exist_ok=True)
            start_in = str(proposed)
        except OSError:
            start_in = str(proposed.parent)
    folder = QFileDialog.getExistingDirectory(window, "出力先フォルダを選ぶ", start_in)
    if not folder or not confirm_replace(window, Path(folder)):
        return None
    return start_export(window, Path(folder))


def start_export(window: MainWindow, out: Path) -> Worker:
    """すべて出力 (with report.docx and figures.pptx) as the window's export job."""
    from renkei_desktop.report import export_all_with_report

    window.show_progress(True, "出力中…")
    remember_output(window, out)
    return window.jobs.start(
        EXPORT,
        export_all_with_report,
        window.data,
        out,
        dpi=window.settings.dpi(),
        overwrite=True,
        crosstabs=list(window.crosstab_tab.session),
        on_progress=lambda d, t, n: window.set_progress(d, t, export_progress_text(d, t, n)),
        on_result=lambda paths: notify(f"すべて出力しました（{len(paths)} ファイル）: {out}", out),
        on_error=lambda message: show_error(window, "出力できませんでした", message),
    )
