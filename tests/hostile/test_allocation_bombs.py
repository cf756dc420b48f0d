"""Small files that would make calamine allocate without limit: a cell far away, a declared size,
shared-string copies, many sheets over one part — in .xlsx and in legacy .xls.

Without the guard, each of these aborts the whole process (Rust aborts on a failed allocation; see
``test_unguarded_calamine_aborts``). With it, each is refused in milliseconds with a reason.
"""

from __future__ import annotations

import struct

import pytest
from hostile_builders import (
    MIB,
    NS,
    add_cells,
    add_shared_strings,
    base_workbook,
    biff_record,
    biff_records,
    insert_in_last_sheet,
    mutated,
    random_text,
    replace_record,
    write_xls,
    xls_stream,
    xls_workbook,
)
from hostile_harness import run_isolated

TOO_BIG = "使用範囲が大きすぎます"
BAD_REF = "不正なセル番地"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return base_workbook(tmp_path_factory.mktemp("alloc") / "base.xlsx")


def one_cell(ref: bytes, row: bytes | None = None) -> bytes:
    row = row or ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return b'<row r="%s"><c r="%s"><v>1</v></c></row>' % (row, ref)


XLSX_CASES = {
    "one cell at XFD1048576 (17 G cells)": (one_cell(b"XFD1048576"), TOO_BIG),
    "one cell at A1048576 (9.4 M cells)": (one_cell(b"A1048576"), TOO_BIG),
    "one cell at xfd900 (lower case)": (one_cell(b"xfd900"), TOO_BIG),
    "cell reference beyond the grid A99999999": (one_cell(b"A99999999", b"900"), BAD_REF),
    "cell reference with 4 letters AAAA9": (one_cell(b"AAAA9", b"9"), BAD_REF),
    "cell reference row 0": (one_cell(b"A0", b"900"), BAD_REF),
    "duplicate r attribute": (b'<row r="900"><c r="A900" r="XFD1048576"><v>1</v></c></row>', "XML が不正"),
    "cells without r after row 1048576": (b'<row r="1048576"><c><v>1</v></c><c><v>2</v></c></row>', TOO_BIG),
    "prefixed x:c element at XFD5000": (
        b'<row r="5000"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'r="XFD5000"><x:v>1</x:v></x:c></row>',
        TOO_BIG,
    ),
}


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_far_cells(base, tmp_path, read_hostile, case):
    xml, reason = XLSX_CASES[case]
    path = mutated(base, tmp_path / "far.xlsx", lambda p: add_cells(p, xml))
    read_hostile(path, case, contains=reason)


def test_formatted_empty_far_cells_are_fine(base, tmp_path, read_hostile):
    """Excel writes styled empty cells (``<c r="XFD5000" s="1"/>``); calamine skips them, so do we."""
    xml = b'<row r="5000"><c r="XFD5000" s="1"/><c r="XFC5000" s="1"></c></row>'
    path = mutated(base, tmp_path / "styled.xlsx", lambda p: add_cells(p, xml))
    read_hostile(path, "styled empty cells at XFD5000", expect="ok")


def test_shared_string_amplification(base, tmp_path, read_hostile):
    """One 1 MiB string (random, so the ratio limit does not catch it) copied into 4,000 cells:
    4 GB of text from a 1 MB file."""

    def mutate(parts):
        add_shared_strings(parts, b"<sst " + NS + b"><si><t>" + random_text(MIB) + b"</t></si></sst>")
        cells = b"".join(
            b'<row r="%d">' % r
            + b"".join(b'<c r="%s%d" t="s"><v>0</v></c>' % (c, r) for c in (b"K", b"L", b"M", b"N"))
            + b"</row>"
            for r in range(300, 1300)
        )
        add_cells(parts, cells)

    path = mutated(base, tmp_path / "amplify.xlsx", mutate)
    read_hostile(path, "shared string 1 MiB x 4,000 cells", contains="文字列の量が多すぎます")


def test_declared_shared_string_count(base, tmp_path, read_hostile):
    def mutate(parts):
        add_shared_strings(
            parts, b"<sst " + NS + b' count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>'
        )
        add_cells(parts, b'<row r="300"><c r="A300" t="s"><v>0</v></c></row>')

    path = mutated(base, tmp_path / "unique.xlsx", mutate)
    read_hostile(path, "sst uniqueCount 4,000,000,000", contains="共有文字列の件数")


def test_many_sheets_over_one_part(base, tmp_path, read_hostile):
    """200 sheet entries all pointing at one part whose grid is 1 M cells: 200 M cells in total."""

    def mutate(parts):
        add_cells(parts, b'<row r="100000"><c r="J100000"><v>1</v></c></row>')
        wb = parts["xl/workbook.xml"]
        first = wb.index(b"<sheet ")
        end = wb.index(b"/>", first) + 2
        entry = wb[first:end]
        copies = b"".join(
            entry.replace(b'name="', b'name="c%d' % i, 1).replace(b'sheetId="', b'sheetId="%d' % (i + 10), 1)
            for i in range(200)
        )
        parts["xl/workbook.xml"] = wb[:end] + copies + wb[end:]

    path = mutated(base, tmp_path / "sheets.xlsx", mutate)
    read_hostile(path, "200 sheet entries over one 1 M-cell part", contains="全シート合計")


def test_too_many_sheets(base, tmp_path, read_hostile):
    def mutate(parts):
        wb = parts["xl/workbook.xml"]
        first = wb.index(b"<sheet ")
        end = wb.index(b"/>", first) + 2
        copies = b"".join(wb[first:end].replace(b'name="', b'name="c%d' % i, 1) for i in range(300))
        parts["xl/workbook.xml"] = wb[:end] + copies + wb[end:]

    path = mutated(base, tmp_path / "sheets300.xlsx", mutate)
    read_hostile(path, "300 sheet entries", contains="シートが多すぎます")


def _calamine_direct(path: str) -> str:
    import io

    from python_calamine import CalamineWorkbook

    with open(path, "rb") as handle:
        book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    try:
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        return f"error: {exc}"
    return "read"


def test_unguarded_calamine_aborts(base, tmp_path):
    """Documents why the guard exists: calamine alone, on a 20 KB file, tries to allocate 550 GB and
    the process dies (here in a child with an address-space limit)."""
    path = mutated(base, tmp_path / "far.xlsx", lambda p: add_cells(p, one_cell(b"XFD1048576")))
    outcome = run_isolated(_calamine_direct, str(path), timeout=60, headroom=1 << 30, quiet=True)
    assert outcome.crashed or (outcome.value or "").startswith("error"), outcome


# --- legacy .xls ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xls_base(tmp_path_factory):
    return xls_workbook(tmp_path_factory.mktemp("xls") / "base.xls")


def test_xls_baseline(xls_base, read_hostile):
    read = read_hostile(xls_base, "baseline: a valid .xls (xlwt)", expect="ok")
    assert read.survey == "prefectural"


def _number(row: int, col: int) -> bytes:
    return biff_record(0x0203, struct.pack("<HHHd", row, col, 0, 1.0))


XLS_CASES = {
    ".xls NUMBER at row 65535, column 65535": (
        lambda s: insert_in_last_sheet(s, _number(0xFFFF, 0xFFFF)),
        TOO_BIG,
    ),
    ".xls NUMBER at row 65535, column 255": (
        lambda s: insert_in_last_sheet(s, _number(0xFFFF, 0xFF)),
        TOO_BIG,
    ),
    ".xls RSTRING at row 65535, column 255": (
        lambda s: insert_in_last_sheet(
            s, biff_record(0x00D6, struct.pack("<HHH", 0xFFFF, 0xFF, 0) + b"\x00" * 4)
        ),
        TOO_BIG,
    ),
    ".xls MULRK reaching column 65535": (
        lambda s: insert_in_last_sheet(
            s, biff_record(0x00BD, struct.pack("<HH", 10, 0xFFFE) + b"\x00" * 12 + struct.pack("<H", 0xFFFF))
        ),
        TOO_BIG,
    ),
    ".xls DIMENSIONS 4 G rows x 65535 columns": (
        lambda s: replace_record(s, 0x0200, struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 0xFFFF, 0)),
        "使用範囲の宣言が不正",
    ),
    ".xls SST declaring 2^31-1 strings": (lambda s: _sst_count(s, 0x7FFFFFFF), "共有文字列の件数"),
    ".xls FILEPASS (password protected)": (
        lambda s: _after_bof(s, biff_record(0x002F, b"\x01\x00" + b"\x00" * 52)),
        "パスワード",
    ),
    ".xls BOUNDSHEET offset beyond the stream": (lambda s: _boundsheet_offset(s, 0x7FFFFFFF), "壊れています"),
    ".xls 255 BOUNDSHEETs on one sheet": (lambda s: _repeat_boundsheet(s, 254), None),
}


def _sst_count(stream: bytes, count: int) -> bytes:
    data = next(r for r in biff_records(stream) if r[1] == 0x00FC)[2]
    return replace_record(stream, 0x00FC, data[:4] + struct.pack("<I", count) + data[8:])


def _after_bof(stream: bytes, record: bytes) -> bytes:
    first = biff_records(stream)[1][0]
    shifted = stream[:first] + record + stream[first:]
    return _shift_boundsheets(shifted, len(record))


def _shift_boundsheets(stream: bytes, delta: int) -> bytes:
    for i, (_, _, data) in enumerate(r for r in biff_records(stream) if r[1] == 0x0085):
        (pos,) = struct.unpack_from("<I", data)
        stream = replace_record(stream, 0x0085, struct.pack("<I", pos + delta) + data[4:], nth=i)
    return stream


def _boundsheet_offset(stream: bytes, pos: int) -> bytes:
    data = next(r for r in biff_records(stream) if r[1] == 0x0085)[2]
    return replace_record(stream, 0x0085, struct.pack("<I", pos) + data[4:])


def _repeat_boundsheet(stream: bytes, copies: int) -> bytes:
    off, _, data = next(r for r in biff_records(stream) if r[1] == 0x0085)
    extra = b"".join(biff_record(0x0085, data[:6] + bytes([4, 0]) + b"c%03d" % i) for i in range(copies))
    shifted = stream[: off + 4 + len(data)] + extra + stream[off + 4 + len(data) :]
    return _shift_boundsheets(shifted, len(extra))


@pytest.mark.parametrize("case", list(XLS_CASES))
def test_xls_cases(xls_base, tmp_path, read_hostile, case):
    mutate, reason = XLS_CASES[case]
    path = write_xls(tmp_path / "hostile.xls", mutate(xls_stream(xls_base)))
    read_hostile(path, case, expect=None if reason is None else "unreadable", contains=reason)


def test_xls_rebuilt_container_holds_only_the_workbook_stream(xls_base):
    import olefile

    from renkei_desktop.workbooks.safety import DEFAULT_LIMITS
    from renkei_desktop.workbooks.xls_guard import read_ole, sanitize_xls

    clean, report = sanitize_xls(read_ole(xls_base.read_bytes(), DEFAULT_LIMITS), DEFAULT_LIMITS)
    with olefile.OleFileIO(clean) as ole:
        assert ole.listdir() == [["Workbook"]]
        assert ole.openstream("Workbook").read().startswith(xls_stream(xls_base)[:64])
    assert report.sheets == 1 and report.grid_cells > 0


def test_xls_cyclic_sector_chain(xls_base, tmp_path, read_hostile):
    """A FAT whose stream chain loops back: olefile reads the declared size only; calamine never
    sees the original container."""
    import olefile

    data = bytearray(xls_base.read_bytes())
    with olefile.OleFileIO(bytes(data)) as ole:
        start = ole.root.kids[0].isectStart
        chain = [start]
        while ole.fat[chain[-1]] < 0xFFFFFFFA:
            chain.append(ole.fat[chain[-1]])
    fat_sector = struct.unpack_from("<I", data, 76)[0]
    struct.pack_into("<I", data, 512 + fat_sector * 512 + 4 * chain[-1], chain[0])
    path = tmp_path / "cycle.xls"
    path.write_bytes(bytes(data))
    read_hostile(path, ".xls with a cyclic FAT chain", expect=None)
