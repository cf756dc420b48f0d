"""LibreOffice Calc's .ods as a workbook format, behind its own guard."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from forms import fill_form, libreoffice_convert

from renkei_desktop.workbooks.ods_guard import ODS_MIMETYPE
from renkei_desktop.workbooks.reader import read_workbook


@pytest.fixture(scope="module")
def ods_pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("ods")
    src = fill_form(root / "src" / "08220_つくば市.xlsx", "municipal", {"E17": "つくば市", "E24": 31.4})
    return src, libreoffice_convert(src, "ods", root / "lo")


def test_ods_reads_like_the_xlsx_it_came_from(ods_pair):
    src, ods = ods_pair
    assert zipfile.ZipFile(ods).read("mimetype") == ODS_MIMETYPE
    from_xlsx, from_ods = read_workbook(src), read_workbook(ods)
    assert from_ods.ok, from_ods.message
    assert from_ods.survey == "municipal" and from_ods.sheet == "調査票"
    assert from_ods.raw["E17"] == "つくば市" and from_ods.raw["E24"] == 31.4
    assert from_ods.raw == from_xlsx.raw


def _with_content(ods: bytes, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ods)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == "content.xml" else src.read(info))
    return out.getvalue()


_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
    '<table:table table:name="調査票">{rows}</table:table></office:spreadsheet></office:body>'
    "</office:document-content>"
)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (  # one value repeated over 16,384 columns and a million rows: 17 billion cells
            '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
            'table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>',
            "シートの範囲が大きすぎます（1,048,576 行 × 16,384 列",
        ),
        (  # a million empty rows, then one cell far to the right
            '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
            '<table:table-row><table:table-cell table:number-columns-repeated="9000"/>'
            '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
            "シートの範囲が大きすぎます（1,000,001 行 × 9,001 列",
        ),
    ],
)
def test_repeat_bombs_are_refused_quickly(ods_pair, tmp_path, rows, reason):
    _, ods = ods_pair
    bomb = tmp_path / "bomb.ods"
    bomb.write_bytes(_with_content(ods.read_bytes(), _CONTENT.format(rows=rows).encode()))
    started = time.perf_counter()
    read = read_workbook(bomb)
    assert time.perf_counter() - started < 1.0
    assert read.status == "unreadable" and read.message.startswith(reason), read.message


def test_trailing_empty_repeats_are_free(ods_pair, tmp_path):
    """LibreOffice writes 16,375-column and million-row empty repeats: those cost nothing."""
    _, ods = ods_pair
    rows = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>調査</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
    )
    path = tmp_path / "lo.ods"
    path.write_bytes(_with_content(ods.read_bytes(), _CONTENT.format(rows=rows).encode()))
    read = read_workbook(path)
    assert read.status == "wrong_form", read.message
