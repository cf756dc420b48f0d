"""The parts of the 回収状況 tab: the filter bar (wraps when narrow) and the selected body's details."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.gui.widgets.flow_layout import FlowLayout
from renkei_desktop.gui.widgets.table_view import FrameTableView
from renkei_desktop.status_display import LEGEND

SURVEY_MNEMONICS = {"municipal": "1", "prefectural": "2"}
NO_BODY = "団体を選ぶと、要確認の内容とファイルが表示されます"


class FilterBar(QWidget):
    """Survey, 未提出のみ／要確認のみ, 都県, search, 次の要確認, the legend and the list exports.
    Its widgets flow onto more lines when the window is narrow."""

    survey_chosen = Signal(str)
    export_requested = Signal(str)  # "missing" or "queries"
    next_query = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.survey_buttons = QButtonGroup(self)
        radios = []
        for key in ("municipal", "prefectural"):
            button = QRadioButton(f"{SURVEY_LABELS[key]}票(&{SURVEY_MNEMONICS[key]})")
            button.setProperty("survey", key)
            button.setAccessibleDescription("回収状況の表に出す調査票")
            self.survey_buttons.addButton(button)
            radios.append(button)
        radios[0].setChecked(True)
        self.survey_buttons.buttonClicked.connect(lambda b: self.survey_chosen.emit(b.property("survey")))
        self.only_missing = QCheckBox("未提出のみ(&N)")
        self.only_queries = QCheckBox("要確認のみ(&Q)")
        self.prefecture = QComboBox()
        self.prefecture.setMinimumContentsLength(5)
        prefecture_label = QLabel("都県(&K)")
        prefecture_label.setBuddy(self.prefecture)
        self.prefecture.setAccessibleName("都県で絞り込み")
        self.search = QLineEdit()
        self.search.setPlaceholderText("団体名・コードで検索")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        search_label = QLabel("検索(&R)")
        search_label.setBuddy(self.search)
        self.search.setAccessibleName("団体名・コードで検索")
        self.next_button = QPushButton("次の要確認(&X)")
        self.next_button.setShortcut(QKeySequence(Qt.Key.Key_F3))
        self.next_button.setToolTip("次の要確認の団体へ移動（F3）")
        self.next_button.clicked.connect(self.next_query.emit)
        self.missing_button = QPushButton("未提出一覧を出力(&M)…")
        self.queries_button = QPushButton("要確認一覧を出力(&Y)…")
        self.missing_button.clicked.connect(lambda: self.export_requested.emit("missing"))
        self.queries_button.clicked.connect(lambda: self.export_requested.emit("queries"))
        flow = FlowLayout(self)
        for widget in (*radios, self.only_missing, self.only_queries, prefecture_label, self.prefecture):
            flow.addWidget(widget)
        for widget in (search_label, self.search, self.next_button, legend_widget()):
            flow.addWidget(widget)
        flow.addWidget(self.missing_button)
        flow.addWidget(self.queries_button)

    def prefecture_filter(self) -> str:
        text = self.prefecture.currentText()
        return "" if text == "すべて" else text


def legend_widget() -> QWidget:
    """凡例: the colours of the item cells."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel("凡例:"))
    for label, colour in LEGEND:
        chip = QLabel(f" {label} ")
        chip.setStyleSheet(f"background:{colour}; color:black; border:1px solid #999; padding:1px 4px;")
        row.addWidget(chip)
    holder.setAccessibleName("凡例: " + "、".join(label for label, _ in LEGEND))
    return holder


class DetailBox(QGroupBox):
    """選択した団体: its findings and its file, with buttons to open the file or its folder."""

    open_requested = Signal(bool)  # folder?

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("選択した団体", parent)
        self.heading = QLabel(NO_BODY)
        self.heading.setWordWrap(True)
        self.file_label = QLabel("")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        self.open_file = QPushButton("ファイルを開く(&O)")
        self.open_folder = QPushButton("フォルダを開く(&D)")
        self.open_file.clicked.connect(lambda: self.open_requested.emit(False))
        self.open_folder.clicked.connect(lambda: self.open_requested.emit(True))
        self.findings = FrameTableView()
        self.findings.excel_name = "指摘事項.xlsx"
        self.findings.setAccessibleName("選択した団体の要確認の内容")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.open_file)
        file_row.addWidget(self.open_folder)
        layout.addLayout(file_row)
        layout.addWidget(self.findings, 1)
