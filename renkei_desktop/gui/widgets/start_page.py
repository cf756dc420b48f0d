"""The empty window: what to do (drop files or folders, open a folder, recent folders, the sample)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget


class StartPage(QWidget):
    open_folder = Signal()
    open_files = Signal()
    open_sample = Signal()
    open_recent = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("回収した調査票（Excel）を読み込みます")
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        hint = QLabel(
            "回答ファイル（.xlsx / .xlsm / .xls）やフォルダを、このウィンドウにドラッグ＆ドロップしてください。\n"
            "フォルダの中のファイルはすべて（サブフォルダも）読み込みます。元のファイルは変更しません。"
        )
        hint.setWordWrap(True)
        drop = QLabel("ここにファイルやフォルダをドロップ")
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop.setMinimumHeight(140)
        drop.setStyleSheet(
            "border: 3px dashed #7a9cc6; border-radius: 12px; color: #3c5a82; font-size: 18px;"
        )
        buttons = QHBoxLayout()
        for label, signal in (
            ("フォルダを開く(&O)…", self.open_folder),
            ("ファイルを選ぶ(&L)…", self.open_files),
            ("サンプルデータを開く(&A)", self.open_sample),
        ):
            button = QPushButton(label)
            button.setMinimumHeight(36)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        self.recent = QListWidget()
        self.recent.setMaximumHeight(150)
        self.recent.itemActivated.connect(lambda item: self.open_recent.emit(item.text()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(drop)
        layout.addLayout(buttons)
        recent_label = QLabel("最近使ったフォルダ(&R)（ダブルクリックか Enter で開く）")
        recent_label.setBuddy(self.recent)
        self.recent.setAccessibleName("最近使ったフォルダ")
        layout.addWidget(recent_label)
        layout.addWidget(self.recent)
        layout.addStretch(1)

    def set_recent(self, folders: list[str]) -> None:
        self.recent.clear()
        self.recent.addItems(folders)
