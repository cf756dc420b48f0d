"""Read many workbooks in worker processes (the reading is CPU-bound; results are small and picklable)."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from renkei_desktop.workbooks.reader import FileRead, read_workbook

CHUNK = 24
log = logging.getLogger(__name__)


def worker_count() -> int:
    """Processes to use: the machine's cores (at most 8); 1 means read in this process."""
    override = os.environ.get("RENKEI_WORKERS")
    if override and override.isdigit():
        return max(1, int(override))
    return max(1, min(os.cpu_count() or 1, 8))


def read_chunk(items: Sequence[tuple[str, str]]) -> list[FileRead]:
    """Worker entry point: read (path, display name) pairs with the bundled codebooks."""
    return [read_workbook(Path(path), display) for path, display in items]


def read_parallel(
    items: Sequence[tuple[str, str]],
    workers: int,
    on_done: Callable[[int, FileRead], None],
    cancelled: Callable[[], bool] = lambda: False,
) -> list[int]:
    """Read ``items`` in ``workers`` spawned processes; ``on_done(index, read)`` is called in this thread,
    in completion order. Stops early (pending chunks cancelled) when ``cancelled()`` turns true.

    Returns the indices that were not read because the process pool failed (e.g. it could not start
    here); the caller reads those itself, so a pool problem never loses a file.
    """
    chunks = [list(range(i, min(i + CHUNK, len(items)))) for i in range(0, len(items), CHUNK)]
    finished: set[int] = set()
    context = multiprocessing.get_context("spawn")  # never fork a process that may run Qt threads
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    except (OSError, ValueError) as exc:
        log.warning("cannot start worker processes (%s); reading in this process", exc)
        return list(range(len(items)))
    try:
        pending: dict[Future[list[FileRead]], list[int]] = {
            pool.submit(read_chunk, [items[i] for i in chunk]): chunk for chunk in chunks
        }
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if cancelled():
                return []
            for future in done:
                chunk = pending.pop(future)
                for index, read in zip(chunk, future.result(), strict=True):
                    finished.add(index)
                    on_done(index, read)
    except (BrokenProcessPool, OSError) as exc:
        log.warning("worker processes failed (%s); reading the rest in this process", exc)
        return [i for i in range(len(items)) if i not in finished]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return []
