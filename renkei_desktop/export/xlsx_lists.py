"""Plain lists as .xlsx (自由記述一覧, 未提出一覧, 要確認一覧, any result table), written with XlsxWriter.

A list is a header row and rows of values: no charts, no formulas. XlsxWriter streams such a sheet
about 3.5 times faster than openpyxl builds and saves one (free_text.xlsx of 1,788 returns: 0.50 →
0.14 s), which matters for すべて出力 during the collection period. The workbook is built in memory
and written atomically. Text is always written as text (never a formula, a number or a link), with the
control characters XML refuses removed, as in every other export.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from renkei_desktop.export.atomic import write_atomic
from renkei_desktop.export.xlsx_print import DEFAULT_WIDTH, wrapped_lines
from renkei_desktop.workbooks.own_outputs import OUTPUT_MARKER, OUTPUT_MARKER_VALUE

LINE_HEIGHT_PT = 15.0  # one line of the default 11 pt font
MAX_ROW_HEIGHT_PT = 409.0  # Excel's limit
PORTRAIT_MAX_WIDTH = 95.0  # column units that still print legibly on A4 portrait at one page wide
HEADER_FORMAT = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "border_color": "#808080"}
WRAP_FORMAT = {"text_wrap": True, "valign": "top"}
_OPTIONS = {
    "in_memory": True,  # no temporary files next to the user's data or in %TEMP%
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


@dataclass
class ListSheet:
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    wrap: bool = False  # wrap long text in every data cell (aligned to the top)


def clean_cell_text(text: str) -> str:
    """Text an .xlsx cell can hold: the control characters XML 1.0 refuses are removed."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _write(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if isinstance(value, str):
        ws.write_string(row, col, clean_cell_text(value), fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        if math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        elif fmt is not None:  # NaN and infinities have no Excel value: an empty cell
            ws.write_blank(row, col, None, fmt)
    elif value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, clean_cell_text(str(value)), fmt)


def _fit_row_height(ws: Any, row: int, values: Sequence[Any], widths: Sequence[float]) -> None:
    """Give a row of wrapped text the height of its longest cell (Excel does not grow rows it did not
    write itself, so wrapped free text would otherwise print overlapped or cut)."""
    lines = max(
        (
            wrapped_lines(str(v), widths[c] if c < len(widths) else DEFAULT_WIDTH)
            for c, v in enumerate(values)
            if isinstance(v, str) and v
        ),
        default=1,
    )
    if lines > 1:
        ws.set_row(row, min(LINE_HEIGHT_PT * lines, MAX_ROW_HEIGHT_PT))


def _set_up_printing(ws: Any, sheet: ListSheet, last_row: int) -> None:
    """A4, one page wide (landscape when the columns are wide), the header row on every page, the sheet's
    title and page numbers in the page header and footer."""
    ncols = len(sheet.columns)
    widths = [sheet.widths[c] if c < len(sheet.widths) else DEFAULT_WIDTH for c in range(ncols)]
    ws.set_paper(9)  # A4
    if sum(widths) > PORTRAIT_MAX_WIDTH:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, last_row, ncols - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    ws.set_header(f"&C&10{clean_cell_text(sheet.title).replace('&', '&&')}", {"margin": 0.3})
    ws.set_footer("&C&9&P / &N ページ", {"margin": 0.25})


def list_workbook_bytes(sheets: Sequence[ListSheet]) -> bytes:
    """The .xlsx of ``sheets``: a styled header row, frozen, with an autofilter over the rows."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, _OPTIONS)
    wb.set_custom_property(OUTPUT_MARKER, OUTPUT_MARKER_VALUE)  # discovery skips our own outputs
    header = wb.add_format(HEADER_FORMAT)
    wrap = wb.add_format(WRAP_FORMAT)
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.title[:31])
        for col, label in enumerate(sheet.columns):
            ws.write_string(0, col, clean_cell_text(label), header)
        fmt = wrap if sheet.wrap else None
        last = 0
        for last, values in enumerate(sheet.rows, start=1):
            for col, value in enumerate(values):
                _write(ws, last, col, value, fmt)
            if sheet.wrap:
                _fit_row_height(ws, last, values, sheet.widths)
        for col, width in enumerate(sheet.widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(1, 0)
        if sheet.columns:
            ws.autofilter(0, 0, last, len(sheet.columns) - 1)
            _set_up_printing(ws, sheet, last)
    wb.close()
    return buffer.getvalue()


def write_list_workbook(path: Path, sheets: Sequence[ListSheet], *, overwrite: bool = True) -> Path:
    data = list_workbook_bytes(sheets)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write_atomic(Path(path), write, overwrite=overwrite)
