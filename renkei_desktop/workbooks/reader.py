"""Read one returned workbook into a small, picklable :class:`FileRead` (raw cell values only).

Reading knows nothing about respondents or validation, so its result can be cached by
(path, size, mtime) and computed in worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renkei_desktop.codebook import Codebook, load_codebooks
from renkei_desktop.normalize import is_blank
from renkei_desktop.workbooks.layout import (
    LayoutMatch,
    cell_value,
    identify_form,
    parse_address,
    shift_address,
)
from renkei_desktop.workbooks.opener import UnreadableError, open_workbook

READ_OK = "ok"
READ_UNREADABLE = "unreadable"
READ_WRONG_FORM = "wrong_form"


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
        if not is_blank(value):
            raw[address] = value
    return raw


def read_workbook(
    path: Path, display: str | None = None, codebooks: dict[str, Codebook] | None = None
) -> FileRead:
    """Read ``path``; never raises for a bad file (the status and a Japanese message say why)."""
    codebooks = codebooks or load_codebooks()
    display = display or path.name
    try:
        st = path.stat()
        size, mtime = st.st_size, st.st_mtime
    except OSError as exc:
        return FileRead(
            str(path), display, 0, 0.0, READ_UNREADABLE, f"ファイルを読み込めません（{exc.strerror}）"
        )
    result = FileRead(str(path), display, size, mtime, READ_UNREADABLE)
    try:
        book = open_workbook(path)
        preferred = [cb.sheet for cb in codebooks.values()]
        match: LayoutMatch | None = None
        for sheet in _sheet_order(book.sheet_names, book.visible_sheets, preferred):
            grid = book.grid(sheet)
            match = identify_form(grid, codebooks.values())
            if match:
                result.status = READ_OK
                result.survey = match.survey
                result.sheet = sheet
                result.offset = match.offset
                result.raw = extract_cells(grid, codebooks[match.survey], match.offset)
                return result
        result.status = READ_WRONG_FORM
        result.message = "調査票の様式と一致しません（市区町村票・都県票のどちらの見出しも見つかりません）"
    except UnreadableError as exc:
        result.message = str(exc)
    except Exception as exc:  # the per-file boundary: no file may stop the run
        result.message = f"読み込み中に予期しないエラーが発生しました（{type(exc).__name__}）"
    return result
