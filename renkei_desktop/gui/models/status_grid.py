"""The response-status grid: one row per target body, one column per item, coloured by status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from renkei_desktop import dataset as ds
from renkei_desktop.codebook import Question
from renkei_desktop.dataset import Dataset
from renkei_desktop.gui.status_views import GridContent, GridRow, grid_content, row_status_label
from renkei_desktop.normalize import display_raw
from renkei_desktop.status_display import (
    ROW_STATUS_COLOURS,
    STATUS_COLOURS,
    STATUS_MARKS,
    text_colour_for,
)
from renkei_desktop.validation import STATUS_LABELS, ItemStatus
from renkei_desktop.workbooks.layout import shift_address

STATUS_ROLE = Qt.ItemDataRole.UserRole + 10
ROW_STATUS_ROLE = Qt.ItemDataRole.UserRole + 11
HAS_QUERY_ROLE = Qt.ItemDataRole.UserRole + 12
PREFECTURE_ROLE = Qt.ItemDataRole.UserRole + 13
FIXED_COLUMNS = ("都県", "団体コード", "団体名", "提出状況")
COL_PREFECTURE, COL_CODE, COL_NAME, COL_STATUS = range(4)
Index = QModelIndex | QPersistentModelIndex


_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    """One QBrush per colour (painting asks for thousands of cells)."""
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = QBrush(QColor(colour))
    return brush


_ANSWERED_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        STATUS_ROLE,
        ROW_STATUS_ROLE,
        HAS_QUERY_ROLE,
        PREFECTURE_ROLE,
    )
)


class StatusGridModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[GridRow] = []
        self._questions: list[Question] = []
        self._statuses: list[list[ItemStatus | None]] = []  # [row][item], precomputed for painting

    def set_dataset(self, data: Dataset | None, survey: str) -> None:
        self.set_content(grid_content(data, survey))

    def set_content(self, content: GridContent) -> None:
        """Show prepared rows (see :func:`renkei_desktop.gui.status_views.grid_content`)."""
        self.beginResetModel()
        self._rows, self._questions, self._statuses = content.rows, content.questions, content.statuses
        self.endResetModel()

    def rows(self) -> list[GridRow]:
        return self._rows

    def grid_row(self, row: int) -> GridRow:
        return self._rows[row]

    def question(self, column: int) -> Question | None:
        k = column - len(FIXED_COLUMNS)
        return self._questions[k] if 0 <= k < len(self._questions) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self._questions)

    def _item_status(self, row: GridRow, question: Question) -> ItemStatus | None:
        return row.respondent.statuses.get(question.id) if row.respondent else None

    def _tooltip(self, row: GridRow, question: Question) -> str:
        status = self._item_status(row, question)
        lines = [f"{question.number} {question.short_text[:60]}"]
        if status is None:
            return "\n".join([*lines, "未提出"])
        lines.append(f"状況: {STATUS_LABELS[status]}")
        resp = row.respondent
        assert resp is not None
        for address in question.answer_cells():
            if address in resp.raw:
                actual = shift_address(address, resp.offset) if resp.offset != (0, 0) else address
                value = (
                    "（個人情報のため非表示）"
                    if question.personal_data
                    else display_raw(resp.raw[address])[:80]
                )
                lines.append(f"{actual}: {value}")
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:  # painting asks for seven roles a cell; answer the rest at once
            return None
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        col = index.column() - len(FIXED_COLUMNS)
        if col >= 0:  # the item cells: the hot path of painting
            statuses = self._statuses[index.row()]
            if col >= len(statuses):
                return None
            status = statuses[col]
            if role == Qt.ItemDataRole.DisplayRole:
                return None if status is None else STATUS_MARKS[status]
            if role == Qt.ItemDataRole.BackgroundRole:
                return None if status is None else _brush(STATUS_COLOURS[status])
            if role == Qt.ItemDataRole.ForegroundRole:
                return None if status is None else _brush(text_colour_for(status))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == STATUS_ROLE:
                return None if status is None else str(status)
            if role == Qt.ItemDataRole.ToolTipRole and status is not None:
                return self._tooltip(self._rows[index.row()], self._questions[col])
            if role == Qt.ItemDataRole.AccessibleTextRole:  # what a screen reader says for the mark
                label = "未提出" if status is None else STATUS_LABELS[status]
                return f"{header_label(self._questions[col]).replace(chr(10), ' ')}: {label}"
            return self._row_role(self._rows[index.row()], role)
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            r = row.status_row
            return (r.prefecture, r.code, r.name, row_status_label(row.row_status))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _brush(ROW_STATUS_COLOURS.get(row.row_status, "#ffffff"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_STATUS:
            return row.status_row.file or "ファイルなし"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            r = row.status_row
            value = (r.prefecture, r.code, r.name, row_status_label(row.row_status))[index.column()]
            return f"{FIXED_COLUMNS[index.column()]}: {value}"
        return self._row_role(row, role)

    @staticmethod
    def _row_role(row: GridRow, role: int) -> Any:
        if role == ROW_STATUS_ROLE:
            return row.row_status
        if role == HAS_QUERY_ROLE:
            return row.has_query
        if role == PREFECTURE_ROLE:
            return row.status_row.prefecture
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return (
                str(section + 1)
                if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows)
                else None
            )
        if section < len(FIXED_COLUMNS):
            return FIXED_COLUMNS[section] if role == Qt.ItemDataRole.DisplayRole and section >= 0 else None
        question = self.question(section)
        if question is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header_label(question)
        if role == Qt.ItemDataRole.ToolTipRole:
            scope = f"\n【{question.scope_header}】" if question.scope_header else ""
            return f"{question.number}{scope}\n{question.short_text}"
        return None


def header_label(question: Question) -> str:
    """Compact two-line column header: ``6-(2)`` / ``医`` (the codebook's short label)."""
    return question.short_label


class StatusFilterProxy(QSortFilterProxyModel):
    """Filters: 未提出のみ, 要確認のみ, 都県, and free text over 都県・コード・団体名."""

    def __init__(self) -> None:
        super().__init__()
        self.only_missing = False
        self.only_queries = False
        self.prefecture = ""
        self.text = ""

    def set_filters(
        self,
        *,
        only_missing: bool | None = None,
        only_queries: bool | None = None,
        prefecture: str | None = None,
        text: str | None = None,
    ) -> None:
        before = self._filters()
        if only_missing is not None:
            self.only_missing = only_missing
        if only_queries is not None:
            self.only_queries = only_queries
        if prefecture is not None:
            self.prefecture = prefecture
        if text is not None:
            self.text = text.strip()
        if self._filters() != before:  # a model reset has already filtered with the current settings
            self.invalidateFilter()

    def _filters(self) -> tuple[bool, bool, str, str]:
        return (self.only_missing, self.only_queries, self.prefecture, self.text)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not (self.only_missing or self.only_queries or self.prefecture or self.text):
            return True  # called once per row on every reset: keep the common case free
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        status = model.data(index, ROW_STATUS_ROLE)
        if self.only_missing and status not in (ds.MISSING, ds.UNREADABLE):
            return False
        if self.only_queries and not model.data(index, HAS_QUERY_ROLE):
            return False
        if self.prefecture and model.data(index, PREFECTURE_ROLE) != self.prefecture:
            return False
        if self.text:
            haystack = " ".join(str(model.data(model.index(source_row, c, source_parent))) for c in range(3))
            if self.text not in haystack:
                return False
        return True
