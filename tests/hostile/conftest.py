"""Fixtures of the hostile-input suite: isolated reads, and the figures they produce.

Every hostile case is read in a forked child (see ``hostile_harness``) and its time and peak memory
are recorded; the table is printed at the end of the run and, with ``RENKEI_RELIABILITY_JSON=path``,
written as JSON (the source of the figures in docs/RELIABILITY.md).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_harness import Outcome, run_isolated

from renkei_desktop.codebook import load_codebooks
from renkei_desktop.workbooks.reader import FileRead, read_workbook
from renkei_desktop.workbooks.safety import DEFAULT_LIMITS

FIGURES: list[dict[str, object]] = []
# A case must end well inside the per-file budget; the bound is generous for slow CI machines.
CASE_SECONDS = DEFAULT_LIMITS.time_budget
CASE_MEMORY_MB = 600.0

_CODEBOOKS = load_codebooks()


def _read(path: str) -> FileRead:
    return read_workbook(Path(path), codebooks=_CODEBOOKS)


def record(case: str, outcome: Outcome, status: str | None, message: str | None, size: int | None) -> None:
    FIGURES.append(
        {
            "case": case,
            "status": status,
            "message": message,
            "file_bytes": size,
            "seconds": round(outcome.seconds, 4),
            "peak_rss_mb": None if outcome.peak_mb is None else round(outcome.peak_mb, 1),
            "added_rss_mb": None if outcome.added_mb is None else round(outcome.added_mb, 1),
        }
    )


@pytest.fixture
def read_hostile():
    """Read a file in an isolated child; assert it ends with a status in time and memory; record it."""

    def run(
        path: Path, case: str, *, expect: str | None = "unreadable", contains: str | None = None
    ) -> FileRead:
        outcome = run_isolated(_read, str(path), timeout=CASE_SECONDS * 3)
        assert not outcome.crashed, (
            f"{case}: child crashed or hung (exit {outcome.exitcode}, {outcome.error})"
        )
        assert outcome.error is None, f"{case}: exception escaped the per-file boundary: {outcome.error}"
        read: FileRead = outcome.value
        record(case, outcome, read.status, read.message, path.stat().st_size if path.exists() else None)
        assert read.status in ("ok", "unreadable", "wrong_form")
        if expect is not None:
            assert read.status == expect, (case, read.status, read.message)
        if read.status != "ok":
            assert read.message, case
        if contains is not None:
            assert contains in (read.message or ""), (case, read.message)
        assert outcome.seconds < CASE_SECONDS, f"{case}: {outcome.seconds:.1f} s"
        if outcome.added_mb is not None:
            assert outcome.added_mb < CASE_MEMORY_MB, f"{case}: {outcome.added_mb:.0f} MB"
        return read

    return run


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not FIGURES:
        return
    tr = terminalreporter
    tr.section("hostile inputs: status, time and peak memory per case")
    tr.write_line(f"{'case':44s} {'status':11s} {'seconds':>8s} {'+RSS MB':>8s}  message")
    for row in FIGURES:
        added = "-" if row["added_rss_mb"] is None else f"{row['added_rss_mb']:.1f}"
        tr.write_line(
            f"{str(row['case'])[:44]:44s} {row['status']!s:11s} {row['seconds']:8.3f} {added:>8s}  "
            f"{str(row['message'] or '')[:70]}"
        )
    target = os.environ.get("RENKEI_RELIABILITY_JSON")
    if target:
        Path(target).write_text(json.dumps(FIGURES, ensure_ascii=False, indent=1), encoding="utf-8")
