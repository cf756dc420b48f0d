"""Load a survey from files and folders: discover → read (cached) → identify → dedupe → validate.

Core API used by the CLI, the GUI workers and the benchmark. Progress is reported through a plain
``progress(done, total, current_name)`` callback and cancellation through a :class:`CancelToken`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from renkei_desktop.assemble import ValidationMemo, build_dataset
from renkei_desktop.codebook import Codebook, load_codebooks
from renkei_desktop.dataset import Dataset
from renkei_desktop.intake import ContainerCache, file_stamp, gather
from renkei_desktop.progress import CancelToken, ProgressFn
from renkei_desktop.targets import TargetList, resolve_targets
from renkei_desktop.validation import Validated, validate_raw
from renkei_desktop.versions import Decisions
from renkei_desktop.workbooks.batch import read_parallel, worker_count
from renkei_desktop.workbooks.reader import READ_UNREADABLE, FileRead
from renkei_desktop.workbooks.scan import discover
from renkei_desktop.workbooks.sources import Source, read_source

__all__ = [
    "CancelToken",
    "ReadCache",
    "ValidationMemo",
    "build_dataset",
    "load_codebooks",
    "load_dataset",
    "read_files",
]


class ReadCache:
    """FileReads keyed by (path, size, mtime): a reload re-reads only what changed."""

    def __init__(self) -> None:
        self._reads: dict[str, tuple[tuple[int, int], FileRead]] = {}
        self._lock = threading.Lock()
        self.memo = ValidationMemo()
        self.containers = ContainerCache()

    def get(self, source: Source) -> FileRead | None:
        """A cached read of a loose file (by its stamp) or a container member (by the container's)."""
        stamp = file_stamp(Path(source.path))
        with self._lock:
            hit = self._reads.get(source.key)
        if hit and stamp and hit[0] == stamp:
            read = hit[1]
            read.display = source.display
            return read
        return None

    def put(self, source: Source, read: FileRead) -> None:
        stamp = file_stamp(Path(source.path))
        if stamp and read.status != READ_UNREADABLE:
            with self._lock:
                self._reads[source.key] = (stamp, read)

    def __len__(self) -> int:
        return len(self._reads)


PARALLEL_MIN_FILES = 150  # below this, starting worker processes costs more than it saves


def _bundled(codebooks: dict[str, Codebook]) -> bool:
    bundled = load_codebooks()
    return all(codebooks.get(s) is bundled[s] for s in bundled)


def read_files(
    found: Sequence[Source],
    codebooks: dict[str, Codebook],
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    cache: ReadCache | None = None,
    workers: int | None = None,
    memo: ValidationMemo | None = None,
    passwords: Sequence[str] = (),
) -> list[FileRead]:
    """Read every file (cached ones are not re-read), in worker processes when there are many; the
    workers also validate, and their validated answers go into ``memo``."""
    total = len(found)
    results: list[FileRead | None] = [None] * total
    todo: list[int] = []
    for index, item in enumerate(found):
        hit = cache.get(item) if cache is not None else None
        if hit is None:
            todo.append(index)
        else:
            results[index] = hit
    done = total - len(todo)

    def is_cancelled() -> bool:
        return cancel is not None and cancel.cancelled

    def finish(index: int, read: FileRead) -> None:
        nonlocal done
        results[index] = read
        if cache is not None:
            cache.put(found[index], read)
        done += 1
        if progress:
            progress(done, total, found[index].display)

    if progress:
        progress(done, total, found[todo[0]].display if todo else "")
    n_workers = worker_count() if workers is None else workers
    if n_workers > 1 and len(todo) >= PARALLEL_MIN_FILES and _bundled(codebooks):
        items = [found[i] for i in todo]

        def finish_validated(k: int, done: tuple[FileRead, Validated | None]) -> None:
            read, checked = done
            if memo is not None and checked is not None:
                memo.put(read, checked)
            finish(todo[k], read)

        left = read_parallel(
            items, n_workers, finish_validated, is_cancelled, check=validate_raw, passwords=passwords
        )
        todo = [todo[k] for k in left]
    for index in todo:
        if is_cancelled():
            break
        finish(index, read_source(found[index], codebooks, passwords))
    return [r for r in results if r is not None]


def load_dataset(
    inputs: Iterable[str | os.PathLike[str]],
    targets: TargetList | str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    cache: ReadCache | None = None,
    codebooks: dict[str, Codebook] | None = None,
    passwords: Sequence[str] = (),
    decisions: Decisions | None = None,
    dropped: Sequence[tuple[str, bytes]] = (),
) -> Dataset:
    """Load every workbook below ``inputs`` (loose, or inside zips and mails) into a :class:`Dataset`
    (never raises for a bad file). ``passwords`` are tried on every encrypted workbook and zip and
    kept in memory only; ``decisions`` say which version counts where a body sent several;
    ``dropped`` are (name, bytes) of files dropped straight out of a mail program (in memory only)."""
    codebooks = codebooks or load_codebooks()
    target_list = targets if isinstance(targets, TargetList) else resolve_targets(targets)
    intake = gather(discover(inputs), passwords, cache.containers if cache is not None else None, dropped)
    memo = cache.memo if cache is not None else ValidationMemo()
    reads = read_files(intake.sources, codebooks, progress, cancel, cache, memo=memo, passwords=passwords)
    data = build_dataset([*reads, *intake.notes], target_list, codebooks, memo, decisions)
    data.cancelled = bool(cancel and cancel.cancelled)
    return data
