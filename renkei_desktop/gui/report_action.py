"""ファイル → 報告書（Word）を出力…: writes report.docx and figures.pptx in the background.

Kept apart from ``main_window``: the window only installs the action; progress and cancel use the window's
status-bar progress (its キャンセル button cancels ``window.export_worker``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from renkei_desktop.gui.dialogs import show_error
from renkei_desktop.gui.workers import Worker, start

MENU_TEXT = "報告書（Word）を出力…"


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

    folder = QFileDialog.getExistingDirectory(
        window, "報告書の出力先フォルダを選ぶ", window.settings.last_folder()
    )
    if not folder:
        return None
    out = Path(folder)
    existing = [name for name in REPORT_FILES if (out / name).exists()]
    if existing:
        answer = QMessageBox.question(
            window,
            "上書きの確認",
            f"{out} には既に {', '.join(existing)} があります。上書きしますか？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    return start_report(window, out)


def start_report(window: Any, out: Path) -> Worker:
    """Write the report in a worker thread (figures in worker processes), with progress and cancel."""
    from renkei_desktop.report import write_report

    window._show_progress(True, "報告書を作成中…")
    worker = Worker(write_report, window.data, out)
    worker.signals.progress.connect(window._progress)
    worker.signals.result.connect(lambda result: _done(window, result, out))
    worker.signals.error.connect(lambda message: show_error(window, "報告書を出力できませんでした", message))
    worker.signals.finished.connect(lambda: window._show_progress(False))
    window.export_worker = start(worker)
    return worker


def _done(window: Any, result: Any, out: Path) -> None:
    if result.cancelled:
        window.statusBar().showMessage("報告書の出力をキャンセルしました", 10_000)
        return
    note = f"（{len(result.skipped)} 図はデータがないため省略）" if result.skipped else ""
    window.statusBar().showMessage(f"報告書を出力しました: 図 {result.figures} 点{note} → {out}", 15_000)
