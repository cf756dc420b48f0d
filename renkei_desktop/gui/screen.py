"""The window and the screen: fit into the available area at 100, 150 and 200 % scaling."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def fit_to_screen(window: QWidget, title_bar: int = 40) -> None:
    """Keep the window inside the screen's available area (taskbar excluded) at any scaling."""
    screen: QScreen | None = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:  # no screen known yet (seen with Qt's windows platform under Wine): keep the size
        return
    area = screen.availableGeometry()
    width = min(window.width(), area.width())
    height = min(window.height(), area.height() - title_bar)
    window.resize(max(width, 1), max(height, 1))
    x = min(max(window.x(), area.left()), area.right() - width + 1)
    y = min(max(window.y(), area.top()), area.bottom() - height - title_bar + 1)
    window.move(x, max(y, area.top()))
