"""At 100, 150 and 200 % on a 1920×1080 screen the window fits the available area, no widget lies
outside it, and the minimum width stays at most 1280 logical pixels (issue 12, scaling)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
PROBE = Path(__file__).with_name("scaling_probe.py")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (xvfb-run)")
@pytest.mark.parametrize(("scale", "screen"), [("1", (1920, 1080)), ("1.5", (1280, 720)), ("2", (960, 540))])
def test_window_fits_the_screen(scale, screen, tmp_path):
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "xcb"}
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable, str(PROBE), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert tuple(report["screen"][2:]) == screen  # logical pixels of a 1920×1080 screen at this scale
    x, y, width, height = report["frame"]
    assert x >= 0 and y >= 0 and x + width <= screen[0] and y + height <= screen[1]
    assert report["minimum_width"] <= min(1280, screen[0])
    assert report["tabs"] == {name: [] for name in ("回収状況", "単純集計", "クロス集計", "図表", "自由記述")}
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(shots) == 5


def test_fit_to_screen_keeps_the_size_while_no_screen_is_known(qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    from renkei_desktop.gui.screen import fit_to_screen

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    monkeypatch.setattr(QWidget, "screen", lambda self: None)
    monkeypatch.setattr(QGuiApplication, "primaryScreen", staticmethod(lambda: None))
    fit_to_screen(widget)  # the exe under Wine crashed here ('NoneType' has no 'availableGeometry')
    assert (widget.width(), widget.height()) == (1400, 900)
