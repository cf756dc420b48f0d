"""The architecture's import contracts (pyproject.toml, [tool.importlinter]) hold, and each one really
fails when the code breaks it: a copy of the package gets one forbidden import at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(project: Path, package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT), str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contracts_hold_for_the_package():
    result = _lint(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("arch")
    shutil.copytree(
        ROOT / "renkei_desktop", tmp / "renkei_desktop", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp / "pyproject.toml")
    return tmp


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("tabulate.py", "import PySide6.QtCore", "Qt is used only inside renkei_desktop.gui"),
        ("loader.py", "import renkei_desktop.sample", "The sample generator and the benchmark are tools"),
        ("workbooks/batch.py", "import renkei_desktop.validation", "The layers follow the data flow"),
        ("charts/base.py", "import renkei_desktop.export.atomic", "The layers follow the data flow"),
    ],
)
def test_a_deliberate_violation_breaks_its_contract(package_copy, module, line, contract):
    target = package_copy / "renkei_desktop" / module
    original = target.read_text(encoding="utf-8")
    target.write_text(original + f"\n{line}  # deliberate violation\n", encoding="utf-8")
    try:
        result = _lint(package_copy, package_copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [ln for ln in result.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(ln.startswith(contract) for ln in broken), result.stdout
    assert module.replace("/", ".").removesuffix(".py") in result.stdout
