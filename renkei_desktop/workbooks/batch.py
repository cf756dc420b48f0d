"""Read many workbooks in worker processes, and run the caller's check (validation, passed in by the
loader) on each good read there: the work is CPU-bound and per file, and its results are small and
picklable.

A worker process that dies (killed by the system, or a file that crashes the native reader despite
the guards) never takes the caller down: the files it had not finished are read again one per task in
a fresh process, and a file that kills that process too is reported unreadable.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from renkei_desktop.codebook import Codebook, load_codebooks
from renkei_desktop.workbooks.reader import READ_UNREADABLE, FileRead
from renkei_desktop.workbooks.sources import Source, read_source

CHUNK = 24
CRASHED = "読み込み中に読み込み処理が異常終了しました（ファイルが壊れている可能性があります）"
log = logging.getLogger(__name__)

# What the caller does with a good read in the worker (validation, passed in by the loader so that reading
# knows nothing about it); a module-level function, so that it can be sent to a spawned process.
Check = Callable[[dict[str, Any], Codebook], Any]
Done = tuple[FileRead, Any]  # the read, and check(raw, codebook) when it was read ok (else None)
OnDone = Callable[[int, Done], None]


class PoolUnavailable(Exception):
    """No worker process can be started here (the caller reads in its own process)."""


def worker_count() -> int:
    """Processes to use: the machine's cores (at most 8); 1 means read in this process."""
    override = os.environ.get("RENKEI_WORKERS")
    if override and override.isdigit():
        return max(1, int(override))
    return max(1, min(os.cpu_count() or 1, 8))


def read_chunk(
    items: Sequence[Source], check: Check | None = None, passwords: Sequence[str] = ()
) -> list[Done]:
    """Worker entry point: read sources with the bundled codebooks, and run ``check`` on each good read
    (the candidate passwords travel with the task, in memory only)."""
    codebooks = load_codebooks()
    out: list[Done] = []
    for source in items:
        read = read_source(source, codebooks, passwords)
        checked = None
        if check is not None and read.ok and read.survey:
            checked = check(read.raw, codebooks[read.survey])
        out.append((read, checked))
    return out


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")  # never fork a process that may run Qt threads
    try:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context)
    except (OSError, ValueError) as exc:
        raise PoolUnavailable(str(exc)) from exc


def _run(
    items: Sequence[Source],
    indices: list[int],
    workers: int,
    on_done: OnDone,
    cancelled: Callable[[], bool],
    check: Check | None,
    passwords: Sequence[str] = (),
) -> list[int]:
    """Read ``indices`` in chunks; returns those left unread because a worker process died."""
    finished: set[int] = set()
    pool = _pool(workers)
    try:
        pending: dict[Future[list[Done]], list[int]] = {
            pool.submit(read_chunk, [items[i] for i in chunk], check, passwords): chunk
            for chunk in (indices[k : k + CHUNK] for k in range(0, len(indices), CHUNK))
        }
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if cancelled():
                return []
            for future in done:
                chunk = pending.pop(future)
                for index, item in zip(chunk, future.result(), strict=True):
                    finished.add(index)
                    on_done(index, item)
    except (BrokenProcessPool, OSError) as exc:
        log.warning("a worker process failed (%s); reading its files again one by one", exc)
        return [i for i in indices if i not in finished]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return []


def _isolate(
    items: Sequence[Source],
    indices: list[int],
    on_done: OnDone,
    cancelled: Callable[[], bool],
    check: Check | None,
    passwords: Sequence[str] = (),
) -> None:
    """Read ``indices`` one file per task in one process; a file that kills it is reported unreadable."""
    queue = list(indices)
    while queue and not cancelled():
        pool = _pool(1)
        read_any = False
        try:
            while queue and not cancelled():
                index = queue[0]
                try:
                    future = pool.submit(read_chunk, [items[index]], check, passwords)
                except BrokenProcessPool:
                    break  # the process died before this file was sent: a fresh one reads it
                crashed = False
                try:
                    (item,) = future.result()
                except BrokenProcessPool:
                    crashed = True
                    source = items[index]
                    log.warning("reading %s killed its worker process", source.display)
                    item = (
                        FileRead(
                            source.path,
                            source.display,
                            0,
                            0.0,
                            READ_UNREADABLE,
                            CRASHED,
                            member=source.member,
                        ),
                        None,
                    )
                queue.pop(0)
                read_any = True
                on_done(index, item)
                if crashed:
                    break  # start a fresh process for the rest
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not read_any:
            raise PoolUnavailable("the worker process keeps failing before it reads anything")


def read_parallel(
    items: Sequence[Source],
    workers: int,
    on_done: OnDone,
    cancelled: Callable[[], bool] = lambda: False,
    check: Check | None = None,
    passwords: Sequence[str] = (),
) -> list[int]:
    """Read ``items`` in ``workers`` spawned processes; ``on_done(index, (read, check(read)))`` is called
    in this thread, in completion order. Stops early (pending work cancelled) when ``cancelled()``
    turns true.

    Returns the indices the caller must read itself: all of them when no worker process can be
    started here, otherwise none (every file gets a result, an unreadable one if it crashed a worker).
    """
    finished: set[int] = set()

    def done(index: int, item: Done) -> None:
        finished.add(index)
        on_done(index, item)

    try:
        left = _run(items, list(range(len(items))), workers, done, cancelled, check, passwords)
        if left and not cancelled():
            _isolate(items, left, done, cancelled, check, passwords)
    except PoolUnavailable as exc:
        log.warning("cannot start worker processes (%s); reading in this process", exc)
        return [i for i in range(len(items)) if i not in finished]
    return []
