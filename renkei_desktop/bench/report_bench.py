"""``python -m renkei_desktop.bench --report``: wall time of ``renkei-desktop export --sample --report``.

A whole CLI process (start-up, reading the 258 sample files, tables, figures PNG + SVG at 300 dpi, report.docx
and figures.pptx), median of ``runs`` after one warm-up run (which also generates the sample on a fresh
profile). Target: ≤ 15 s on a 2-core machine. The CPU time (user + system of the process tree) is printed too:
on a machine shared with other work the wall time mostly measures the others.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def export_report_s(out: Path, cpu: list[float] | None = None) -> float:
    """Wall time of one run; its CPU time (the CLI and its worker processes) is appended to ``cpu``."""
    before = _children_cpu()
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
    wall = time.perf_counter() - start
    if cpu is not None:
        cpu.append(_children_cpu() - before)
    return wall


def measure_report(work: Path, runs: int) -> dict[str, float]:
    export_report_s(work / "warm-up")
    cpu: list[float] = []
    times = [export_report_s(work / f"run-{i}", cpu) for i in range(runs)]
    return {
        "export_sample_report_s": statistics.median(times),
        "max_s": max(times),
        "min_s": min(times),
        "cpu_s": statistics.median(
            cpu
        ),  # user + system of the CLI and its workers: a busy machine's yardstick
        "load_average_1min": os.getloadavg()[0],
    }
