"""Driving the main window in GUI tests (importable from any test folder; conftest modules are not)."""

from __future__ import annotations


def load_and_wait(qtbot, win, paths):
    win.load(paths)
    qtbot.waitUntil(lambda: win.worker is None and win.data is not None, timeout=30_000)
    return win.data
