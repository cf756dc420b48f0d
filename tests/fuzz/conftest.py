"""The fuzz suite imports the hostile suite's builders and isolation harness; its figures are
printed at the end of the run and, with ``RENKEI_FUZZ_JSON=path``, written as JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "hostile"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from fuzz_report import FIGURES  # noqa: E402


def pytest_terminal_summary(terminalreporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("fuzzing of read_workbook")
    for key, value in FIGURES.items():
        terminalreporter.write_line(f"{key:22s} {value}")
    target = os.environ.get("RENKEI_FUZZ_JSON")
    if target:
        Path(target).write_text(json.dumps(FIGURES, ensure_ascii=False, indent=1), encoding="utf-8")
