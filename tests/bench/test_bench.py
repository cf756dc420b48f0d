"""The benchmark's fixed inputs and its reporting (the timed runs themselves are `python -m renkei_desktop.bench`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter

import pytest

from renkei_desktop.bench.__main__ import _tree_rss_mb, table
from renkei_desktop.bench.dataset import MUNICIPAL_IDENTITY, PREFECTURAL_IDENTITY, bench_respondents
from renkei_desktop.targets import resolve_targets


@pytest.mark.parametrize(("spec", "municipal", "prefectural"), [(None, 450, 10), ("all", 1741, 47)])
def test_one_return_per_target_body_labelled_as_that_body(spec, municipal, prefectural):
    targets = resolve_targets(spec)
    people = bench_respondents(targets)
    surveys = Counter(r.survey for r in people)
    assert (surveys["municipal"], surveys["prefectural"]) == (municipal, prefectural)
    assert len({(r.survey, r.code) for r in people}) == municipal + prefectural
    first = people[0]
    assert (first.cells[MUNICIPAL_IDENTITY[0]], first.cells[MUNICIPAL_IDENTITY[1]]) == (
        first.prefecture,
        first.name,
    )
    tokyo = next(r for r in people if r.survey == "prefectural" and r.code == "13")
    assert tokyo.cells[PREFECTURAL_IDENTITY] == "東京都"


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs Linux /proc")
def test_tree_memory_counts_child_processes():
    alone = _tree_rss_mb(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; b = bytearray(80 * 1024 * 1024); sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            with_child = _tree_rss_mb(os.getpid())
            if with_child > alone + 70:
                break
            time.sleep(0.02)
        assert with_child > alone + 70
    finally:
        child.communicate(b"")


def test_table_lists_each_measure_per_size():
    rows = {
        460: {"files": 460, "libreoffice_saved": 23, "cli_cold_s": 1.12, "baseline_extrapolated": "no"},
        1788: {"files": 1788, "libreoffice_saved": 90, "cli_cold_s": 3.21, "baseline_extrapolated": "yes"},
    }
    text = table(rows).splitlines()
    assert text[0] == "| measure | N = 460 | N = 1788 |"
    assert "| files (LibreOffice-saved) | 460 (23) | 1788 (90) |" in text
    assert "| CLI process cold, `--formats none` | 1.12 s | 3.21 s |" in text
    assert len(text) == 4  # measures missing from a size are left out
