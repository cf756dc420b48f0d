"""Following the input folders: new, changed and deleted files reload the window on their own.

A :class:`QFileSystemWatcher` watches the input folders and their Excel files; a change restarts a
debounce timer (copies and Excel saves come in bursts), and when it fires the follower asks for a
reload. While any background job runs the reload waits, and it is made as soon as the job manager
says it is idle, so a load or an export never stops the following for good.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from renkei_desktop.gui.jobs import JobManager

FOLLOW_DEBOUNCE_MS = 1500  # wait for copies and Excel saves to settle before re-reading
MAX_WATCHED_FILES = 4000
WATCH_ARM_DELAY_MS = 250
WATCHED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".zip", ".eml", ".msg")


def paths_to_watch(inputs: list[Path]) -> list[str]:
    """The input folders (recursively) and the workbooks, zips and mails in them (at most MAX_WATCHED_FILES)."""
    folders: list[str] = []
    files: list[str] = []
    for root in inputs:
        if root.is_dir():
            folders.append(str(root))
            for path in root.rglob("*"):
                if path.is_dir():
                    folders.append(str(path))
                elif path.suffix.lower() in WATCHED_SUFFIXES and len(files) < MAX_WATCHED_FILES:
                    files.append(str(path))
        elif root.exists():
            files.append(str(root))
    return folders + files


class FolderFollower(QObject):
    """Watches the inputs and emits ``reload_wanted`` once changes have settled and no job runs."""

    reload_wanted = Signal()

    def __init__(self, jobs: JobManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.enabled = True
        self.inputs: list[Path] = []
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.watcher.fileChanged.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FOLLOW_DEBOUNCE_MS)
        self.timer.timeout.connect(self._due)
        self.pending = False
        jobs.idle.connect(self._jobs_idle)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.arm(None)

    def arm_later(self, wanted: list[str] | None) -> None:
        """Arm the watch after the hand-over, in a turn of its own (arming 1,788 watches takes ≈ 10 ms);
        the folders themselves stay watched meanwhile."""
        QTimer.singleShot(WATCH_ARM_DELAY_MS, self, lambda: self.arm(wanted))

    def arm(self, wanted: list[str] | None) -> None:
        """Watch ``wanted`` (see :func:`paths_to_watch`; made from the inputs when None). Only the
        difference to what is already watched changes, so nothing that happens meanwhile goes unseen."""
        if not self.enabled:
            wanted = []
        elif wanted is None:
            wanted = paths_to_watch(self.inputs)
        watched = set(self.watcher.directories() + self.watcher.files())
        wanted_set = set(wanted)
        stale = [p for p in watched if p not in wanted_set]
        new = [p for p in dict.fromkeys(wanted) if p not in watched]
        if stale:
            self.watcher.removePaths(stale)
        if new:
            self.watcher.addPaths(new)

    def _changed(self, _path: str) -> None:
        if self.enabled and self.inputs:
            self.timer.start()  # restart the debounce

    def _due(self) -> None:
        if self.jobs.is_running():
            self.pending = True  # made when the jobs are done (see _jobs_idle)
            return
        self.reload_wanted.emit()

    def _jobs_idle(self) -> None:
        if self.pending:
            self.pending = False
            self.timer.start()
