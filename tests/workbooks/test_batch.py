"""Reading in worker processes gives exactly what reading in this process gives, and a worker that
dies loses no file."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
from pathlib import Path

from renkei_desktop.codebook import load_codebooks
from renkei_desktop.loader import load_dataset
from renkei_desktop.sample import ensure_sample
from renkei_desktop.tabulate import tabulate_all
from renkei_desktop.validation import validate_raw
from renkei_desktop.workbooks.batch import CRASHED, read_parallel
from renkei_desktop.workbooks.reader import read_workbook
from renkei_desktop.workbooks.scan import discover
from renkei_desktop.workbooks.sources import Source


def _items(folder) -> list[Source]:
    return [Source(str(f.path), f.display_name) for f in discover([folder]) if f.path.suffix != ".txt"]


def test_workers_read_and_validate_like_this_process(messy):
    items = _items(messy)
    assert len(items) == 11
    got: dict[int, tuple] = {}
    assert read_parallel(items, 2, lambda i, done: got.__setitem__(i, done), check=validate_raw) == []
    codebooks = load_codebooks()
    assert sorted(got) == list(range(len(items)))
    for i, source in enumerate(items):
        read, checked = got[i]
        display = source.display
        here = read_workbook(Path(source.path), display, codebooks)
        assert dataclasses.asdict(read) == dataclasses.asdict(here), display
        if here.ok:
            assert checked == validate_raw(here.raw, codebooks[here.survey]), display
        else:
            assert checked is None


def test_dataset_is_the_same_with_and_without_workers(monkeypatch):
    """The sample (258 files, over the parallel threshold) through both paths."""
    parallel = load_dataset([ensure_sample()])
    monkeypatch.setenv("RENKEI_WORKERS", "1")
    serial = load_dataset([ensure_sample()])
    assert parallel.status_rows == serial.status_rows
    assert parallel.findings == serial.findings
    for survey in ("municipal", "prefectural"):
        assert [(r.code, r.values, r.statuses) for r in parallel.of(survey)] == [
            (r.code, r.values, r.statuses) for r in serial.of(survey)
        ]
    assert tabulate_all(parallel) == tabulate_all(serial)
    assert parallel.summary()["municipal_returned"] == 248


def _kill_workers() -> int:
    killed = 0
    for child in multiprocessing.active_children():
        if child.pid and child.pid != os.getpid():
            os.kill(child.pid, signal.SIGKILL)
            killed += 1
    return killed


def test_a_killed_worker_loses_no_file():
    """Worker processes are killed twice (a real SIGKILL) while the sample is read: every file still gets
    exactly one result; at most the file in the hands of the lone retry process is reported unreadable."""
    items = _items(ensure_sample())
    calls: dict[int, int] = {}
    reads: dict[int, object] = {}
    lock = threading.Lock()
    kills = []

    def on_done(index: int, done) -> None:
        with lock:
            calls[index] = calls.get(index, 0) + 1
            reads[index] = done[0]
            n = len(reads)
        if n in (30, len(items) - 40):  # once during the parallel round, once during the retries
            kills.append(_kill_workers())

    assert read_parallel(items, 2, on_done) == []
    assert kills[0] >= 1
    assert sorted(calls) == list(range(len(items))) and set(calls.values()) == {1}
    crashed = [r for r in reads.values() if r.message == CRASHED]
    assert len(crashed) <= 1
    assert sum(1 for r in reads.values() if r.ok) >= len(items) - 1
