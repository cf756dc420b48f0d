"""自由記述 tab: per item, every answer with the body's name; searchable and exportable."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.free_text import FreeTextEntry, free_text_entries
from renkei_desktop.gui.widgets.controls import buddy
from renkei_desktop.gui.widgets.flow_layout import FlowLayout
from renkei_desktop.gui.widgets.table_view import FrameTableView, save_button

ALL_ITEMS = "__all__"


class FreeTextTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[FreeTextEntry] = []
        self.survey_box = QComboBox()
        for key in ("municipal", "prefectural"):
            self.survey_box.addItem(f"{SURVEY_LABELS[key]}票", key)
        self.item_box = QComboBox()
        self.item_box.setMinimumContentsLength(30)
        self.search = QLineEdit()
        self.search.setPlaceholderText("回答・団体名を検索")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.table = FrameTableView()
        self.table.excel_name = "自由記述.xlsx"
        self.table.setAccessibleName("自由記述の回答")
        self.save_button = save_button(self.table)
        controls = FlowLayout()
        for widget in (
            buddy("調査(&U)", self.survey_box),
            self.survey_box,
            buddy("設問(&Q)", self.item_box),
            self.item_box,
            buddy("検索(&R)", self.search),
            self.search,
            self.count,
            self.save_button,
        ):
            controls.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        self.data: Dataset | None = None
        self.survey_box.currentIndexChanged.connect(lambda _: self._load_survey())
        self.item_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.search.textChanged.connect(lambda _: self.refresh())

    def set_dataset(self, data: Dataset | None) -> None:
        self.data = data
        self._load_survey()

    def _load_survey(self) -> None:
        survey = self.survey_box.currentData()
        self.entries = list(free_text_entries(self.data, survey)) if self.data else []
        self.item_box.blockSignals(True)
        self.item_box.clear()
        self.item_box.addItem("すべての設問", ALL_ITEMS)
        for item_id, label in dict.fromkeys((e.item_id, f"{e.number} {e.item_label}") for e in self.entries):
            self.item_box.addItem(label[:70], item_id)
        self.item_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        wanted = self.item_box.currentData()
        text = self.search.text().strip()
        rows = [
            (e.number, e.item_label, e.prefecture, e.name, e.text)
            for e in self.entries
            if (wanted in (None, ALL_ITEMS) or e.item_id == wanted)
            and (not text or text in e.text or text in e.name)
        ]
        self.table.set_frame(pd.DataFrame(rows, columns=["設問番号", "設問", "都県", "団体名", "回答"]))
        self.count.setText(f"{len(rows)} 件")
