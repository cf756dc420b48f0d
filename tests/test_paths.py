"""Where the resources are found: the installed package data, or the source tree when not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from renkei_desktop import paths

ROOT = Path(__file__).resolve().parents[1]


def test_resources_are_the_package_data_of_renkei_desktop_resources():
    import renkei_desktop.resources

    assert paths.resources_dir() == Path(renkei_desktop.resources.__file__).parent == ROOT / "resources"
    assert paths.resource_path("fonts", "ipaexg.ttf").stat().st_size == 6_099_900


def test_a_source_checkout_that_is_not_installed_finds_them_too():
    # -S: no site-packages, so no editable-install finder; only the source folder is on sys.path
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from renkei_desktop import paths; print(paths.resources_dir())"
    out = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    assert Path(out.stdout.strip()) == ROOT / "resources"


def test_frozen_exe_uses_its_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
