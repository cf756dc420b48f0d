"""A table view whose selection copies as tab-separated text (pastes into Excel) and saves to Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QMimeData, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMenu, QPushButton, QTableView, QWidget

from renkei_desktop.gui.dialogs import confirm_overwrite, show_error
from renkei_desktop.gui.feedback import default_save_path, notify, notify_saved
from renkei_desktop.gui.models.frame_model import SORT_ROLE, FrameModel

RESIZE_PRECISION_ROWS = 60  # column widths from the first rows only: large tables stay instant


class FrameTableView(QTableView):
    """Shows a :class:`FrameModel` (sortable); Ctrl+C copies the selected rows (or all) as TSV."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame_model = FrameModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.frame_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the table's own order until a click
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # arrows move inside the table, Tab and Shift+Tab leave it
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        copy = QAction("コピー（Excel・Word に貼り付け可）(&C)", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)
        self._copy_action = copy
        self.excel_name = "表.xlsx"

    def set_frame(self, frame: pd.DataFrame, **kwargs) -> None:
        self.frame_model.set_frame(frame, **kwargs)
        self.resizeColumnsToContents()
        for col in range(self.frame_model.columnCount()):
            if self.columnWidth(col) > 420:
                self.setColumnWidth(col, 420)

    def selected_source_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.selectionModel().selectedRows()}
        return sorted(rows)

    def selection_tsv(self) -> str:
        rows = self.selected_source_rows()
        return self.frame_model.to_tsv(rows or None)

    def copy_selection(self) -> None:
        """Copy as tab-separated text (Excel) and as an HTML table (Word, PowerPoint, Writer)."""
        rows = self.selected_source_rows()
        mime = QMimeData()
        mime.setText(self.frame_model.to_tsv(rows or None))
        mime.setHtml(self.frame_model.to_html(rows or None))
        QGuiApplication.clipboard().setMimeData(mime)
        count = len(rows) if rows else self.frame_model.rowCount()
        notify(f"表をコピーしました（{count} 行）。Excel・Word に貼り付けられます")

    def save_excel(self) -> Path | None:
        from renkei_desktop.export.frames import write_frame_xlsx

        path, _ = QFileDialog.getSaveFileName(
            self, "Excel に保存", default_save_path(self.excel_name), "Excel ブック (*.xlsx)"
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        if not confirm_overwrite(self, target):
            return None
        try:
            saved = write_frame_xlsx(target, self.frame_model.frame, index=self.frame_model._show_index)
        except OSError as exc:
            show_error(self, "保存できませんでした", str(exc))
            return None
        notify_saved(saved)
        return saved

    def _menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self._copy_action)
        menu.addAction("Excel に保存(&S)…", self.save_excel)
        menu.exec(self.viewport().mapToGlobal(pos))


def save_button(table: FrameTableView, text: str = "Excel に保存(&S)…") -> QPushButton:
    """A visible 「Excel に保存…」 for a table (the same as its right-click menu)."""
    button = QPushButton(text)
    button.setAccessibleDescription("この表を Excel ブックに保存")
    button.clicked.connect(table.save_excel)
    return button
