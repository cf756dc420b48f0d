"""A figure on screen exactly as it is saved and printed: drawn at the size it was laid out for, then scaled
to fit the widget. (A live matplotlib canvas resizes the figure to the widget, which moves the title onto
the legend at 150 % and 200 % scaling; an image keeps the layout whatever the window's size.)"""

from __future__ import annotations

import io

from matplotlib.figure import Figure
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from renkei_desktop.gui import charting

SCREEN_DPI = 160  # per device pixel ratio: sharp at the chart panel's usual sizes, fast to draw


class FigureImage(QLabel):
    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(160, 120)
        self.setStyleSheet("background: white;")
        screen = QGuiApplication.primaryScreen()
        self._ratio = screen.devicePixelRatio() if screen is not None else 1.0
        buffer = io.BytesIO()
        charting.render_png(figure, buffer, dpi=round(SCREEN_DPI * self._ratio))
        self._image = QPixmap.fromImage(QImage.fromData(buffer.getvalue()))
        self._rescale()

    @property
    def image_size(self) -> tuple[int, int]:
        """The drawn figure in device pixels (before scaling to the widget)."""
        return self._image.width(), self._image.height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._image.isNull() or self.width() <= 1 or self.height() <= 1:
            return
        scaled = self._image.scaled(
            self.size() * self._ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(self._ratio)
        self.setPixmap(scaled)
