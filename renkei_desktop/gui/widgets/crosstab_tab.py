"""クロス集計 tab: pick a row variable and an item; counts, row % and base per group, and the chart."""

from __future__ import annotations

import logging

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.crosstab import CrossTab, crosstab, row_variables
from renkei_desktop.dataset import Dataset
from renkei_desktop.gui import charting
from renkei_desktop.gui.widgets.chart_view import ChartView
from renkei_desktop.gui.widgets.controls import buddy
from renkei_desktop.gui.widgets.flow_layout import FlowLayout
from renkei_desktop.gui.widgets.table_view import FrameTableView
from renkei_desktop.items import tab_items

log = logging.getLogger(__name__)
MAX_SESSION = 30  # cross tabulations remembered for すべて出力
SHORT_HEADER_CHARS = 8
DEFAULT_ITEMS = {"municipal": "Q6_3_med", "prefectural": "Q2_5"}  # 人口規模 × 連携している部課室 first


def percent_frame(table: CrossTab) -> pd.DataFrame:
    counts, percents = table.to_frames()
    frame = percents.copy()
    frame.insert(0, "N", counts["N"])
    frame.insert(0, table.row_variable.label, frame.index)
    return frame.reset_index(drop=True)


def count_frame(table: CrossTab) -> pd.DataFrame:
    counts, _ = table.to_frames()
    counts.insert(0, table.row_variable.label, counts.index)
    return counts.reset_index(drop=True)


def short_label(code: int | str, label: str, width: int = SHORT_HEADER_CHARS) -> str:
    """「1 連携している」, 「3 一部の事業…」: the option's number and the start of its text."""
    text = label if len(label) <= width else label[: width - 1] + "…"
    return f"{code} {text}" if isinstance(code, int) else text


def short_headers(table: CrossTab) -> dict[str, str]:
    """Column headers of the cross table: short option labels (the full text stays in the tooltip)."""
    return {label: short_label(code, label) for code, label in table.columns}


class CrosstabTab(QWidget):
    def __init__(self, parent: QWidget | None = None, dpi: int = 300) -> None:
        super().__init__(parent)
        self.data: Dataset | None = None
        self.result: CrossTab | None = None
        self.session: list[tuple[str, str, str]] = []  # (survey, item, row variable) shown so far
        self.survey_box = QComboBox()
        for key in ("municipal", "prefectural"):
            self.survey_box.addItem(f"{SURVEY_LABELS[key]}票", key)
        self.row_box = QComboBox()
        self.item_box = QComboBox()
        self.item_box.setMinimumContentsLength(30)
        self.mode_group = QButtonGroup(self)
        self.stacked = QRadioButton("100% 積み上げ(&T)")
        self.grouped = QRadioButton("グループ棒(&B)")
        self.grouped.setChecked(True)
        for button in (self.stacked, self.grouped):
            self.mode_group.addButton(button)
        self.percent_table = FrameTableView()
        self.count_table = FrameTableView()
        self.percent_table.setAccessibleName("クロス集計（割合）")
        self.count_table.setAccessibleName("クロス集計（実数）")
        self.save_button = QPushButton("Excel に保存(&S)…")
        self.save_button.setAccessibleDescription("表示中のクロス集計表（割合・実数）を Excel ブックに保存")
        self.save_button.clicked.connect(self.save_current_table)
        controls = FlowLayout()
        for widget in (
            buddy("調査(&U)", self.survey_box),
            self.survey_box,
            buddy("表側（行）(&W)", self.row_box),
            self.row_box,
            buddy("設問(&Q)", self.item_box),
            self.item_box,
            self.stacked,
            self.grouped,
            self.save_button,
        ):
            controls.addWidget(widget)
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.tables: QTabWidget = QTabWidget()
        tables = self.tables
        tables.addTab(self.percent_table, "割合（行%）")
        tables.addTab(self.count_table, "実数")
        self.chart = ChartView(dpi=dpi)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.title)
        left_layout.addWidget(tables, 1)
        split.addWidget(left)
        split.addWidget(self.chart)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 840])
        self.row_box.setMaximumWidth(260)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        self._wire()

    def _wire(self) -> None:
        self.survey_box.currentIndexChanged.connect(lambda _: self._fill_choices())
        self.row_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.item_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.mode_group.buttonClicked.connect(lambda _: self._redraw())

    def save_current_table(self) -> None:
        """「Excel に保存…」: the table on top (割合 or 実数)."""
        table = self.percent_table if self.tables.currentIndex() == 0 else self.count_table
        table.save_excel()

    @property
    def survey(self) -> str:
        return self.survey_box.currentData() or "municipal"

    @property
    def mode(self) -> str:
        return "stacked" if self.stacked.isChecked() else "grouped"

    def set_dataset(self, data: Dataset | None) -> None:
        self.data = data
        self._fill_choices()

    def _fill_choices(self) -> None:
        for box in (self.row_box, self.item_box):
            box.blockSignals(True)
            box.clear()
        if self.data is not None:
            codebook = self.data.codebooks[self.survey]
            for var in row_variables(codebook, self.data.of(self.survey)):
                self.row_box.addItem(var.label, var.key)
            for item in tab_items(codebook):
                scope = {"med": "【医療・介護・福祉】", "oth": "【それ以外】"}.get(item.scope or "", "")
                self.item_box.addItem(f"{item.number} {scope}{item.title}"[:70], item.item_id)
            default = self.item_box.findData(DEFAULT_ITEMS.get(self.survey, ""))
            self.item_box.setCurrentIndex(max(default, 0))
        for box in (self.row_box, self.item_box):
            box.blockSignals(False)
        self.refresh()

    def choose(self, row_key: str, item_id: str, survey: str = "municipal") -> None:
        """Pick a combination programmatically (tests, screenshots)."""
        self.survey_box.setCurrentIndex(self.survey_box.findData(survey))
        self.row_box.blockSignals(True)
        self.row_box.setCurrentIndex(self.row_box.findData(row_key))
        self.row_box.blockSignals(False)
        self.item_box.setCurrentIndex(self.item_box.findData(item_id))
        self.refresh()

    def refresh(self) -> None:
        row_key, item_id = self.row_box.currentData(), self.item_box.currentData()
        if self.data is None or not row_key or not item_id:
            self.result = None
            self.percent_table.set_frame(pd.DataFrame())
            self.count_table.set_frame(pd.DataFrame())
            self.chart.set_figure(None)
            return
        self.result = crosstab(self.data, self.survey, item_id, row_key)
        key = (self.survey, item_id, row_key)
        if key in self.session:
            self.session.remove(key)
        self.session = [*self.session, key][-MAX_SESSION:]
        item = self.result.item
        multi = "（複数回答）" if item.is_multi else ""
        self.title.setText(
            f"{self.result.row_variable.label} × {item.number} {item.title}{multi}（N={self.result.total.base}）"
        )
        pct = percent_frame(self.result)
        short = short_headers(self.result)
        self.percent_table.set_frame(pct, percent_columns=set(pct.columns[2:]), short_headers=short)
        self.count_table.set_frame(count_frame(self.result), short_headers=short)
        stem = f"クロス集計_{row_key}_{item_id}".replace(":", "_")
        self.percent_table.excel_name = f"{stem}.xlsx"
        self.count_table.excel_name = f"{stem}_実数.xlsx"
        self._redraw()

    def _redraw(self) -> None:
        if self.result is None:
            return
        try:
            figure = charting.crosstab_figure(self.result, self.mode)
        except Exception:
            log.exception("cross-tab chart failed")
            figure = None
        stem = f"クロス集計_{self.result.row_variable.key}_{self.result.item.item_id}".replace(":", "_")
        self.chart.set_figure(figure, stem)
