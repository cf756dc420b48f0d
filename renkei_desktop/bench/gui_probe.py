"""GUI timing probe (run in its own process): drop-to-grid time and the longest event-loop stall."""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from pathlib import Path


def main(folder: str, targets: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from renkei_desktop.gui.app import install_font
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.settings import Settings

    app = QApplication([sys.argv[0]])
    install_font(app)
    settings_dir = Path(os.environ.get("RENKEI_DATA_DIR", "."))
    window = MainWindow(Settings(settings_dir / "bench-settings.ini"))
    if targets:
        window.targets = __import__("renkei_desktop.targets", fromlist=["resolve_targets"]).resolve_targets(
            targets
        )
    window.follow_action.setChecked(False)
    window.show()
    app.processEvents()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    result: dict[str, float] = {}
    start = time.perf_counter()

    def check() -> None:
        if window.data is not None and window.worker is None and window.status_tab.model.rowCount() > 0:
            result["drop_to_grid_s"] = time.perf_counter() - start
            app.quit()

    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(check)
    poll.start()
    window.load([Path(folder)])
    app.exec()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    result["longest_stall_ms"] = 1000 * max(gaps) if gaps else 0.0
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
