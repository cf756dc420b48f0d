"""Run by test_scaling.py in a fresh process (QT_SCALE_FACTOR must be set before Qt starts), under
Xvfb at 1920×1080: open the sample, show every tab, save a screenshot of each and report, as JSON,
the window, the screen and every visible widget that lies outside the window."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def settle(msec: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msec, loop.quit)
    loop.exec()


def outside(window: QWidget) -> list[str]:
    """Visible widgets whose rectangle is not inside the window's (scroll-area contents excepted)."""
    bounds = QRect(0, 0, window.width(), window.height())
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or widget.width() <= 1 or widget.height() <= 1:
            continue
        parent = widget.parentWidget()
        if parent is not None and parent.objectName() in ("qt_scrollarea_viewport",):
            continue  # contents of a scroll area may be larger than the area: it scrolls
        top_left = widget.mapTo(window, widget.rect().topLeft())
        rect = QRect(top_left, widget.size())
        if not bounds.contains(rect):
            name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
            found.append(f"{type(widget).__name__} {name!r} {rect.getRect()}")
    return found


def main(out: Path) -> dict:
    from renkei_desktop.gui.app import make_app
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.settings import Settings
    from renkei_desktop.loader import load_dataset
    from renkei_desktop.sample import ensure_sample

    app = make_app()
    window = MainWindow(Settings(out / "settings.ini"))
    window.show()
    settle()
    sample = ensure_sample()
    window.inputs = [sample]
    window.set_dataset(load_dataset([sample], window.targets))
    window.showMaximized()
    settle(600)
    screen = window.screen().availableGeometry()
    report = {
        "scale": window.devicePixelRatioF(),
        "screen": screen.getRect(),
        "frame": window.frameGeometry().getRect(),
        "minimum_width": window.minimumSizeHint().width(),
        "tabs": {},
    }
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(400)
        name = window.tabs.tabText(index)
        window.grab().save(str(out / f"{index + 1:02d}_{name}.png"))
        report["tabs"][name] = outside(window)
    window.close()
    app.processEvents()
    return report


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    print(json.dumps(main(folder), ensure_ascii=False))
    QApplication.instance().quit()
