"""How long-running core work reports progress and is cancelled, typed once for every caller.

Loading, exporting and rendering take a ``progress(done, total, current_name)`` callback and a
:class:`CancelToken`; the CLI passes a printer, the GUI's job manager passes a Qt signal and a token it
cancels from the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressFn = Callable[[int, int, str], None]


class CancelToken:
    """Thread-safe cancel flag shared by a GUI and a worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
