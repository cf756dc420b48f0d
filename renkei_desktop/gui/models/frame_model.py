"""A read-only table model over a pandas DataFrame (sorting via a proxy on raw values)."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
_ANSWERED_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        SORT_ROLE,
    )
)


def _display(value: Any, percent: bool) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if percent and isinstance(value, int | float):
        return f"{value:.1f}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class FrameModel(QAbstractTableModel):
    """Shows a DataFrame; columns named in ``percent_columns`` are shown as ``12.3%``."""

    def __init__(self, frame: pd.DataFrame | None = None, percent_columns: set[str] | None = None) -> None:
        super().__init__()
        self._percent_columns = percent_columns or set()
        self._show_index = False
        self._short_headers: dict[str, str] = {}
        self._load(pd.DataFrame() if frame is None else frame)

    def _load(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._cells = frame.to_numpy(dtype=object)  # cell access without pandas' per-call cost
        self._percent = [str(c) in self._percent_columns for c in frame.columns]

    def set_frame(
        self,
        frame: pd.DataFrame,
        *,
        percent_columns: set[str] | None = None,
        show_index: bool = False,
        short_headers: dict[str, str] | None = None,
    ) -> None:
        """Show ``frame``; ``short_headers`` shows some column names shortened (the full name stays in
        the tooltip, the copy and the Excel file)."""
        self.beginResetModel()
        self._short_headers = short_headers or {}
        if percent_columns is not None:
            self._percent_columns = percent_columns
        self._show_index = show_index
        self._load(frame)
        self.endResetModel()

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.index)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:
            return None
        rows, columns = self._cells.shape
        row, col = index.row(), index.column()
        if not index.isValid() or not (0 <= row < rows) or not (0 <= col < columns):
            return None
        value = self._cells[row, col]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _display(value, self._percent[col])
        if role == SORT_ROLE:
            if value is None or (isinstance(value, float) and pd.isna(value)):
                return -1e18
            return value.item() if hasattr(value, "item") else value
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.columnCount():
            name = str(self._frame.columns[section])
            if role == Qt.ItemDataRole.DisplayRole:
                return self._short_headers.get(name, name)
            return name if role == Qt.ItemDataRole.ToolTipRole else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(self._frame.index[section]) if self._show_index else str(section + 1)
        return None

    def to_html(self, rows: list[int] | None = None) -> str:
        """The same table as HTML (the clipboard's second flavour: Word and PowerPoint paste a table)."""
        frame = self._frame if rows is None else self._frame.iloc[rows]
        head = ([""] if self._show_index else []) + [str(c) for c in frame.columns]
        lines = ['<table border="1" cellspacing="0" cellpadding="3">']
        lines.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>")
        for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
            cells = [
                _display(v, str(c) in self._percent_columns) for c, v in zip(frame.columns, row, strict=True)
            ]
            cells = ([str(label)] if self._show_index else []) + cells
            lines.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        lines.append("</table>")
        return "\n".join(lines)

    def to_tsv(self, rows: list[int] | None = None) -> str:
        """The table (or some rows) as tab-separated text with a header, as Excel pastes it."""
        frame = self._frame if rows is None else self._frame.iloc[rows]
        header = ([""] if self._show_index else []) + [str(c) for c in frame.columns]
        lines = ["\t".join(header)]
        for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
            cells = [
                _display(v, str(c) in self._percent_columns).replace("\t", " ").replace("\n", " ")
                for c, v in zip(frame.columns, row, strict=True)
            ]
            lines.append("\t".join(([str(label)] if self._show_index else []) + cells))
        return "\n".join(lines) + "\n"
