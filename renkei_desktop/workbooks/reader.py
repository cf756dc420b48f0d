"""Read one returned workbook into a small, picklable :class:`FileRead` (raw cell values only).

Reading knows nothing about respondents or validation, so its result can be cached by
(path, size, mtime) and computed in worker processes.

:func:`read_workbook` is the per-file boundary: whatever a file contains, it returns a status and a
Japanese message, within the time budget of :class:`~renkei_desktop.workbooks.safety.Limits`. Logs
name the file, the status and the time taken, never a cell value.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renkei_desktop.codebook import Codebook, load_codebooks
from renkei_desktop.file_status import FileStatus
from renkei_desktop.normalize import is_blank
from renkei_desktop.workbooks.containers.common import is_password_pending
from renkei_desktop.workbooks.layout import (
    LayoutMatch,
    cell_value,
    identify_form,
    parse_address,
    shift_address,
)
from renkei_desktop.workbooks.opener import UnreadableError, open_bytes, read_bytes
from renkei_desktop.workbooks.safety import DEFAULT_LIMITS, Deadline, Limits, clean_text, printable

log = logging.getLogger(__name__)

READ_OK = FileStatus.READ_OK
READ_UNREADABLE = FileStatus.UNREADABLE
READ_WRONG_FORM = FileStatus.WRONG_FORM
READ_NO_WORKBOOK = FileStatus.NO_WORKBOOK  # a container (zip, mail) that holds no workbook


@dataclass
class FileRead:
    path: str
    display: str
    size: int
    mtime: float
    status: str
    message: str | None = None
    survey: str | None = None
    sheet: str | None = None
    offset: tuple[int, int] = (0, 0)
    raw: dict[str, Any] = field(default_factory=dict)  # codebook address -> non-blank raw value
    member: str = ""  # the path inside the container ``path`` ("" for a loose file)
    sent: float | None = None  # the zip member's own time or the mail's Date: (None: use mtime)
    digest: str = ""  # BLAKE2b of the workbook bytes: byte-identical copies are one response
    password_pending: bool = False  # unreadable only because no given password opens it

    @property
    def key(self) -> str:
        """Unique per workbook: the file path, plus the member path for a container member."""
        return f"{self.path}\x00{self.member}" if self.member else self.path

    @property
    def version_time(self) -> float:
        """The time that orders versions of one response: mail/zip time where there is one."""
        return self.sent if self.sent is not None else self.mtime

    def actual_cell(self, address: str) -> str:
        """Where the user's cell really is (the codebook address plus the layout shift)."""
        return shift_address(address, self.offset) if self.offset != (0, 0) else address

    @property
    def ok(self) -> bool:
        return self.status == READ_OK


def _sheet_order(names: list[str], visible: list[str], preferred: Iterable[str]) -> list[str]:
    first = [s for s in preferred if s in names]
    rest_visible = [s for s in visible if s not in first]
    hidden = [s for s in names if s not in first and s not in rest_visible]
    return list(dict.fromkeys(first + rest_visible + hidden))


def extract_cells(grid: list[list[Any]], codebook: Codebook, offset: tuple[int, int]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    dr, dc = offset
    for address in codebook.all_cells():
        row, col = parse_address(address)
        value = cell_value(grid, row + dr, col + dc)
        if isinstance(value, str):
            value = clean_text(value)
        if not is_blank(value):
            raw[address] = value
    return raw


def read_workbook(
    path: Path,
    display: str | None = None,
    codebooks: dict[str, Codebook] | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    password: str | None = None,
    passwords: Sequence[str] = (),
) -> FileRead:
    """Read ``path``; never raises for a bad file (the status and a Japanese message say why)."""
    started = time.perf_counter()
    codebooks = codebooks or load_codebooks()
    display = display or path.name
    candidates = [*([password] if password is not None else []), *passwords]
    try:
        st = path.stat()
        size, mtime = st.st_size, st.st_mtime
    except OSError as exc:
        result = FileRead(
            str(path), display, 0, 0.0, READ_UNREADABLE, f"ファイルを読み込めません（{exc.strerror or exc}）"
        )
    else:
        result = FileRead(str(path), display, size, mtime, READ_UNREADABLE)
        _read_into(result, lambda: read_bytes(path, limits), codebooks, limits, candidates)
    _log(result, time.perf_counter() - started)
    return result


def read_member(
    data: bytes,
    container: str,
    member: str,
    display: str,
    *,
    mtime: float = 0.0,
    sent: float | None = None,
    codebooks: dict[str, Codebook] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    passwords: Sequence[str] = (),
) -> FileRead:
    """Read a workbook found inside the container file ``container`` (given as bytes)."""
    started = time.perf_counter()
    result = FileRead(container, display, len(data), mtime, READ_UNREADABLE, member=member, sent=sent)
    _read_into(result, lambda: data, codebooks or load_codebooks(), limits, passwords)
    _log(result, time.perf_counter() - started)
    return result


def _log(result: FileRead, elapsed: float) -> None:
    display = result.display
    if result.status == READ_OK:
        log.debug("read %s: ok (%.0f ms)", printable(display, 120), elapsed * 1000)
    else:
        log.info(
            "read %s: %s (%.0f ms): %s",
            printable(display, 120),
            result.status,
            elapsed * 1000,
            result.message,
        )


def _read_into(
    result: FileRead,
    load: Callable[[], bytes],
    codebooks: dict[str, Codebook],
    limits: Limits,
    passwords: Sequence[str],
) -> None:
    try:
        deadline = Deadline(limits.time_budget)
        data = load()
        result.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        book = open_bytes(data, limits=limits, deadline=deadline, passwords=passwords)
        preferred = [cb.sheet for cb in codebooks.values()]
        match: LayoutMatch | None = None
        for sheet in _sheet_order(book.sheet_names, book.visible_sheets, preferred):
            grid = book.grid(sheet)
            match = identify_form(grid, codebooks.values())
            if match:
                result.status = READ_OK
                result.survey = match.survey
                result.sheet = clean_text(sheet)
                result.offset = match.offset
                result.raw = extract_cells(grid, codebooks[match.survey], match.offset)
                return
        result.status = READ_WRONG_FORM
        result.message = "調査票の様式と一致しません（市区町村票・都県票のどちらの見出しも見つかりません）"
        return
    except UnreadableError as exc:
        result.message = str(exc)
        result.password_pending = is_password_pending(result.message)
    except MemoryError:
        result.message = "メモリが足りないため読み込めません（ファイルが大きすぎる可能性があります）"
    except Exception as exc:  # the per-file boundary: no file may stop the run
        result.message = f"読み込み中に予期しないエラーが発生しました（{type(exc).__name__}）"
    except BaseException as exc:  # a Rust panic inside calamine arrives as a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        result.message = f"読み込み中に予期しないエラーが発生しました（{type(exc).__name__}）"
    result.status = READ_UNREADABLE
    result.survey = result.sheet = None
    result.offset = (0, 0)
    result.raw = {}
