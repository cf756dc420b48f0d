"""What a load reads: loose workbooks, and the workbooks inside zips and mails (expanded here).

Containers are expanded in this process (read once, in memory) and their members handed on as bytes;
an expansion is cached by the container's (path, size, mtime) unless a password is still missing.
Whatever yields no workbook becomes a FileRead of its own (``no_workbook`` or ``unreadable`` with the
reason), so that every container a user dropped has a line.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from renkei_desktop.workbooks.containers.walker import Expansion, Note, expand_container, expand_dropped
from renkei_desktop.workbooks.reader import READ_NO_WORKBOOK, READ_UNREADABLE, FileRead
from renkei_desktop.workbooks.scan import FoundFile
from renkei_desktop.workbooks.sources import Source


def file_stamp(path: Path) -> tuple[int, int] | None:
    if not path.parts:  # files dropped from a mail program live in memory only
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class ContainerCache:
    """Expansions keyed by container (path, size, mtime); one with a missing password is redone when
    the candidate passwords change."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[tuple[int, int], frozenset[str], Expansion]] = {}
        self._lock = threading.Lock()

    def expansion(self, found: FoundFile, passwords: Sequence[str]) -> Expansion:
        stamp = file_stamp(found.path)
        key = str(found.path)
        with self._lock:
            hit = self._items.get(key)
        if hit and stamp and hit[0] == stamp:
            pending = any(n.password_pending for n in hit[2].notes)
            if not pending or hit[1] == frozenset(passwords):
                return hit[2]
        expansion = expand_container(found.path, found.display_name, passwords)
        if stamp:
            with self._lock:
                self._items[key] = (stamp, frozenset(passwords), expansion)
        return expansion


@dataclass
class Intake:
    sources: list[Source] = field(default_factory=list)
    notes: list[FileRead] = field(default_factory=list)  # containers (or parts) that yield no workbook


def _note_read(found: FoundFile, note: Note, size: int, mtime: float) -> FileRead:
    member = note.display[len(found.display_name) + 1 :] if note.display != found.display_name else ""
    return FileRead(
        str(found.path),
        note.display,
        size,
        mtime,
        READ_NO_WORKBOOK if note.empty else READ_UNREADABLE,
        note.message,
        member=member,
        password_pending=note.password_pending,
    )


def _dropped(intake: Intake, files: Sequence[tuple[str, bytes]], passwords: Sequence[str]) -> None:
    expansion = expand_dropped(files, passwords)
    for member in expansion.members:
        intake.sources.append(
            Source("", member.display, "/".join(member.chain), member.data, 0.0, None, member.sealed)
        )
    for note in expansion.notes:
        intake.notes.append(
            FileRead(
                "",
                note.display,
                0,
                0.0,
                READ_NO_WORKBOOK if note.empty else READ_UNREADABLE,
                note.message,
                member=note.display,
                password_pending=note.password_pending,
            )
        )


def gather(
    found: Sequence[FoundFile],
    passwords: Sequence[str] = (),
    cache: ContainerCache | None = None,
    dropped: Sequence[tuple[str, bytes]] = (),
) -> Intake:
    """Sources to read (in ``found`` order, members in container order) and notes for containers;
    ``dropped``: (name, bytes) of files dropped straight out of a mail program."""
    intake = Intake()
    if dropped:
        _dropped(intake, dropped, passwords)
    for item in found:
        if not item.is_container:
            intake.sources.append(Source(str(item.path), item.display_name))
            continue
        stamp = file_stamp(item.path)
        size, mtime = (stamp[0], stamp[1] / 1e9) if stamp else (0, 0.0)
        expansion = (
            cache.expansion(item, passwords)
            if cache is not None
            else expand_container(item.path, item.display_name, passwords)
        )
        for member in expansion.members:
            intake.sources.append(
                Source(
                    str(item.path),
                    member.display,
                    "/".join(member.chain),
                    member.data,
                    mtime,
                    member.sent,
                    member.sealed,
                )
            )
        intake.notes.extend(_note_read(item, note, size, mtime) for note in expansion.notes)
    return intake
