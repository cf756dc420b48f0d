"""Cheap builders of hostile and broken workbooks (everything is generated into tmp_path).

Large inflated sizes are produced without spending the time or the disk: a deflate stream of N MiB
of identical bytes is one compressed MiB block repeated (after a full flush the compressor's state is
reset, so the same input gives the same output bytes), and the zip around it is written by hand so
that its headers can say anything.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from forms import fill_form

MIB = 1 << 20
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = "xl/worksheets/sheet1.xml"
SST_REL = (
    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
SST_CT = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
LAUGHS_DTD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (b"" if i == 1 else b"%d" % (i - 1))) * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)
XXE_DTD = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'

# contact block and a free-text answer of the base answer (see tests/forms.py); tests look for them
CONTACT_VALUES = ("029-000-0000", "test@example.invalid", "テスト 花子")


def base_workbook(path: Path, cells: dict | None = None) -> Path:
    """A complete, valid municipal answer (水戸市)."""
    return fill_form(path, "municipal", cells or {})


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_parts(path: Path, parts: dict[str, bytes], level: int = 6) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return path


def mutated(base: Path, out: Path, mutate: Callable[[dict[str, bytes]], None]) -> Path:
    parts = read_parts(base)
    mutate(parts)
    return write_parts(out, parts)


def add_cells(parts: dict[str, bytes], xml: bytes, sheet: str = SHEET) -> None:
    parts[sheet] = parts[sheet].replace(b"</sheetData>", xml + b"</sheetData>", 1)


def add_shared_strings(parts: dict[str, bytes], sst_xml: bytes) -> None:
    parts["xl/sharedStrings.xml"] = sst_xml
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", SST_REL + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", SST_CT + b"</Types>")


def with_dtd(xml: bytes, dtd: bytes) -> bytes:
    """``xml`` with ``dtd`` (an XML declaration and a DOCTYPE) in place of its own declaration."""
    if xml.startswith(b"<?xml"):
        xml = xml.split(b"?>", 1)[1]
    return dtd + xml.lstrip()


# --- a hand-written zip -------------------------------------------------------------------------


@dataclass
class RawEntry:
    name: str
    data: bytes  # as stored (raw deflate for method 8)
    crc: int
    file_size: int  # what the headers declare
    method: int = 8

    @classmethod
    def deflated(cls, name: str, body: bytes) -> RawEntry:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, c.compress(body) + c.flush(), zlib.crc32(body), len(body))


def write_raw_zip(
    path: Path, entries: Iterable[RawEntry], *, aliases: Iterable[tuple[str, str]] = ()
) -> Path:
    """A zip whose headers say exactly what the entries say; each (new name, existing name) alias adds
    a central-directory record pointing at the existing entry's data (an overlapping-entry bomb)."""
    entries = list(entries)
    out = bytearray()
    records: list[tuple[RawEntry, int]] = []
    for e in entries:
        offset = len(out)
        name = e.name.encode()
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0x800,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.data),
            e.file_size,
            len(name),
            0,
        )
        out += name + e.data
        records.append((e, offset))
    for alias, existing in aliases:
        entry, offset = next((e, off) for e, off in records if e.name == existing)
        records.append((RawEntry(alias, entry.data, entry.crc, entry.file_size, entry.method), offset))
    cd_start = len(out)
    for e, offset in records:
        name = e.name.encode()
        out += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0x800,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.data),
            e.file_size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        out += name
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(records), len(records), len(out) - cd_start, cd_start, 0
    )
    path.write_bytes(bytes(out))
    return path


def repeated_deflate(prefix: bytes, unit: bytes, count: int, suffix: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of ``prefix + unit * count + suffix`` (``unit`` 1 MiB), built in milliseconds.

    Returns (compressed bytes, CRC-32, inflated size)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    first = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    assert first == again, "compressor state not reset by a full flush"
    tail = c.compress(suffix) + c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    return head + again * count + tail, crc, len(prefix) + len(unit) * count + len(suffix)


def bomb_workbook(
    base: Path, out: Path, inflated_mib: int, *, declared: int | None = None
) -> tuple[Path, int]:
    """``base`` with its sheet replaced by a part that inflates to ``inflated_mib`` MiB of blanks
    inside well-formed sheet XML; the headers declare ``declared`` bytes (default: the truth).

    Returns (path, inflated size)."""
    parts = read_parts(base)
    sheet = parts[SHEET]
    head, _, tail = sheet.partition(b"</sheetData>")
    data, crc, size = repeated_deflate(
        head + b"<!--", b" " * MIB, inflated_mib, b"-->" + b"</sheetData>" + tail
    )
    entries = []
    for name, body in parts.items():
        if name == SHEET:
            if declared is not None:  # a lying header: the CRC of what the declared size yields
                inflated = (head + b"<!--" + b" " * MIB)[:declared]
                entries.append(RawEntry(name, data, zlib.crc32(inflated), declared))
            else:
                entries.append(RawEntry(name, data, crc, size))
        else:
            entries.append(RawEntry.deflated(name, body))
    return write_raw_zip(out, entries), size


def random_text(n: int, seed: int = 1) -> bytes:
    """``n`` bytes of ASCII that deflate cannot shrink much (so ratio limits do not hide a test)."""
    import base64
    import random

    return base64.b64encode(random.Random(seed).randbytes(n))[:n]


def big_sheet_rows(first_row: int, rows: int, cols: str = "KLMNOPQRST") -> bytes:
    """Well-formed, realistic rows of numbers with explicit references (beside the form's columns)."""
    return b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (c.encode(), r, r * 7 + i) for i, c in enumerate(cols))
        + b"</row>"
        for r in range(first_row, first_row + rows)
    )


# --- legacy .xls ------------------------------------------------------------------------------------


def xls_workbook(path: Path, cells: dict | None = None) -> Path:
    """A legacy .xls (written by xlwt) of the prefectural form."""
    from forms import write_xls_with_xlwt

    return write_xls_with_xlwt(path, "prefectural", cells or {})


def xls_stream(path: Path) -> bytes:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        return ole.openstream("Workbook").read()


def biff_record(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def biff_records(stream: bytes) -> list[tuple[int, int, bytes]]:
    """(offset, type, data) of every record."""
    out = []
    pos = 0
    while pos + 4 <= len(stream):
        typ, size = struct.unpack_from("<HH", stream, pos)
        out.append((pos, typ, stream[pos + 4 : pos + 4 + size]))
        pos += 4 + size
    return out


def insert_in_last_sheet(stream: bytes, records: bytes) -> bytes:
    """``records`` just before the last EOF record (inside the last sheet, so no offset moves)."""
    last_eof = max(off for off, typ, _ in biff_records(stream) if typ == 0x000A)
    return stream[:last_eof] + records + stream[last_eof:]


def replace_record(stream: bytes, typ: int, data: bytes, nth: int = 0) -> bytes:
    """The ``nth`` record of type ``typ`` with new data of the same length."""
    off, _, old = [r for r in biff_records(stream) if r[1] == typ][nth]
    assert len(old) == len(data)
    return stream[: off + 4] + data + stream[off + 4 + len(old) :]


def write_xls(path: Path, stream: bytes) -> Path:
    from renkei_desktop.workbooks.xls_guard import compound_file

    path.write_bytes(compound_file("Workbook", stream))
    return path
