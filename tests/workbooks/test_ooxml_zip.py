"""The zip layer of the OOXML guard: inflating one part from memory and re-packing the checked parts."""

from __future__ import annotations

import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from renkei_desktop.workbooks.ooxml_zip import inflate, is_kept, repack
from renkei_desktop.workbooks.safety import UnreadableError

SHEET = b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _info(data: bytes, name: str) -> zipfile.ZipInfo:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo(name)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_inflate_gives_the_part_as_zipfile_does(method):
    body = SHEET * 50
    data = _zip({"xl/worksheets/sheet1.xml": body, "日本語/名前.xml": b"<a/>"}, method)
    assert inflate(data, _info(data, "xl/worksheets/sheet1.xml")) == body
    assert inflate(data, _info(data, "日本語/名前.xml")) == b"<a/>"


def test_inflate_never_goes_past_the_declared_size():
    data = _zip({"a.xml": b"<a>" + b"x" * 10_000 + b"</a>"})
    info = _info(data, "a.xml")
    info.file_size = 100  # a lying directory: the part inflates to more than it says
    with pytest.raises(UnreadableError, match="長さが一致しません"):
        inflate(data, info)


def test_inflate_checks_the_crc():
    data = bytearray(_zip({"a.xml": b"<a>hello</a>"}, zipfile.ZIP_STORED))
    info = _info(bytes(data), "a.xml")
    at = bytes(data).index(b"hello")
    data[at] = ord("j")
    with pytest.raises(UnreadableError, match="CRC"):
        inflate(bytes(data), info)


def test_inflate_refuses_a_local_header_that_disagrees_with_the_directory():
    data = _zip({"a.xml": b"<a/>"}, zipfile.ZIP_STORED)
    info = _info(data, "a.xml")
    swapped = data.replace(b"a.xml", b"b.xml", 1)  # only the local header's copy of the name
    with pytest.raises(UnreadableError, match="目次と一致しません"):
        inflate(swapped, info)


def test_inflate_refuses_a_truncated_part():
    data = _zip({"a.xml": b"<a>" + bytes(range(256)) * 40 + b"</a>"})
    info = _info(data, "a.xml")
    with pytest.raises(UnreadableError, match="切れています"):
        inflate(data[: info.header_offset + 60], info)


def test_repack_is_a_zip_that_zipfile_and_calamine_read():
    parts = [
        ("[Content_Types].xml", _zip_part("content_types")),
        ("_rels/.rels", _zip_part("rels")),
        ("xl/workbook.xml", _zip_part("workbook")),
        ("xl/_rels/workbook.xml.rels", _zip_part("workbook_rels")),
        ("xl/worksheets/sheet1.xml", SHEET),
    ]
    packed = repack(parts)
    archive = zipfile.ZipFile(io.BytesIO(packed))
    assert archive.testzip() is None
    assert [(i.filename, archive.read(i)) for i in archive.infolist()] == parts
    book = CalamineWorkbook.from_filelike(io.BytesIO(packed))
    assert book.get_sheet_by_name("表").to_python() == [["x"]]


def test_unused_and_binary_parts_are_not_kept():
    assert is_kept("xl/worksheets/sheet1.xml") and is_kept("xl/_rels/workbook.xml.rels")
    assert is_kept("xl/sharedStrings.xml") and is_kept("xl/styles.xml")
    for name in ("xl/vbaProject.bin", "xl/media/image1.png", "docProps/core.xml", "xl/theme/theme1.xml"):
        assert not is_kept(name), name


def _zip_part(kind: str) -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    return {
        "content_types": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "workbook": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "workbook_rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }[kind].encode("utf-8")
