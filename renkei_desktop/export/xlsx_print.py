"""Print set-up of the openpyxl workbooks (tabulation.xlsx): A4 landscape, one page wide, a print area that
includes the charts beside the tables, a page header with the title and page numbers, and page breaks
between table blocks so that no table is split where it would fit on one page.

Excel and LibreOffice both honour these settings (checked by printing to PDF through LibreOffice in the
tests). The page-break arithmetic estimates the fit-to-width scale the same way they do: from the column
widths in pixels of the default font.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

A4_LANDSCAPE_MM = (297.0, 210.0)
MARGIN_IN = {"left": 0.4, "right": 0.4, "top": 0.7, "bottom": 0.6, "header": 0.3, "footer": 0.25}
DEFAULT_WIDTH = 8.43  # Excel's default column width (characters)
ROW_HEIGHT_PT = 15.0
SAFETY = 0.92  # spreadsheet programs round the scale down and add cell padding: leave room
MM_PER_INCH = 25.4
PX_PER_INCH = 96.0
PT_PER_INCH = 72.0


def column_px(width: float | None) -> int:
    """Excel's column width in pixels for the default 11 pt font (7 px per character, 5 px padding)."""
    return int((width or DEFAULT_WIDTH) * 7 + 5)


def sheet_width_mm(ws: Worksheet, last_column: int) -> float:
    px = 0
    for col in range(1, last_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        px += column_px(dim.width if dim is not None and dim.width else None)
    return px * MM_PER_INCH / PX_PER_INCH


def fit_scale(ws: Worksheet, last_column: int) -> float:
    """The scale that makes columns A..``last_column`` one A4 landscape page wide (at most 100 %)."""
    printable = A4_LANDSCAPE_MM[0] - (MARGIN_IN["left"] + MARGIN_IN["right"]) * MM_PER_INCH
    return min(1.0, printable / sheet_width_mm(ws, last_column))


def rows_per_page(scale: float) -> int:
    """How many default-height rows one page holds at ``scale`` (with a safety margin)."""
    printable_in = A4_LANDSCAPE_MM[1] / MM_PER_INCH - MARGIN_IN["top"] - MARGIN_IN["bottom"]
    return max(10, int(printable_in * PT_PER_INCH / (ROW_HEIGHT_PT * scale) * SAFETY))


def block_breaks(blocks: Sequence[tuple[int, int]], per_page: int) -> list[int]:
    """Rows after which a page break goes, so that each block (first row, first row after it) starts on a
    fresh page when it would otherwise be split; a block longer than a page is split where it must."""
    breaks: list[int] = []
    page_start = blocks[0][0] if blocks else 1
    for first, after in blocks:
        if after - page_start > per_page and first > page_start:
            breaks.append(first - 1)
            page_start = first
        while after - page_start > per_page:  # a block longer than one page
            page_start += per_page
            breaks.append(page_start - 1)
    return breaks


def text_width(text: str) -> int:
    """Width of ``text`` in Excel column units: full-width (East Asian wide) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a cell ``width`` characters wide (explicit line breaks count)."""
    usable = max(width * 0.92 - 1, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in str(text).split("\n"))


def wrap_title(ws: Worksheet, row: int, last_column: int) -> None:
    """Merge the title cell across A..``last_column`` and wrap it there, so that a long question title is
    printed whole instead of being cut at the print area's edge."""
    cell = ws.cell(row=row, column=1)
    total = sum(
        (ws.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH)
        if get_column_letter(c) in ws.column_dimensions
        else DEFAULT_WIDTH
        for c in range(1, last_column + 1)
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    lines = wrapped_lines(str(cell.value or ""), total * 0.9)  # the title is bold
    if lines > 1:
        ws.row_dimensions[row].height = ROW_HEIGHT_PT * lines


def set_up_printing(
    ws: Worksheet, title: str, last_column: int, last_row: int, blocks: Sequence[tuple[int, int]] = ()
) -> list[int]:
    """A4 landscape, fit to one page wide, print area A1:{last_column}{last_row}, header with ``title``,
    footer with page numbers, page breaks between ``blocks``. Returns the rows after which pages break."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    for name, value in MARGIN_IN.items():
        setattr(ws.page_margins, name, value)
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddHeader.center.size = 10
    ws.oddFooter.center.text = "&P / &N ページ"
    ws.oddFooter.center.size = 9
    breaks = block_breaks(blocks, rows_per_page(fit_scale(ws, last_column)))
    ws.row_breaks = RowBreak()
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    return breaks
