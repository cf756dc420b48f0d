"""What a test may leave behind: nothing running (used by the autouse fixture in conftest.py)."""

from __future__ import annotations

import sys
import threading

LEFTOVER_WAIT_S = 10.0


def running_threads() -> set[threading.Thread]:
    return set(threading.enumerate())


def leftover_work(before: set[threading.Thread], wait_s: float = LEFTOVER_WAIT_S) -> list[str]:
    """Work still running after a test: QThreadPool jobs (loading, exporting, rendering) and Python
    threads started since ``before``. Work that is finishing gets ``wait_s`` seconds first."""
    problems: list[str] = []
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        pool = QThreadPool.globalInstance()
        if not pool.waitForDone(int(wait_s * 1000)):
            problems.append(f"{pool.activeThreadCount()} QThreadPool job(s) still running")
    for thread in running_threads() - before:
        if isinstance(thread, threading._DummyThread):
            continue  # a Qt pool thread that ran Python code: the pool check above covers it
        thread.join(wait_s)
        if thread.is_alive():
            problems.append(f"thread {thread.name!r} still running")
    return problems
