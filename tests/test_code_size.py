"""Small modules and short functions, kept by a test: no module of the package over 400 lines, no
function over 60 (declarative tables go in module-level constants, which do not count)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "renkei_desktop"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_400_lines():
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in _sources()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long: dict[str, int] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} {node.name}"] = length
    assert long == {}


def test_the_check_sees_the_whole_package():
    assert len(_sources()) > 100
    assert (PACKAGE / "loader.py") in _sources() and (PACKAGE / "gui" / "main_window.py") in _sources()
