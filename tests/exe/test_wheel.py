"""The built wheel installs into a fresh venv and runs `renkei-desktop export --sample` from its package data.

Offline: the wheel is built with the venv's own setuptools (no build isolation, no index); the fresh venv gets
the project's already-installed dependencies through a .pth file naming this venv's site-packages (a plain path
entry: this venv's own .pth files, including the editable install's finder, are not run there), and
`pip install --no-index` then finds every requirement satisfied.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "renkei_desktop", "resources")
RESOURCE_FILES = (
    "renkei_desktop/resources/fonts/ipaexg.ttf",
    "renkei_desktop/resources/forms/municipal_form.xlsx",
    "renkei_desktop/resources/forms/prefectural_codebook.json",
    "renkei_desktop/resources/reference/municipalities.csv",
    "renkei_desktop/resources/icons/renkei-desktop.png",
    "renkei_desktop/resources/licenses/LGPL-3.0.txt",
    "renkei_desktop/resources/licenses/Qt-third-party.txt",
)

pytestmark = pytest.mark.slow


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the build leaves nothing in the work tree)."""
    src = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheels")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            out,
            src,
        ]
    )
    (built,) = out.glob("renkei_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv with the wheel installed (dependencies: this venv's site-packages as a plain path)."""
    folder = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", folder])
    python = folder / "bin" / "python"
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(site, "zz_project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([python, "-m", "pip", "install", "--no-index", "--no-build-isolation", wheel], cwd=folder)
    return folder


def test_wheel_carries_resources_and_licence(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [name for name in RESOURCE_FILES if name not in names]
    assert not missing, missing
    assert "renkei_desktop/resources/__init__.py" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not any(name.startswith(("resources/", "tests/")) for name in names)


def test_installed_wheel_uses_its_package_data(venv, tmp_path):
    code = (
        "import json, renkei_desktop, renkei_desktop.paths as p\n"
        "print(json.dumps({'module': renkei_desktop.__file__, 'resources': str(p.resources_dir()),"
        " 'font': p.resource_path('fonts', 'ipaexg.ttf').stat().st_size}))\n"
        "from renkei_desktop import licences\n"
        "notices = licences.third_party_notices()\n"
        "print(json.dumps([licences.project_licence()[:11], 'PySide6_Essentials 6.12.0' in notices,"
        " 'Appendix: Qt-third-party.txt' in notices]))\n"
    )
    first, licence = run([venv / "bin" / "python", "-c", code], cwd=tmp_path).stdout.splitlines()
    found = json.loads(first)
    assert json.loads(licence) == ["MIT License", True, True]
    site = (venv / "lib").resolve()
    assert Path(found["module"]).resolve().is_relative_to(site), found
    assert Path(found["resources"]).resolve() == Path(found["module"]).resolve().parent / "resources"
    assert found["font"] == (ROOT / "resources" / "fonts" / "ipaexg.ttf").stat().st_size


def test_installed_wheel_exports_the_sample(venv, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "RENKEI_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": ""}
    result = run(
        [venv / "bin" / "renkei-desktop", "export", "--sample", "--out", out, "--formats", "svg"],
        cwd=tmp_path,
        env=env,
    )
    assert "回収 248/450（55.1%）・都県 10/10" in result.stdout + result.stderr
    with open(out / "simple_tabulation.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {(r["survey"], r["question_id"], r["option_code"]): r for r in csv.DictReader(handle)}
    assert rows[("municipal", "Q6_1_med", "1")]["count"] == "226"
    assert rows[("municipal", "Q6_1_med", "1")]["percent"] == "91.1"
    with open(out / "response_status.csv", encoding="utf-8-sig", newline="") as handle:
        statuses = [r["status"] for r in csv.DictReader(handle)]
    assert statuses.count("returned") == 258 and len(statuses) == 460
    svgs = sorted((out / "figures").rglob("*.svg"))
    assert len(svgs) >= 10
    assert "IPAexGothic" in svgs[0].read_text(encoding="utf-8")
    assert (out / "tabulation.xlsx").read_bytes()[:2] == b"PK"
