"""Mutation fuzzing of the per-file boundary over the sample workbooks.

Every mutated file must end with a status (ok / unreadable / wrong_form) and a Japanese message when
not ok, within the per-file time budget, without an exception escaping ``read_workbook`` and without
the process dying. The campaign runs in forked workers (so that a crash is a failure that names the
file, not a dead test run), for a bounded time:

    .venv/bin/python -m pytest tests/fuzz                               # CI: 60 s
    RENKEI_FUZZ_SECONDS=600 .venv/bin/python -m pytest tests/fuzz       # longer, on demand
    RENKEI_FUZZ_SEED=7 RENKEI_FUZZ_WORKERS=4 ...                        # another seed, more workers

A failing input is kept in ``RENKEI_FUZZ_ARTIFACTS`` (default: the test's tmp folder) with the
strategy and seed file that produced it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from forms import fill_form, write_xls_with_xlwt
from fuzz_mutator import mutate
from fuzz_report import FIGURES
from hostile_builders import NS, add_cells, add_shared_strings, mutated
from hostile_harness import run_isolated

from renkei_desktop.workbooks.safety import DEFAULT_LIMITS

SECONDS = float(os.environ.get("RENKEI_FUZZ_SECONDS", "60"))
SEED = int(os.environ.get("RENKEI_FUZZ_SEED", "20240601"))
WORKERS = int(os.environ.get("RENKEI_FUZZ_WORKERS", str(min(2, os.cpu_count() or 1))))
STATUSES = ("ok", "unreadable", "wrong_form")


def _seed_files(folder: Path) -> list[Path]:
    """Sample workbooks of both surveys, plus variants the sample lacks: a shifted layout, shared
    strings, a legacy .xls."""
    from renkei_desktop.sample import ensure_sample

    sample = ensure_sample()
    municipal = sorted(sample.rglob("市区町村/*.xlsx"))
    prefectural = sorted(sample.rglob("都県/*.xlsx"))
    seeds = [*municipal[:: max(1, len(municipal) // 4)][:4], *prefectural[:2]]
    seeds.append(
        fill_form(
            folder / "shifted.xlsx", "municipal", {"E23": "５２,３４１人"}, insert_rows=2, insert_cols=1
        )
    )
    base = fill_form(folder / "base.xlsx", "municipal", {})

    def shared(parts):
        add_shared_strings(
            parts,
            b"<sst " + NS + b' count="3" uniqueCount="2"><si><t>x</t></si><si><r><t>y</t></r></si></sst>',
        )
        add_cells(parts, b'<row r="300"><c r="A300" t="s"><v>0</v></c><c r="B300" t="s"><v>1</v></c></row>')

    seeds.append(mutated(base, folder / "shared.xlsx", shared))
    seeds.append(write_xls_with_xlwt(folder / "legacy.xls", "prefectural", {"D12": "長野県"}))
    assert len(seeds) >= 8
    return seeds


def _campaign(worker: int, seeds: list[str], seconds: float, seed: int, work: str) -> dict[str, object]:
    """One worker's loop (runs in a forked child)."""
    from renkei_desktop.codebook import load_codebooks
    from renkei_desktop.workbooks.reader import FileRead, read_workbook

    codebooks = load_codebooks()
    rng = random.Random(seed * 1000 + worker)
    sources = {s: Path(s).read_bytes() for s in seeds}
    folder = Path(work)
    status_file = folder / f"worker{worker}.json"
    statuses: Counter[str] = Counter()
    strategies: Counter[str] = Counter()
    failures: list[dict[str, object]] = []
    slowest = (0.0, "")
    iterations = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        source = rng.choice(seeds)
        strategy, data = mutate(rng, sources[source])
        suffix = ".xls" if data.startswith(b"\xd0\xcf\x11\xe0") else ".xlsx"
        case = folder / f"worker{worker}-case{suffix}"
        case.write_bytes(data)
        status_file.write_text(
            json.dumps(
                {"iteration": iterations, "case": str(case), "strategy": strategy, "seed": Path(source).name}
            ),
            encoding="utf-8",
        )
        start = time.perf_counter()
        try:
            read = read_workbook(case, codebooks=codebooks)
            problem = None
            if not isinstance(read, FileRead) or read.status not in STATUSES:
                problem = f"no status: {read!r}"
            elif read.status != "ok" and not read.message:
                problem = "no message"
        except BaseException as exc:  # the point of the test: nothing may escape
            problem = f"escaped: {type(exc).__name__}: {exc}"
            read = None
        elapsed = time.perf_counter() - start
        if elapsed > DEFAULT_LIMITS.time_budget:
            problem = f"took {elapsed:.1f} s"
        iterations += 1
        strategies[strategy] += 1
        if read is not None:
            statuses[read.status] += 1
        if elapsed > slowest[0]:
            slowest = (elapsed, f"{strategy} of {Path(source).name}")
        if problem:
            kept = folder / f"failure-w{worker}-{iterations}{suffix}"
            shutil.copy(case, kept)
            failures.append(
                {"problem": problem, "file": str(kept), "strategy": strategy, "seed": Path(source).name}
            )
    return {
        "iterations": iterations,
        "statuses": dict(statuses),
        "strategies": dict(strategies),
        "slowest_seconds": round(slowest[0], 4),
        "slowest_case": slowest[1],
        "failures": failures,
    }


@pytest.mark.slow
def test_fuzz_read_workbook(tmp_path):
    artifacts = Path(os.environ.get("RENKEI_FUZZ_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    seeds = [str(p) for p in _seed_files(tmp_path / "seeds")]
    results: dict[int, object] = {}

    def run(worker: int) -> None:
        results[worker] = run_isolated(
            _campaign,
            worker,
            seeds,
            SECONDS,
            SEED,
            str(artifacts),
            timeout=SECONDS + 3 * DEFAULT_LIMITS.time_budget,
        )

    threads = [threading.Thread(target=run, args=(w,)) for w in range(WORKERS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started

    problems = []
    total = Counter()
    statuses: Counter[str] = Counter()
    strategies: Counter[str] = Counter()
    slowest = (0.0, "")
    peak = 0.0
    for worker, outcome in sorted(results.items()):
        if outcome.crashed or outcome.error:
            last = (artifacts / f"worker{worker}.json").read_text(encoding="utf-8")
            case = json.loads(last)
            kept = artifacts / f"crash-w{worker}{Path(case['case']).suffix}"
            shutil.copy(case["case"], kept)
            problems.append(
                f"worker {worker} died (exit {outcome.exitcode}, {outcome.error}) on {case}; kept {kept}"
            )
            continue
        stats = outcome.value
        total["iterations"] += stats["iterations"]
        statuses.update(stats["statuses"])
        strategies.update(stats["strategies"])
        if stats["slowest_seconds"] > slowest[0]:
            slowest = (stats["slowest_seconds"], stats["slowest_case"])
        peak = max(peak, outcome.peak_mb or 0.0)
        problems.extend(
            f"{f['problem']}: {f['file']} ({f['strategy']} of {f['seed']})" for f in stats["failures"]
        )
    FIGURES.update(
        {
            "seconds_requested": SECONDS,
            "wall_seconds": round(wall, 1),
            "workers": WORKERS,
            "seed": SEED,
            "seed_files": len(seeds),
            "iterations": total["iterations"],
            "statuses": dict(statuses),
            "strategies": dict(strategies),
            "slowest_file_seconds": slowest[0],
            "slowest_case": slowest[1],
            "peak_rss_mb": round(peak, 1),
        }
    )
    assert not problems, "\n".join(problems)
    assert total["iterations"] >= 50 * WORKERS
    assert statuses["unreadable"] > 0 and statuses["ok"] + statuses["wrong_form"] > 0
