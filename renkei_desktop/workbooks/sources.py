"""What is read: a loose workbook file, or a workbook found inside a container (as bytes).

A :class:`Source` is small and picklable, so worker processes can read it: a container member is
handed over as its bytes (the container was opened once, in the caller), which measured faster than
letting each worker re-open the container for its members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from renkei_desktop.codebook import Codebook
from renkei_desktop.workbooks.reader import FileRead, read_member, read_workbook


@dataclass(frozen=True)
class Source:
    path: str  # the file on disk (the top-level container for a member)
    display: str  # the name shown everywhere: relative path, through the containers for a member
    member: str = ""  # the member path inside the container ("" for a loose file)
    data: bytes | None = None  # the member's bytes (None: read ``path``)
    mtime: float = 0.0  # the container's modification time (members)
    sent: float | None = None  # the member's own time or the mail's Date:

    @property
    def key(self) -> str:
        return f"{self.path}\x00{self.member}" if self.member else self.path


def read_source(
    source: Source, codebooks: dict[str, Codebook] | None = None, passwords: Sequence[str] = ()
) -> FileRead:
    """Read one source; never raises for a bad file."""
    if source.data is None:
        return read_workbook(Path(source.path), source.display, codebooks, passwords=passwords)
    return read_member(
        source.data,
        source.path,
        source.member,
        source.display,
        mtime=source.mtime,
        sent=source.sent,
        codebooks=codebooks,
        passwords=passwords,
    )
