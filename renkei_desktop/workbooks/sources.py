"""What is read: a loose workbook file, or a workbook found inside a container (as bytes).

A :class:`Source` is small and picklable, so worker processes can read it: a container member is
handed over as its bytes (the container was opened once, in the caller). A zip member travels still
compressed (and a ZipCrypto one still encrypted) and is inflated (and decrypted) by the worker, so that
this work runs in parallel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from renkei_desktop.codebook import Codebook
from renkei_desktop.workbooks.containers.common import password_message
from renkei_desktop.workbooks.containers.zipcrypto import Sealed, unseal
from renkei_desktop.workbooks.reader import READ_UNREADABLE, FileRead, read_member, read_workbook
from renkei_desktop.workbooks.safety import UnreadableError


@dataclass(frozen=True)
class Source:
    path: str  # the file on disk (the top-level container for a member)
    display: str  # the name shown everywhere: relative path, through the containers for a member
    member: str = ""  # the member path inside the container ("" for a loose file)
    data: bytes | None = None  # the member's bytes (None: read ``path``)
    mtime: float = 0.0  # the container's modification time (members)
    sent: float | None = None  # the member's own time or the mail's Date:
    sealed: Sealed | None = None  # ``data`` is still ZipCrypto-encrypted: decrypted where it is read

    @property
    def key(self) -> str:
        return f"{self.path}\x00{self.member}" if self.member else self.path


def read_source(
    source: Source, codebooks: dict[str, Codebook] | None = None, passwords: Sequence[str] = ()
) -> FileRead:
    """Read one source; never raises for a bad file."""
    if source.data is None:
        return read_workbook(Path(source.path), source.display, codebooks, passwords=passwords)
    data = source.data
    if source.sealed is not None:
        try:
            plain = unseal(data, source.sealed, passwords)
        except UnreadableError as exc:
            return FileRead(
                source.path,
                source.display,
                len(data),
                source.mtime,
                READ_UNREADABLE,
                str(exc),
                member=source.member,
            )
        if plain is None:
            message = password_message("暗号化された ZIP の中のブックです", len(passwords))
            return FileRead(
                source.path,
                source.display,
                len(data),
                source.mtime,
                READ_UNREADABLE,
                message,
                member=source.member,
                sent=source.sent,
                password_pending=True,
            )
        data = plain
    return read_member(
        data,
        source.path,
        source.member,
        source.display,
        mtime=source.mtime,
        sent=source.sent,
        codebooks=codebooks,
        passwords=passwords,
    )
