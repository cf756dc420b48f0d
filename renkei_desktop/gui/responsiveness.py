"""Keep the GUI thread from waiting on the interpreter while workers load or export.

Two things stalled the window, both found with a stall sampler (a watchdog thread reading the GUI
thread's stack) and ``gc.callbacks``:

* **The cycle collector.** A full collection walks every tracked object and holds the interpreter lock
  while it does: with Qt, matplotlib and pandas loaded that took 115–145 ms in the load worker during a
  1,788-file load. Once the window is built, the start-up garbage is collected and everything still
  alive (modules, the window) is moved to the permanent generation with :func:`gc.freeze`; those
  objects live for the whole session anyway. Later collections walk only what is newer (a dataset of
  1,788 returns is about 13,000 tracked objects). Nothing is frozen after start-up, so garbage made
  later (a replaced chart, a replaced dataset) is still collected: freezing each loaded dataset too
  was tried, and kept the charts' garbage alive (RSS 181 → 364 MB over 15 reloads).
* **Lock hand-over.** A busy worker thread hands the interpreter lock over every 5 ms by default, and
  the GUI thread needs it again after every call into Qt, so one repaint could queue behind the
  worker several times (stalls up to 48 ms while exporting). A 1 ms turn keeps them under 31 ms;
  the export takes no measurably longer.
"""

from __future__ import annotations

import gc
import sys

GIL_SWITCH_SECONDS = 0.001


def tune_after_startup() -> None:
    """Once the window is built: collect the start-up garbage, freeze what is left, and shorten the
    interpreter lock's turns."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
