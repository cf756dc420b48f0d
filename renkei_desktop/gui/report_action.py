"""ファイル → 報告書（Word）を出力…: writes report.docx and figures.pptx in the background.

Kept apart from ``main_window``: the window only installs the action; progress and cancel use the window's
status-bar progress (its キャンセル button cancels ``window.export_worker``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from renkei_desktop.gui.dialogs import ask_replace, show_error
from renkei_desktop.gui.feedback import notify
from renkei_desktop.gui.workers import Worker

MENU_TEXT = "報告書（Word）を出力(&T)…"
OUTLINE_KEYS = (("subjects", "調査対象"), ("method", "調査方法"), ("period", "調査期間"))


def _store(window: Any) -> QSettings:
    """The window's settings.ini, section [report] (the survey outline is remembered between runs)."""
    return QSettings(str(window.settings.path), QSettings.Format.IniFormat)


def saved_options(window: Any) -> Any:
    """ReportOptions pre-filled from the settings (the defaults where nothing was saved)."""
    from renkei_desktop.report import ReportOptions

    options = ReportOptions()
    store = _store(window)
    for key, _label in OUTLINE_KEYS:
        value = store.value(f"report/{key}")
        if value:
            setattr(options, key, str(value))
    options.free_text = str(store.value("report/free_text", "true")).lower() == "true"
    return options


class OutlineDialog(QDialog):
    """調査の概要 (調査対象・調査方法・調査期間) and whether the free text goes into 資料編."""

    def __init__(self, parent: QWidget | None, options: Any, subjects_default: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("報告書の出力 — 調査の概要")
        self.options = options
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in OUTLINE_KEYS:
            edit = QLineEdit(getattr(options, key) or (subjects_default if key == "subjects" else ""))
            edit.setMinimumWidth(420)
            form.addRow(f"{label}(&{key[0].upper()}):", edit)
            self.edits[key] = edit
        self.free_text = QCheckBox("資料編に自由記述を含める（団体名・連絡先は含めません）")
        self.free_text.setChecked(options.free_text)
        form.addRow(self.free_text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def result_options(self) -> Any:
        for key, edit in self.edits.items():
            setattr(self.options, key, edit.text().strip())
        self.options.free_text = self.free_text.isChecked()
        return self.options


def remember(window: Any, options: Any) -> None:
    store = _store(window)
    for key, _label in OUTLINE_KEYS:
        store.setValue(f"report/{key}", getattr(options, key))
    store.setValue("report/free_text", "true" if options.free_text else "false")
    store.sync()


def install(window: Any, menu: QMenu) -> QAction:
    """Add the menu action (Ctrl+Shift+R) to ``menu``."""
    action = QAction(MENU_TEXT, window)
    action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    action.setStatusTip("報告書の下書き（report.docx）と図表スライド（figures.pptx）を出力します")
    action.triggered.connect(lambda: export_report(window))
    menu.addAction(action)
    return action


def export_report(window: Any) -> Worker | None:
    """Ask for a folder (confirming an overwrite) and start writing the report there."""
    if window.data is None:
        QMessageBox.information(window, "報告書の出力", "先に回答ファイルのフォルダを開いてください。")
        return None
    from renkei_desktop.report import REPORT_FILES
    from renkei_desktop.report.document import default_subjects

    dialog = OutlineDialog(window, saved_options(window), default_subjects(window.data))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    options = dialog.result_options()
    remember(window, options)
    from renkei_desktop.gui.exports import output_folder

    folder = QFileDialog.getExistingDirectory(
        window, "報告書の出力先フォルダを選ぶ", str(output_folder(window) or window.settings.last_folder())
    )
    if not folder:
        return None
    out = Path(folder)
    existing = [name for name in REPORT_FILES if (out / name).exists()]
    if existing and not ask_replace(window, f"{out} には既に {', '.join(existing)} があります"):
        return None
    return start_report(window, out, options)


def start_report(window: Any, out: Path, options: Any = None) -> Worker:
    """Write the report in a worker thread (figures in worker processes), with progress and cancel; an
    export job of the window's job manager (gui/jobs.py)."""
    from renkei_desktop.gui.jobs import EXPORT
    from renkei_desktop.report import write_report

    window.show_progress(True, "報告書を作成中…")
    return window.jobs.start(
        EXPORT,
        write_report,
        window.data,
        out,
        options=options or saved_options(window),
        on_progress=window._progress,
        on_result=lambda result: _done(result, out),
        on_error=lambda message: show_error(window, "報告書を出力できませんでした", message),
    )


def _done(result: Any, out: Path) -> None:
    if result.cancelled:
        notify("報告書の出力をキャンセルしました")
        return
    note = f"（{len(result.skipped)} 図はデータがないため省略）" if result.skipped else ""
    notify(f"報告書を出力しました: 図 {result.figures} 点{note}", out)
