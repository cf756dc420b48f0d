"""図表 tab: the report's figure set (図表3–34) as thumbnails, and the selected figure large."""

from __future__ import annotations

import io
import logging
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from renkei_desktop.dataset import Dataset
from renkei_desktop.gui import charting
from renkei_desktop.gui.jobs import RENDER, JobManager
from renkei_desktop.gui.widgets.chart_view import ChartView
from renkei_desktop.gui.workers import Worker

log = logging.getLogger(__name__)
SPEC_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB = QSize(220, 160)


def render_thumbnails(specs: list[Any], progress=None, cancel=None) -> dict[int, bytes]:
    """PNG thumbnails of the figure set (runs in a worker thread; matplotlib Agg, no pyplot)."""
    images: dict[int, bytes] = {}
    for i, spec in enumerate(specs):
        if cancel is not None and cancel.cancelled:
            break
        if progress:
            progress(i, len(specs), spec.title)
        if spec.build is None:
            continue
        try:
            figure = spec.build()
            buffer = io.BytesIO()
            charting.render_png(figure, buffer, dpi=40)
            images[i] = buffer.getvalue()
        except Exception:
            log.exception("thumbnail failed for 図表%s", spec.number)
    return images


class FiguresTab(QWidget):
    def __init__(self, parent: QWidget | None = None, dpi: int = 300, jobs: JobManager | None = None) -> None:
        super().__init__(parent)
        self.specs: list[Any] = []
        self.jobs = jobs or JobManager(self)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setAccessibleName("図表の一覧（図表番号と題）")
        self.list.setIconSize(THUMB)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setGridSize(QSize(THUMB.width() + 20, THUMB.height() + 48))
        self.list.currentItemChanged.connect(self._selected)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.chart = ChartView(dpi=dpi)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.chart)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def set_dataset(self, data: Dataset | None) -> None:
        from renkei_desktop.figures import report_set

        self.jobs.cancel(RENDER)
        self.list.clear()
        self.chart.set_figure(None)
        self.specs = list(report_set(data)) if data is not None else []
        skipped = []
        for spec in self.specs:
            item = QListWidgetItem(f"図表{spec.number} {spec.title}")
            item.setData(SPEC_ROLE, spec)
            item.setSizeHint(QSize(THUMB.width() + 16, THUMB.height() + 44))
            if spec.build is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(spec.skipped_reason or "")
                skipped.append(f"図表{spec.number}")
            self.list.addItem(item)
        self.note.setText(f"データがないため省略: {'、'.join(skipped)}" if skipped else "")
        if self.specs:
            self.jobs.start(RENDER, render_thumbnails, self.specs, on_result=self._thumbnails)

    @property
    def worker(self) -> Worker | None:
        """The running thumbnail job, if any."""
        return self.jobs.worker(RENDER)

    def _thumbnails(self, images: dict[int, bytes]) -> None:
        for i, png in images.items():
            if i < self.list.count():
                pixmap = QPixmap()
                pixmap.loadFromData(png)
                self.list.item(i).setIcon(QIcon(pixmap))

    def _selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        spec = item.data(SPEC_ROLE) if item else None
        if spec is None or spec.build is None:
            self.chart.set_figure(
                None, message=getattr(spec, "skipped_reason", "") or "表示する図がありません"
            )
            return
        try:
            figure = spec.build()
        except Exception:
            log.exception("figure %s failed", spec.number)
            figure = None
        self.chart.set_figure(figure, spec.file_stem)

    def select_number(self, number: int) -> bool:
        for i in range(self.list.count()):
            spec = self.list.item(i).data(SPEC_ROLE)
            if spec.number == number:
                self.list.setCurrentRow(i)
                return True
        return False
