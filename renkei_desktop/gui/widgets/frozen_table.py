"""A table whose first columns stay in place while the rest scroll (Qt's frozen-column example).

A second view, sharing the model and the selection, is laid over the left edge and shows only the
frozen columns; the vertical scroll bars are kept in step. The overlay never takes focus, so the
keyboard works on the main view as in any table.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget


class FrozenColumnsView(QTableView):
    def __init__(self, frozen: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = frozen
        self.frozen_view = QTableView(self)
        view = self.frozen_view
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setStyleSheet("QTableView { border-right: 2px solid #8a8a8a; }")
        view.setAccessibleName("固定列（都県・団体コード・団体名）")
        self.viewport().stackUnder(view)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setVerticalScrollMode(self.verticalScrollMode())
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(lambda i, _o, n: view.setRowHeight(i, n))
        view.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        self.frozen_view.setModel(model)
        self.frozen_view.setSelectionModel(self.selectionModel())
        self.frozen_view.setSelectionBehavior(self.selectionBehavior())
        model.modelReset.connect(self._hide_columns)
        model.layoutChanged.connect(self._hide_columns)
        model.columnsInserted.connect(self._hide_columns)
        self._hide_columns()

    def _hide_columns(self, *_args) -> None:
        model = self.model()
        view = self.frozen_view
        view.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        for col in range(model.columnCount()):
            view.setColumnHidden(col, col >= self.frozen)
            if col < self.frozen:
                view.setColumnWidth(col, self.columnWidth(col))
        self._place()

    def _section_resized(self, index: int, _old: int, new: int) -> None:
        if index < self.frozen:
            self.frozen_view.setColumnWidth(index, new)
            self._place()

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.frozen) if not self.isColumnHidden(c))

    def _place(self) -> None:
        frame = self.frameWidth()
        self.frozen_view.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.frozen_width(),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def setVerticalHeaderSize(self, size: int) -> None:
        self.verticalHeader().setDefaultSectionSize(size)
        self.frozen_view.verticalHeader().setDefaultSectionSize(size)

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Frozen cells are always visible: scroll only vertically for them."""
        if index.isValid() and index.column() < self.frozen:
            bar = self.horizontalScrollBar()
            keep = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(keep)
            return
        super().scrollTo(index, hint)
        if index.isValid():  # keep the cell from hiding under the frozen columns
            rect = self.visualRect(index)
            if rect.left() < self.frozen_width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - (self.frozen_width() - rect.left()))
