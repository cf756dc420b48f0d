"""``renkei-desktop --selftest OUT`` from the source tree (the built exes run the same code in CI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from renkei_desktop.__main__ import main
from renkei_desktop.gui import selftest
from renkei_desktop.paths import resources_dir

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def run_selftest(out: Path, prelude: str = "") -> tuple[int, dict]:
    code = f"import sys\n{prelude}\nfrom renkei_desktop.__main__ import main\nsys.exit(main(['--selftest', {str(out)!r}]))\n"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the selftest must set it itself
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    report_path = out / selftest.REPORT_NAME
    assert report_path.is_file(), proc.stdout + proc.stderr
    return proc.returncode, json.loads(report_path.read_text(encoding="utf-8"))


def test_selftest_passes_on_the_source_tree(tmp_path: Path) -> None:
    rc, report = run_selftest(tmp_path / "out")
    assert report["errors"] == []
    assert rc == 0 and report["ok"] is True
    assert report["qt"]["platform"] == "offscreen"
    assert {k: report["counts"][k] for k in selftest.EXPECTED_COUNTS} == selftest.EXPECTED_COUNTS
    assert report["fonts"]["qt"] == "IPAexGothic"
    assert report["fonts"]["matplotlib"] == ["IPAexGothic"]
    for name in ("window.png", "figure19.png", "export/simple_tabulation.csv", "export/tabulation.xlsx"):
        assert (tmp_path / "out" / name).stat().st_size > 1000, name
    assert 0 < report["timings_s"]["launch_to_window"] <= report["timings_s"]["launch_to_end"]
    assert set(report["steps"].values()) == {"ok"}
    assert report["splash"] == "none"  # from source there is no start-up splash to close


def test_selftest_fails_loudly_without_the_bundled_font(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken)
    (broken / "fonts" / "ipaexg.ttf").unlink()
    prelude = (
        "from pathlib import Path\nimport renkei_desktop.paths as p\n"
        f"p.resources_dir = lambda: Path({str(broken)!r})\n"
    )
    rc, report = run_selftest(tmp_path / "out", prelude)
    assert rc == 1 and report["ok"] is False
    assert any("fonts/ipaexg.ttf" in e for e in report["errors"]), report["errors"]


def test_selftest_fails_loudly_when_a_chart_module_is_missing(tmp_path: Path) -> None:
    prelude = "sys.modules['renkei_desktop.export.figures_export'] = None  # as if left out of the build\n"
    rc, report = run_selftest(tmp_path / "out", prelude)
    assert rc == 1
    assert any("renkei_desktop.export.figures_export" in e for e in report["errors"]), report["errors"]


def test_selftest_needs_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--selftest"]) == 2
    assert "usage" in capsys.readouterr().err


def test_launch_time_is_this_process_from_source() -> None:
    started, what = selftest.launch_time()
    assert what == "process"
    assert started is not None and 0 <= time.time() - started < 600
