"""GUI timing probe (run in its own process, offscreen): drop-to-grid time and the longest event-loop
stalls while loading and while exporting.

The window runs with its defaults (following the folder included). A 5 ms timer ticks on the GUI
thread; the longest gap between two ticks is the longest time the window
could not react. Loading is measured from ``load()`` until the grid has rows, plus a settling time so
that the staged hand-over (side tables, first paints) counts too. Exporting is すべて出力 with the window's
defaults (tables; figures as PNG at 300 dpi and SVG) into a temporary folder, until its worker finishes.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SETTLE_MS = 600  # keep measuring after the grid appears: the hand-over continues for a few turns
TICK_MS = 5


def _longest_gap_ms(ticks: list[float]) -> float:
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return 1000 * max(gaps) if gaps else 0.0


def main(folder: str, targets: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from renkei_desktop.gui.app import install_font
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.responsiveness import tune_after_startup
    from renkei_desktop.gui.settings import Settings
    from renkei_desktop.targets import resolve_targets

    app = QApplication([sys.argv[0]])
    install_font(app)
    settings_dir = Path(os.environ.get("RENKEI_DATA_DIR", "."))
    window = MainWindow(Settings(settings_dir / "bench-settings.ini"))
    tune_after_startup()  # as app.main does once the window is built
    if targets:
        window.targets = resolve_targets(targets)
    window.show()
    app.processEvents()

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    result: dict[str, float] = {}
    phase: dict[str, Any] = {"name": "load", "start": time.perf_counter()}
    out = Path(tempfile.mkdtemp(prefix="renkei-probe-"))

    def start_export() -> None:
        result["longest_stall_ms"] = _longest_gap_ms(ticks)
        ticks.clear()
        phase.update(name="export", start=time.perf_counter())
        window.start_export(out)

    def check() -> None:
        if phase["name"] == "load":
            if window.data is not None and window.worker is None and window.status_tab.model.rowCount() > 0:
                result["drop_to_grid_s"] = time.perf_counter() - phase["start"]
                phase["name"] = "settle"
                QTimer.singleShot(SETTLE_MS, start_export)
        elif phase["name"] == "export" and not window.progress.isVisible():  # hidden when it finishes
            result["export_s"] = time.perf_counter() - phase["start"]
            result["export_longest_stall_ms"] = _longest_gap_ms(ticks)
            phase["name"] = "done"
            app.quit()

    poll = QTimer()
    poll.setInterval(TICK_MS)
    poll.timeout.connect(check)
    poll.start()
    window.load([Path(folder)])
    app.exec()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
