"""``python -m renkei_desktop.bench --report``: wall time of ``renkei-desktop export --sample --report``.

A whole CLI process (start-up, reading the 258 sample files, tables, figures PNG + SVG at 300 dpi, report.docx
and figures.pptx), median of ``runs`` after one warm-up run (which also generates the sample on a fresh
profile). Target: ≤ 15 s on a 2-core machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path


def export_report_s(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "renkei_desktop",
            "export",
            "--sample",
            "--out",
            str(out),
            "--report",
            "--force",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def measure_report(work: Path, runs: int) -> dict[str, float]:
    export_report_s(work / "warm-up")
    times = [export_report_s(work / f"run-{i}") for i in range(runs)]
    return {"export_sample_report_s": statistics.median(times), "max_s": max(times), "min_s": min(times)}
