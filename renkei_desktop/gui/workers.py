"""Background work: run a core function in a thread pool; results cross threads only by signals."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from renkei_desktop.progress import CancelToken

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(int, int, str)
    result = Signal(object)
    error = Signal(object)  # the exception itself: see gui.failures.failure_message
    finished = Signal()


_RUNNING: set[Worker] = set()  # strong references until a worker finishes (its signals must outlive it)


class Worker(QRunnable):
    """Runs ``fn(*args, progress=..., cancel=..., **kwargs)`` off the GUI thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.cancel_token = CancelToken()
        self.signals = WorkerSignals()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _emit(self, signal_name: str, *args: Any) -> None:
        try:
            getattr(self.signals, signal_name).emit(*args)
        except RuntimeError:  # the receiving window is gone (closed while we worked): nothing to tell
            self.cancel_token.cancel()

    def run(self) -> None:
        try:
            value = self.fn(
                *self.args,
                progress=lambda done, total, name: self._emit("progress", done, total, name),
                cancel=self.cancel_token,
                **self.kwargs,
            )
        except Exception as exc:  # reported to the GUI, which shows a Japanese message
            log.error("background task failed: %s", traceback.format_exc())
            self._emit("error", exc)
        else:
            self._emit("result", value)
        finally:
            self._emit("finished")
            _RUNNING.discard(self)


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    _RUNNING.add(worker)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
