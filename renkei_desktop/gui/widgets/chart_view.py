"""A matplotlib figure in the window, with export: PNG (dpi), SVG, PDF and copy to clipboard."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from renkei_desktop.gui import charting
from renkei_desktop.gui.dialogs import confirm_overwrite, show_error
from renkei_desktop.gui.feedback import default_save_path, notify, notify_saved
from renkei_desktop.gui.settings import DPI_CHOICES
from renkei_desktop.gui.widgets.figure_image import FigureImage

FILTERS = {"png": "PNG 画像 (*.png)", "svg": "SVG 画像 (*.svg)", "pdf": "PDF (*.pdf)"}


class ChartView(QWidget):
    def __init__(self, parent: QWidget | None = None, dpi: int = 300) -> None:
        super().__init__(parent)
        self.figure: Figure | None = None
        self.file_stem = "図"
        self.canvas: FigureImage | None = None
        self.placeholder = QLabel("表示する図がありません")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("図")
        self.dpi_box = QComboBox()
        for value in DPI_CHOICES:
            self.dpi_box.addItem(f"{value} dpi", value)
        self.dpi_box.setCurrentIndex(DPI_CHOICES.index(dpi) if dpi in DPI_CHOICES else 1)
        self.buttons = {
            "png": QPushButton("PNG 保存(&P)…"),
            "svg": QPushButton("SVG 保存(&V)…"),
            "pdf": QPushButton("PDF 保存(&E)…"),
            "copy": QPushButton("図をコピー(&G)"),
        }
        self.dpi_box.setAccessibleName("保存する図の解像度")
        for fmt in FILTERS:
            self.buttons[fmt].clicked.connect(lambda _=False, f=fmt: self.save_dialog(f))
        self.buttons["copy"].clicked.connect(self.copy_to_clipboard)
        bar = QHBoxLayout()
        dpi_label = QLabel("解像度(&I)")
        dpi_label.setBuddy(self.dpi_box)
        bar.addWidget(dpi_label)
        bar.addWidget(self.dpi_box)
        for button in self.buttons.values():
            bar.addWidget(button)
        bar.addStretch(1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.placeholder, 1)
        self._layout.addLayout(bar)
        self._set_enabled(False)

    @property
    def dpi(self) -> int:
        return int(self.dpi_box.currentData())

    def _set_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def set_figure(
        self, figure: Figure | None, file_stem: str = "図", message: str = "表示する図がありません"
    ) -> None:
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
            self.canvas = None
        self.figure = figure
        self.file_stem = file_stem
        if figure is None:
            self.placeholder.setText(message)
            self.placeholder.show()
            self._set_enabled(False)
            return
        self.placeholder.hide()
        self.canvas = FigureImage(figure)
        self.canvas.setAccessibleName(f"図: {figure_title(figure) or file_stem}")
        self.canvas.setAccessibleDescription("図の内容は左の表と同じです")
        self._layout.insertWidget(0, self.canvas, 1)
        self._set_enabled(True)

    def save(self, path: Path, fmt: str) -> Path:
        assert self.figure is not None
        return charting.save_figure(self.figure, path, fmt, dpi=self.dpi)

    def save_dialog(self, fmt: str) -> Path | None:
        if self.figure is None:
            return None
        name, _ = QFileDialog.getSaveFileName(
            self, "図の保存", default_save_path(f"{self.file_stem}.{fmt}"), FILTERS[fmt]
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_suffix(f".{fmt}")
        if not confirm_overwrite(self, path):
            return None
        try:
            saved = self.save(path, fmt)
        except OSError as exc:
            show_error(self, "保存できませんでした", str(exc))
            return None
        notify_saved(saved)
        return saved

    def png_bytes(self, dpi: int | None = None) -> bytes:
        assert self.figure is not None
        buffer = io.BytesIO()
        charting.render_png(self.figure, buffer, dpi=dpi or min(self.dpi, 300))
        return buffer.getvalue()

    def copy_to_clipboard(self) -> None:
        if self.figure is None:
            return
        image = QImage.fromData(self.png_bytes())
        QGuiApplication.clipboard().setImage(image)
        notify(
            f"図をコピーしました（{image.width()}×{image.height()} ピクセル）。Word などに貼り付けられます"
        )


def figure_title(figure: Figure) -> str:
    """What a screen reader should say for a chart: its title (a figure text, the suptitle or the first
    axes' title)."""
    for text in [*figure.texts]:
        if text.get_text():
            return text.get_text().replace("\n", "")
    if figure.get_suptitle():
        return figure.get_suptitle().replace("\n", "")
    for axes in figure.axes:
        if axes.get_title():
            return axes.get_title().replace("\n", "")
    return ""
