"""The window's exports: the 未提出／要確認 lists and すべて出力, run as jobs of the window's job manager."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from renkei_desktop.gui.dialogs import show_error
from renkei_desktop.gui.jobs import EXPORT
from renkei_desktop.gui.widgets.status_tab import ask_list_path
from renkei_desktop.gui.workers import Worker

if TYPE_CHECKING:
    from renkei_desktop.gui.main_window import MainWindow

EXPORT_STEP_LABELS = {"figures": "図表"}


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


def export_list(window: MainWindow, which: str) -> Path | None:
    """Write the 未提出一覧 (``which="missing"``) or the 要確認一覧 (``"queries"``)."""
    if window.data is None:
        return None
    from renkei_desktop.export.status_lists import write_missing_list, write_query_list

    default = "未提出一覧.xlsx" if which == "missing" else "要確認一覧.xlsx"
    path = ask_list_path(window, default, window.settings.last_folder())
    if path is None:
        return None
    include_contacts = which == "queries" and ask_contacts(window)
    try:
        if which == "missing":
            return write_missing_list(path, window.data)
        return write_query_list(path, window.data, include_contacts=include_contacts)
    except OSError as exc:
        show_error(window, "出力できませんでした", str(exc))
        return None


def confirm_replace(window: MainWindow, out: Path) -> bool:
    from renkei_desktop.export.bundle import existing_outputs

    existing = existing_outputs(out)
    if not existing:
        return True
    answer = QMessageBox.question(
        window,
        "上書きの確認",
        f"{out} には既に出力があります（{', '.join(existing[:4])} など）。上書きしますか？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def export_everything(window: MainWindow) -> Worker | None:
    """すべて出力: ask for a folder, confirm replacing an earlier export, then export in the background."""
    if window.data is None:
        return None
    folder = QFileDialog.getExistingDirectory(window, "出力先フォルダを選ぶ", window.settings.last_folder())
    if not folder or not confirm_replace(window, Path(folder)):
        return None
    return start_export(window, Path(folder))


def start_export(window: MainWindow, out: Path) -> Worker:
    from renkei_desktop.export.bundle import export_all

    window.show_progress(True, "出力中…")
    return window.jobs.start(
        EXPORT,
        export_all,
        window.data,
        out,
        dpi=window.settings.dpi(),
        overwrite=True,
        on_progress=lambda d, t, n: window.set_progress(d, t, export_progress_text(d, t, n)),
        on_result=lambda paths: window.summary.setText(f"{len(paths)} ファイルを出力しました → {out}"),
        on_error=lambda message: show_error(window, "出力できませんでした", message),
    )
