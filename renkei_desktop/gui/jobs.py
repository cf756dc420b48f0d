"""One owner for the window's background jobs: load, export and render.

Every job runs as a :class:`~renkei_desktop.gui.workers.Worker`. The manager keeps at most one job of
each kind; starting a job cancels the one it replaces, and a finished job clears its own slot (and only
its own: a replaced job that finishes late leaves the newer one in place). ``idle`` is emitted when
the last running job has finished, so whoever waited for quiet (the folder follower) can go on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from renkei_desktop.gui.failures import failure_message
from renkei_desktop.gui.workers import Worker, start

LOAD = "load"
EXPORT = "export"
RENDER = "render"
JOB_LABELS = {LOAD: "読み込み", EXPORT: "出力", RENDER: "図の描画"}


class JobManager(QObject):
    """Starts, cancels and clears the background jobs, and says what is running."""

    started = Signal(str)  # kind
    finished = Signal(str)  # kind
    idle = Signal()  # nothing is running any more

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[str, Worker] = {}

    def start(
        self,
        kind: str,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        **kwargs: Any,
    ) -> Worker:
        """Run ``fn`` as the job of ``kind``, replacing (cancelling) the one running now."""
        self.cancel(kind)
        worker = Worker(fn, *args, **kwargs)
        if on_progress is not None:
            worker.signals.progress.connect(on_progress)
        if on_result is not None:
            worker.signals.result.connect(lambda value, w=worker: self._deliver(kind, w, on_result, value))
        if on_error is not None:
            worker.signals.error.connect(lambda exc: on_error(failure_message(exc)))
        worker.signals.finished.connect(lambda w=worker: self._clear(kind, w))
        self._jobs[kind] = worker
        start(worker)
        self.started.emit(kind)
        return worker

    def _deliver(self, kind: str, worker: Worker, slot: Callable[[Any], None], value: Any) -> None:
        if self._jobs.get(kind) is worker:  # a replaced job's result is stale
            slot(value)

    def _clear(self, kind: str, worker: Worker) -> None:
        if self._jobs.get(kind) is not worker:
            return
        del self._jobs[kind]
        self.finished.emit(kind)
        if not self._jobs:
            self.idle.emit()

    def cancel(self, kind: str | None = None) -> None:
        """Ask the job of ``kind`` (or every job) to stop; its slot clears when it has stopped."""
        for key, worker in list(self._jobs.items()):
            if kind is None or key == kind:
                worker.cancel()

    def worker(self, kind: str) -> Worker | None:
        return self._jobs.get(kind)

    def is_running(self, kind: str | None = None) -> bool:
        return bool(self._jobs) if kind is None else kind in self._jobs

    def running(self) -> list[str]:
        """The kinds running now, e.g. ``["load", "render"]``."""
        return list(self._jobs)

    def describe(self) -> str:
        """What is running, in Japanese (empty when nothing is)."""
        return "・".join(JOB_LABELS.get(kind, kind) for kind in self._jobs)
