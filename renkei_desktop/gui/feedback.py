"""Feedback after saves and copies, opening what was saved, and where saves go by default.

Widgets deep in the tabs report through :func:`notify`; the window shows the message in the status
bar next to the 回収 summary (never in its place), with 開く／フォルダを開く for a saved file. When the
system cannot open a file or folder (no file manager, no viewer), the user is told so.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from renkei_desktop.gui.dialogs import show_error


class Notices(QObject):
    message = Signal(str, str)  # text, path of a saved file or folder ("" after a copy)


_NOTICES: Notices | None = None
_OUTPUT_FOLDER: Path | None = None


def notices() -> Notices:
    global _NOTICES
    if _NOTICES is None:
        _NOTICES = Notices()
    return _NOTICES


def notify(text: str, path: Path | str | None = None) -> None:
    """Tell the user what was saved or copied (shown in the window's status bar)."""
    notices().message.emit(text, str(path) if path else "")


def notify_saved(path: Path) -> None:
    notify(f"保存しました: {Path(path).name}", path)


def set_output_folder(folder: Path | None) -> None:
    """Where save dialogs open (the output folder beside the input, see gui/exports.py)."""
    global _OUTPUT_FOLDER
    _OUTPUT_FOLDER = folder


def default_save_path(name: str) -> str:
    """``name`` in the output folder (created when needed), or just ``name`` before anything is loaded."""
    if _OUTPUT_FOLDER is None:
        return name
    try:
        _OUTPUT_FOLDER.mkdir(parents=True, exist_ok=True)
    except OSError:
        return name
    return os.path.join(str(_OUTPUT_FOLDER), name)


def open_path(parent: QWidget | None, path: Path | str) -> bool:
    """Open a file or folder with the system's program; say so when that is not possible."""
    target = Path(path)
    if not target.exists():
        show_error(parent, "開けませんでした", f"{target} が見つかりません。")
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        return True
    kind = "フォルダ" if target.is_dir() else "ファイル"
    show_error(
        parent,
        f"{kind}を開けませんでした",
        f"この PC では{kind}を開くプログラムが見つかりませんでした。\n次の場所を手で開いてください:\n{target}",
    )
    return False


class SaveNotice(QWidget):
    """「保存しました: 未提出一覧_茨城県.xlsx [開く] [フォルダを開く]」 in the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = ""
        self.label = QLabel("")
        self.label.setAccessibleName("保存・コピーの結果")
        self.open_button = QPushButton("開く")
        self.folder_button = QPushButton("フォルダを開く")
        self.open_button.setAccessibleDescription("保存したファイルを開く")
        self.folder_button.setAccessibleDescription("保存したファイルのフォルダを開く")
        self.open_button.clicked.connect(lambda: open_path(self.window(), self.path))
        self.folder_button.clicked.connect(
            lambda: open_path(
                self.window(), self.path if Path(self.path).is_dir() else Path(self.path).parent
            )
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.open_button, self.folder_button):
            row.addWidget(widget)
        self.show_message("", "")
        notices().message.connect(self.show_message)

    def show_message(self, text: str, path: str) -> None:
        self.path = path
        self.label.setText(text)
        self.label.setVisible(bool(text))
        self.open_button.setVisible(bool(path) and not Path(path).is_dir())
        self.folder_button.setVisible(bool(path))
