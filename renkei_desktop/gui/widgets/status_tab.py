"""回収状況 tab: response rates per prefecture, the status grid with filters, the selected body's
findings, the problem files and the reminder/query lists."""

from __future__ import annotations

import heapq
import os
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.gui.dialogs import confirm_overwrite, show_error
from renkei_desktop.gui.models.status_grid import FIXED_COLUMNS, StatusFilterProxy, StatusGridModel
from renkei_desktop.gui.status_views import (
    GridContent,
    StatusViews,
    findings_frame,
    prepare_status_views,
    row_status_label,
)
from renkei_desktop.gui.widgets.table_view import RESIZE_PRECISION_ROWS, FrameTableView
from renkei_desktop.status_display import LEGEND

# Later parts of a hand-over run from a 1 ms timer, not a zero timer: Qt handles overdue timers and
# input between them, so no single event-loop turn carries the whole hand-over.
HAND_OVER_MS = 1
CELL_PADDING = 8  # text margins and the focus frame of a table cell
HEADER_PADDING = 8  # and of a header section


class StatusTab(QWidget):
    export_requested = Signal(str)  # "missing" or "queries"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: Dataset | None = None
        self.views: StatusViews | None = None
        self.survey = "municipal"
        self.input_roots: list[Path] = []

        self.survey_buttons = QButtonGroup(self)
        survey_box = QHBoxLayout()
        for key in ("municipal", "prefectural"):
            button = QRadioButton(f"{SURVEY_LABELS[key]}票")
            button.setProperty("survey", key)
            self.survey_buttons.addButton(button)
            survey_box.addWidget(button)
            if key == "municipal":
                button.setChecked(True)
        self.survey_buttons.buttonClicked.connect(lambda b: self.set_survey(b.property("survey")))

        self.rates = FrameTableView()
        self.rates.excel_name = "回収状況.xlsx"
        self.rates.setMinimumWidth(300)
        self.rates.setMaximumWidth(340)

        self.only_missing = QCheckBox("未提出のみ")
        self.only_queries = QCheckBox("要確認のみ")
        self.prefecture = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("団体名・コードで検索")
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        filters.addLayout(survey_box)
        filters.addSpacing(12)
        for widget in (self.only_missing, self.only_queries, QLabel("都県"), self.prefecture, self.search):
            filters.addWidget(widget)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("凡例:"))
        for label, colour in LEGEND:
            chip = QLabel(f" {label} ")
            text = "white" if label == "要確認" else "black"
            chip.setStyleSheet(f"background:{colour}; color:{text}; border:1px solid #999; padding:1px 4px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        self.missing_button = QPushButton("未提出一覧を出力…")
        self.queries_button = QPushButton("要確認一覧を出力…")
        self.missing_button.clicked.connect(lambda: self.export_requested.emit("missing"))
        self.queries_button.clicked.connect(lambda: self.export_requested.emit("queries"))
        legend.addWidget(self.missing_button)
        legend.addWidget(self.queries_button)

        self.model = StatusGridModel()
        self.proxy = StatusFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.grid = QTableView()
        self.grid.setModel(self.proxy)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setDefaultSectionSize(20)
        self.grid.verticalHeader().setVisible(False)  # row numbers say nothing here (団体コード does)
        self.grid.horizontalHeader().setDefaultSectionSize(38)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.grid.selectionModel().currentRowChanged.connect(self._row_changed)

        self.only_missing.toggled.connect(lambda v: self.proxy.set_filters(only_missing=v))
        self.only_queries.toggled.connect(lambda v: self.proxy.set_filters(only_queries=v))
        self.prefecture.currentTextChanged.connect(
            lambda t: self.proxy.set_filters(prefecture="" if t == "すべて" else t)
        )
        self.search.textChanged.connect(lambda t: self.proxy.set_filters(text=t))

        self.detail_title = QLabel("団体を選ぶと、要確認の内容とファイルが表示されます")
        self.detail_title.setWordWrap(True)
        self.file_label = QLabel("")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        self.open_file = QPushButton("ファイルを開く")
        self.open_folder = QPushButton("フォルダを開く")
        self.open_file.clicked.connect(lambda: self._open(folder=False))
        self.open_folder.clicked.connect(lambda: self._open(folder=True))
        self.findings = FrameTableView()
        self.findings.excel_name = "指摘事項.xlsx"
        detail = QVBoxLayout()
        detail.addWidget(self.detail_title)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.open_file)
        file_row.addWidget(self.open_folder)
        detail.addLayout(file_row)
        detail.addWidget(self.findings, 1)
        detail_box = QGroupBox("選択した団体")
        detail_box.setLayout(detail)

        self.problems = FrameTableView()
        self.problems.excel_name = "読み込めなかったファイル.xlsx"
        problems_box = QGroupBox("集計していないファイル（重複・読込不可・様式違い・対象外・ブックなし）")
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.addWidget(self.problems)

        left = QVBoxLayout()
        left.addWidget(QLabel("都県別の回収状況"))
        left.addWidget(self.rates)
        left_widget = QWidget()
        left_widget.setLayout(left)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(detail_box)
        lower.addWidget(problems_box)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(left_widget)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(filters)
        grid_layout.addLayout(legend)
        grid_layout.addWidget(self.grid, 1)
        upper.addWidget(grid_box)
        upper.setStretchFactor(1, 1)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(upper)
        vertical.addWidget(lower)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(vertical)
        self._current_path: str = ""
        self._set_detail(None)

    # data -----------------------------------------------------------------------------------
    def set_dataset(
        self, data: Dataset | None, input_roots: list[Path] | None = None, views: StatusViews | None = None
    ) -> None:
        """Show ``data``; ``views`` are its tables prepared off the GUI thread (computed here if absent)."""
        self.data = data
        if data is None:
            self.views = None
        else:
            self.views = views if views is not None and views.data is data else prepare_status_views(data)
        self.input_roots = input_roots or []
        self.set_survey(self.survey)
        QTimer.singleShot(HAND_OVER_MS, self, lambda: self._set_problems(data))

    def _set_problems(self, data: Dataset | None) -> None:
        if data is self.data:
            self.problems.set_frame(self.views.problems if self.views else pd.DataFrame())

    def set_survey(self, survey: str) -> None:
        self.survey = survey
        data = self.data
        self.model.set_content(self.views.grids[survey] if self.views else GridContent())
        self._size_fixed_columns()
        QTimer.singleShot(HAND_OVER_MS, self, lambda: self._set_rates(data, survey))
        current = self.prefecture.currentText()
        self.prefecture.blockSignals(True)
        self.prefecture.clear()
        self.prefecture.addItem("すべて")
        if data:
            for name in dict.fromkeys(b.prefecture for b in data.targets.bodies(survey)):
                self.prefecture.addItem(name)
        index = self.prefecture.findText(current)
        self.prefecture.setCurrentIndex(max(index, 0))
        self.prefecture.blockSignals(False)
        self.proxy.set_filters(
            prefecture="" if self.prefecture.currentText() == "すべて" else self.prefecture.currentText()
        )
        self._set_detail(None)

    def _size_fixed_columns(self) -> None:
        """Widths of 都県・団体コード・団体名・提出状況 from their longest texts, measured with the font
        (asking the model for every row's size hint would stall a 1,788-row grid)."""
        cell = self.grid.fontMetrics()
        head = self.grid.horizontalHeader().fontMetrics()
        rows = self.model.rows()
        texts = (
            {r.status_row.prefecture for r in rows},
            {r.status_row.code for r in rows},
            {r.status_row.name for r in rows},
            {row_status_label(r.row_status) for r in rows},
        )
        for col, values in enumerate(texts):
            longest = heapq.nlargest(8, values, key=len)
            width = max(
                [head.horizontalAdvance(FIXED_COLUMNS[col]) + HEADER_PADDING]
                + [cell.horizontalAdvance(text) + CELL_PADDING for text in longest]
            )
            self.grid.setColumnWidth(col, width)

    def _set_rates(self, data: Dataset | None, survey: str) -> None:
        if data is self.data and survey == self.survey:
            self.rates.set_frame(
                self.views.rates[survey] if self.views else pd.DataFrame(), percent_columns={"回答率"}
            )

    # selection --------------------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._set_detail(None)
            return
        self._set_detail(self.model.grid_row(self.proxy.mapToSource(current).row()))

    def _set_detail(self, row) -> None:
        if row is None or self.data is None:
            self.detail_title.setText("団体を選ぶと、要確認の内容とファイルが表示されます")
            self.file_label.setText("")
            self.findings.set_frame(pd.DataFrame(columns=["設問", "セル", "入力値", "種別", "内容"]))
            self._current_path = ""
        else:
            r = row.status_row
            self.detail_title.setText(f"{r.prefecture} {r.name}（{r.code}）")
            self._current_path = row.respondent.path if row.respondent else ""
            self.file_label.setText(self._current_path or "提出されたファイルはありません")
            self.findings.set_frame(findings_frame(self.data, self.survey, r.code))
        self.open_file.setEnabled(bool(self._current_path))
        self.open_folder.setEnabled(bool(self._current_path))

    def _open(self, folder: bool) -> None:
        if not self._current_path:
            return
        target = Path(self._current_path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target.parent if folder else target)))

    def select_code(self, code: str) -> bool:
        """Select the row of a body (used by tests and the search box)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 1)
            if self.proxy.data(index) == code:
                self.grid.setCurrentIndex(index)
                return True
        return False


def ask_list_path(parent: QWidget, default_name: str, last_folder: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "一覧の出力", os.path.join(last_folder or "", default_name), "Excel ブック (*.xlsx)"
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    return path if confirm_overwrite(parent, path) else None


def report_export_error(parent: QWidget, exc: OSError) -> None:
    show_error(parent, "出力できませんでした", str(exc))
