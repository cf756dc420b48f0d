"""Small openpyxl helpers shared by the Excel exporters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from renkei_desktop.export.atomic import write_atomic
from renkei_desktop.export.xlsx_lists import clean_cell_text
from renkei_desktop.workbooks.own_outputs import OUTPUT_MARKER, OUTPUT_MARKER_VALUE

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=11)
HEADER_FONT = Font(bold=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put(ws: Worksheet, row: int, col: int, value: Any, *, number_format: str | None = None) -> Cell:
    """Write a value; text is always stored as text, never as a formula (even when it starts with '=')."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = clean_cell_text(value)  # control characters would make the whole save fail
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    return cell


def header(ws: Worksheet, row: int, labels: list[str], start_col: int = 1) -> None:
    for offset, label in enumerate(labels):
        cell = put(ws, row, start_col + offset, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BOX


def save_workbook(wb: Workbook, path: Path, *, overwrite: bool = True) -> Path:
    wb.custom_doc_props.append(StringProperty(name=OUTPUT_MARKER, value=OUTPUT_MARKER_VALUE))
    return write_atomic(Path(path), lambda tmp: wb.save(tmp), overwrite=overwrite)
