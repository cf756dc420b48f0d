"""Large but well-formed workbooks: one over the limits (refused at once), and the largest ones the
limits accept (read to the end within the time budget). The accepted ones are the measured worst
case of the per-file time and memory reported in docs/RELIABILITY.md."""

from __future__ import annotations

import openpyxl
import pytest
from hostile_builders import (
    MIB,
    SHEET,
    RawEntry,
    add_cells,
    base_workbook,
    big_sheet_rows,
    mutated,
    read_parts,
    repeated_deflate,
    write_raw_zip,
)

from renkei_desktop.workbooks.safety import DEFAULT_LIMITS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return base_workbook(tmp_path_factory.mktemp("large") / "base.xlsx")


@pytest.fixture(scope="module")
def blank_two_sheets(tmp_path_factory):
    """A workbook that is not the form (so the reader reads every sheet before saying so)."""
    path = tmp_path_factory.mktemp("blank") / "blank.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "別の集計"
    wb.create_sheet("二枚目")["A1"] = "メモ"
    wb.save(path)
    return path


def test_100_mb_sheet_is_refused(base, tmp_path, read_hostile):
    """A 100 MiB well-formed sheet (rows of numbers), refused before it is inflated."""
    parts = read_parts(base)
    head, _, tail = parts[SHEET].partition(b"</sheetData>")
    row = b"<row><c><v>1</v></c><c><v>2</v></c></row>"
    unit = (row * (MIB // len(row))).ljust(MIB, b" ")
    data, crc, size = repeated_deflate(head, unit, 100, b"</sheetData>" + tail)
    entries = [RawEntry.deflated(n, b) for n, b in parts.items() if n != SHEET]
    entries.append(RawEntry(SHEET, data, crc, size))
    path = write_raw_zip(tmp_path / "100mb.xlsx", entries)
    assert size > 100 * MIB
    read_hostile(path, "100 MiB well-formed sheet", contains="展開後のサイズが大きすぎます")


def test_largest_accepted_sheet(base, tmp_path, read_hostile):
    """About 30 MB of sheet XML, 850,000 numeric cells beside the form: read completely."""
    path = mutated(base, tmp_path / "big.xlsx", lambda p: add_cells(p, big_sheet_rows(300, 85_000)))
    read = read_hostile(path, "30 MB sheet, 850,000 cells (accepted)", expect="ok")
    assert read.raw["E17"] == "水戸市"


def test_largest_accepted_workbook(blank_two_sheets, tmp_path, read_hostile):
    """Two sheets of 31 MB each (formatted empty cells): the most XML the limits let through,
    every sheet read because the workbook is not the form."""
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" s="0"/>' % (c, r) for c in (b"A", b"B", b"C", b"D", b"E", b"F"))
        + b"</row>"
        for r in range(2, 160_000)
    )
    assert len(rows) * 2 < DEFAULT_LIMITS.max_total_bytes

    def fill(parts):
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            add_cells(parts, rows, sheet=name)

    path = mutated(blank_two_sheets, tmp_path / "empty_cells.xlsx", fill)
    read_hostile(path, "2 x 31 MB sheets of empty cells (accepted)", expect="wrong_form")


def test_largest_accepted_grid(blank_two_sheets, tmp_path, read_hostile):
    """Two sheets whose last cell is T100000: 2 x 2,000,000 cells handed to Python (the limit)."""

    def far(parts):
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            add_cells(parts, b'<row r="100000"><c r="T100000"><v>1</v></c></row>', sheet=name)

    path = mutated(blank_two_sheets, tmp_path / "grid.xlsx", far)
    read_hostile(path, "2 x 2,000,000-cell grids (accepted)", expect="wrong_form")


def test_just_over_the_grid_limit(blank_two_sheets, tmp_path, read_hostile):
    path = mutated(
        blank_two_sheets,
        tmp_path / "grid1.xlsx",
        lambda p: add_cells(p, b'<row r="100001"><c r="T100001"><v>1</v></c></row>'),
    )
    read_hostile(path, "2,000,020-cell grid (one row over)", contains="使用範囲が大きすぎます")


def test_file_over_30_mb_is_refused_without_reading(tmp_path, read_hostile):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(DEFAULT_LIMITS.max_file_bytes + 1)  # sparse: no disk used
    read_hostile(path, "31 MB file (sparse)", contains="ファイルが大きすぎます")
