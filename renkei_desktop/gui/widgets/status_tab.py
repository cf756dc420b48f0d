"""回収状況 tab: response rates per prefecture, the status grid with filters, the selected body's
findings, the problem files and the reminder/query lists."""

from __future__ import annotations

import heapq
import itertools
import os
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop import dataset as ds
from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.gui.dialogs import confirm_overwrite, show_error
from renkei_desktop.gui.models.status_grid import (
    FIXED_COLUMNS,
    HAS_QUERY_ROLE,
    ROW_STATUS_ROLE,
    StatusFilterProxy,
    StatusGridModel,
)
from renkei_desktop.gui.status_views import (
    GridContent,
    StatusViews,
    findings_frame,
    prepare_status_views,
    row_status_label,
)
from renkei_desktop.gui.widgets.frozen_table import FrozenColumnsView
from renkei_desktop.gui.widgets.status_parts import NO_BODY, DetailBox, FilterBar
from renkei_desktop.gui.widgets.table_view import RESIZE_PRECISION_ROWS, FrameTableView

# Later parts of a hand-over run from a 1 ms timer, not a zero timer: Qt handles overdue timers and
# input between them, so no single event-loop turn carries the whole hand-over.
HAND_OVER_MS = 1
CELL_PADDING = 8  # text margins and the focus frame of a table cell
HEADER_PADDING = 8  # and of a header section


class StatusTab(QWidget):
    export_requested = Signal(str)  # "missing" or "queries"
    open_requested = Signal(str)  # a file or folder to open (the window reports when it cannot)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: Dataset | None = None
        self.views: StatusViews | None = None
        self.survey = "municipal"
        self.input_roots: list[Path] = []
        self.bar = FilterBar()
        self.bar.survey_chosen.connect(self.set_survey)
        self.bar.export_requested.connect(self.export_requested.emit)
        self.bar.next_query.connect(self.next_query)
        self.survey_buttons, self.only_missing, self.only_queries = (
            self.bar.survey_buttons,
            self.bar.only_missing,
            self.bar.only_queries,
        )
        self.prefecture, self.search = self.bar.prefecture, self.bar.search
        self.missing_button, self.queries_button = self.bar.missing_button, self.bar.queries_button
        self.rates = FrameTableView()
        self.rates.excel_name = "回収状況.xlsx"
        self.rates.setAccessibleName("都県別の回収状況")
        self.rates.setMinimumWidth(240)
        self.rates.setMaximumWidth(340)
        self._build_grid()
        self.detail = DetailBox()
        self.detail.open_requested.connect(self._open)
        self.detail_title, self.file_label = self.detail.heading, self.detail.file_label
        self.open_file, self.open_folder, self.findings = (
            self.detail.open_file,
            self.detail.open_folder,
            self.detail.findings,
        )
        self.problems = FrameTableView()
        self.problems.excel_name = "読み込めなかったファイル.xlsx"
        self.problems.setAccessibleName("集計していないファイル")
        self._lay_out()
        self._current_path: str = ""
        self._set_detail(None)

    def _build_grid(self) -> None:
        self.model = StatusGridModel()
        self.proxy = StatusFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.grid = FrozenColumnsView(frozen=3)
        self.grid.setModel(self.proxy)
        self.grid.setAccessibleName("提出状況の表（行: 団体、列: 設問）")
        self.grid.setTabKeyNavigation(False)  # arrows inside, Tab leaves
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setVerticalHeaderSize(20)
        self.grid.verticalHeader().setVisible(False)  # row numbers say nothing here (団体コード does)
        self.grid.horizontalHeader().setDefaultSectionSize(38)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.grid.selectionModel().currentRowChanged.connect(self._row_changed)
        self.only_missing.toggled.connect(lambda v: self.proxy.set_filters(only_missing=v))
        self.only_queries.toggled.connect(lambda v: self.proxy.set_filters(only_queries=v))
        self.prefecture.currentTextChanged.connect(
            lambda _t: self.proxy.set_filters(prefecture=self.bar.prefecture_filter())
        )
        self.search.textChanged.connect(lambda t: self.proxy.set_filters(text=t))
        # selection, not the current row: Tab into the table sets a current row without choosing it
        self.rates.selectionModel().selectionChanged.connect(
            lambda selected, _old: self._rate_row_changed(selected)
        )

    def _lay_out(self) -> None:
        problems_box = QGroupBox("集計していないファイル（重複・読込不可・様式違い・対象外・ブックなし）")
        QVBoxLayout(problems_box).addWidget(self.problems)
        left_widget = QWidget()
        left = QVBoxLayout(left_widget)
        rates_label = QLabel("都県別の回収状況（選ぶと右の表を絞り込み）")
        rates_label.setWordWrap(True)
        left.addWidget(rates_label)
        left.addWidget(self.rates)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.detail)
        lower.addWidget(problems_box)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.bar)
        grid_layout.addWidget(self.grid, 1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(left_widget)
        upper.addWidget(grid_box)
        upper.setStretchFactor(1, 1)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(upper)
        vertical.addWidget(lower)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(vertical)
        # reading order: filters, grid, the rates, the selected body, the problem files
        order = [*self.survey_buttons.buttons(), self.only_missing, self.only_queries, self.prefecture]
        order += [self.search, self.bar.next_button, self.missing_button, self.queries_button, self.grid]
        order += [self.rates, self.open_file, self.open_folder, self.findings, self.problems]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

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
        self.proxy.set_filters(prefecture=self.bar.prefecture_filter())
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

    def _rate_row_changed(self, selected: QItemSelection) -> None:
        """Choosing a prefecture in the rates table filters the grid to it (全体: every prefecture); the
        row just chosen counts, not whatever else an extended selection still holds."""
        indexes = selected.indexes()
        if not indexes:
            return
        frame = self.rates.frame_model.frame
        row = self.rates.proxy.mapToSource(indexes[0]).row()
        name = str(frame.iloc[row, 0]) if 0 <= row < len(frame) else ""
        index = self.prefecture.findText(name)
        self.prefecture.setCurrentIndex(max(index, 0))

    # filters as the lists see them ------------------------------------------------------------
    def filtered(self) -> bool:
        return self.proxy.rowCount() < self.model.rowCount()

    def shown_codes(self) -> set[tuple[str, str]]:
        """(survey, code) of the rows the grid shows now."""
        codes = set()
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            codes.add((self.survey, self.model.grid_row(source).status_row.code))
        return codes

    def filter_words(self) -> list[str]:
        """The filter in words, for file names: 都県票, 茨城県, 検索語."""
        words = [f"{SURVEY_LABELS[self.survey]}票"] if self.survey != "municipal" else []
        if self.bar.prefecture_filter():
            words.append(self.bar.prefecture_filter())
        if self.search.text().strip():
            words.append(self.search.text().strip())
        return words

    def next_query(self) -> bool:
        """Select the next row (after the current one, wrapping) that needs a query; F3."""
        rows = self.proxy.rowCount()
        start = self.grid.currentIndex().row() if self.grid.currentIndex().isValid() else -1
        for step in range(1, rows + 1):
            row = (start + step) % rows
            index = self.proxy.index(row, 0)
            status = self.proxy.data(index, ROW_STATUS_ROLE)
            if self.proxy.data(index, HAS_QUERY_ROLE) or status == ds.UNREADABLE:
                self.grid.setCurrentIndex(index)
                self.grid.setFocus()
                return True
        self.detail_title.setText("表示中の団体に要確認はありません")
        return False

    # selection --------------------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._set_detail(None)
            return
        self._set_detail(self.model.grid_row(self.proxy.mapToSource(current).row()))

    def _set_detail(self, row) -> None:
        if row is None or self.data is None:
            self.detail_title.setText(NO_BODY)
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
        self.open_requested.emit(str(target.parent if folder else target))

    def select_code(self, code: str) -> bool:
        """Select the row of a body (used by tests and the search box)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 1)
            if self.proxy.data(index) == code:
                self.grid.setCurrentIndex(index)
                return True
        return False


def ask_list_path(parent: QWidget, default_name: str, last_folder: str) -> Path | None:
    if last_folder:
        try:
            Path(last_folder).mkdir(parents=True, exist_ok=True)  # the output folder beside the input
        except OSError:
            last_folder = ""
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
