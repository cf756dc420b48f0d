"""A seeded mutation fuzzer for workbooks: bytes of the file, bytes and text of the XML inside the
zip, zip header fields, and BIFF records of .xls files. Deterministic for a given seed."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile

INTERESTING_INTS = [
    0,
    1,
    2,
    7,
    8,
    15,
    16,
    31,
    32,
    63,
    64,
    127,
    128,
    255,
    256,
    4095,
    4096,
    16383,
    16384,
    65535,
    65536,
    1048575,
    1048576,
    2**31 - 1,
    2**31,
    2**32 - 1,
]
INTERESTING_BYTES = [
    b"\x00",
    b"\xff",
    b"\x7f",
    b"\x80",
    b"\x00\x00\x00\x80",
    b"\xff\xff\xff\xff",
    b"\xfe\xff\xff\xff",
]
XML_TOKENS = [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    b"&a;",
    b"&#0;",
    b"&#1;",
    b"&#x10FFFF;",
    b"&amp;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?pi x?>",
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<c r="A1048576" t="s"><v>0</v></c>',
    b'<c t="s"><v>4294967295</v></c>',
    b'<c r="A0"><v>1</v></c>',
    b'<row r="1048577">',
    b"<row>",
    b"</row>",
    b'r="XFD1"',
    b't="s"',
    b't="inlineStr"',
    b't="d"',
    b't="e"',
    b't="b"',
    b"<v>1e308</v>",
    b"<v>-0</v>",
    b"<v>NaN</v>",
    b'uniqueCount="4000000000"',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'<sheet name="x" sheetId="9" r:id="rId1"/>',
    b"<is><t>" + "日本語".encode() + b"</t></is>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"<a>" * 50,
    b"</a>" * 50,
    b'=HYPERLINK("http://x")',
]
PART_WEIGHTS = {
    "xl/worksheets/sheet1.xml": 6,
    "xl/workbook.xml": 2,
    "xl/_rels/workbook.xml.rels": 2,
    "xl/sharedStrings.xml": 3,
    "xl/styles.xml": 1,
    "[Content_Types].xml": 1,
    "_rels/.rels": 1,
}
_DIGITS = re.compile(rb"[0-9]+")


def mutate_bytes(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    """Generic byte mutations: flips, overwrites, inserts, deletions, splices, truncation."""
    buf = bytearray(data)
    for _ in range(rounds or rng.randint(1, 8)):
        if not buf:
            buf += bytes([rng.getrandbits(8)])
        op = rng.randrange(8)
        pos = rng.randrange(len(buf))
        if op == 0:
            buf[pos] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos] = rng.getrandbits(8)
        elif op == 2:
            token = rng.choice(INTERESTING_BYTES)
            buf[pos : pos + len(token)] = token
        elif op == 3:
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 4:
            buf[pos:pos] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 32)))
        elif op == 5:
            start = rng.randrange(len(buf))
            chunk = bytes(buf[start : start + rng.randint(1, 256)])
            buf[pos:pos] = chunk * rng.randint(1, 4)
        elif op == 6 and len(buf) > 8:
            del buf[rng.randrange(len(buf) // 2, len(buf)) :]
        else:
            value = rng.choice(INTERESTING_INTS)
            width = rng.choice((2, 4))
            if value < 1 << (8 * width):
                buf[pos : pos + width] = value.to_bytes(width, "little")
    return bytes(buf)


def mutate_xml(rng: random.Random, xml: bytes) -> bytes:
    """Text-aware mutations: tokens inserted at tag boundaries, numbers replaced, tags cut or copied."""
    buf = xml
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        if op == 0:
            cuts = [m.start() for m in re.finditer(rb"<", buf)] or [0]
            pos = rng.choice(cuts)
            buf = buf[:pos] + rng.choice(XML_TOKENS) + buf[pos:]
        elif op == 1:
            numbers = list(_DIGITS.finditer(buf))
            if numbers:
                m = rng.choice(numbers)
                buf = buf[: m.start()] + str(rng.choice(INTERESTING_INTS)).encode() + buf[m.end() :]
        elif op == 2:
            tags = [m.span() for m in re.finditer(rb"<[^<>]{0,200}>", buf)]
            if tags:
                start, end = rng.choice(tags)
                buf = buf[:start] + buf[end:]
        elif op == 3:
            tags = [m.span() for m in re.finditer(rb"<c [^<>]{0,100}>.{0,200}?</c>", buf, re.S)]
            if tags:
                start, end = rng.choice(tags)
                buf = buf[:end] + buf[start:end] * rng.randint(1, 50) + buf[end:]
        elif op == 4:
            refs = list(re.finditer(rb'r="[A-Z]{1,3}[0-9]{1,7}"', buf))
            if refs:
                m = rng.choice(refs)
                col = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabc") for _ in range(rng.randint(1, 4)))
                buf = buf[: m.start()] + f'r="{col}{rng.choice(INTERESTING_INTS)}"'.encode() + buf[m.end() :]
        else:
            buf = mutate_bytes(rng, buf, rounds=rng.randint(1, 3))
    return buf


def mutate_package(rng: random.Random, data: bytes) -> bytes:
    """Unzip, mutate one or two parts (or drop/duplicate a part), zip again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(i.filename, archive.read(i)) for i in archive.infolist()]
    names = [n for n, _ in parts]
    for _ in range(rng.randint(1, 2)):
        op = rng.randrange(10)
        if op < 8:
            weights = [PART_WEIGHTS.get(n, 1) for n in names]
            target = rng.choices(range(len(parts)), weights)[0]
            name, body = parts[target]
            parts[target] = (name, mutate_xml(rng, body))
        elif op == 8 and len(parts) > 1:
            parts.pop(rng.randrange(len(parts)))
            names = [n for n, _ in parts]
        else:
            parts.append(rng.choice(parts))
            names = [n for n, _ in parts]
    out = io.BytesIO()
    method = rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))
    with zipfile.ZipFile(out, "w", method) as archive:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are a mutation here
            for name, body in parts:
                archive.writestr(name, body)
    return out.getvalue()


def mutate_zip_headers(rng: random.Random, data: bytes) -> bytes:
    """Change fields of local/central headers and the end record (sizes, offsets, counts, flags)."""
    buf = bytearray(data)
    spots = [m.start() for m in re.finditer(rb"PK\x03\x04|PK\x01\x02|PK\x05\x06", bytes(buf))]
    for _ in range(rng.randint(1, 3)):
        if not spots:
            break
        base = rng.choice(spots)
        offset = base + rng.randrange(4, 46)
        width = rng.choice((2, 4))
        value = rng.choice(INTERESTING_INTS) % (1 << (8 * width))
        buf[offset : offset + width] = value.to_bytes(width, "little")
    return bytes(buf)


def mutate_biff(rng: random.Random, data: bytes) -> bytes:
    """Mutate the records of the Workbook stream of an .xls and rebuild the container."""
    import olefile

    from renkei_desktop.workbooks.xls_guard import compound_file

    with olefile.OleFileIO(data) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
    offsets = []
    pos = 0
    while pos + 4 <= len(stream):
        typ, size = struct.unpack_from("<HH", stream, pos)
        offsets.append((pos, typ, size))
        pos += 4 + size
    for _ in range(rng.randint(1, 4)):
        off, typ, size = rng.choice(offsets)
        op = rng.randrange(4)
        if op == 0 and size >= 4:  # row / column of a cell record, or any first fields
            field = off + 4 + rng.choice((0, 2)) if size >= 4 else off + 4
            struct.pack_into("<H", stream, field, rng.choice(INTERESTING_INTS) & 0xFFFF)
        elif op == 1:
            struct.pack_into(
                "<H",
                stream,
                off,
                rng.choice(
                    (
                        0x0203,
                        0x00FD,
                        0x00BD,
                        0x0200,
                        0x00FC,
                        0x0085,
                        0x000A,
                        0x003C,
                        0x00D6,
                        0x0006,
                        rng.getrandbits(16),
                    )
                ),
            )
        elif op == 2:
            struct.pack_into("<H", stream, off + 2, rng.choice(INTERESTING_INTS) & 0xFFFF)
        else:
            end = off + 4 + size
            stream[off + 4 : end] = mutate_bytes(rng, bytes(stream[off + 4 : end]), rounds=2)[:size].ljust(
                size, b"\x00"
            )
    return compound_file("Workbook", bytes(stream))


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """One mutated file from a seed file; returns (strategy, bytes)."""
    is_zip = data.startswith(b"PK\x03\x04")
    choice = rng.random()
    try:
        if is_zip and choice < 0.55:
            return "xml", mutate_package(rng, data)
        if is_zip and choice < 0.7:
            return "zip-headers", mutate_zip_headers(rng, data)
        if not is_zip and choice < 0.6:
            return "biff", mutate_biff(rng, data)
    except Exception:  # a seed the structured mutator cannot parse: fall back to bytes
        pass
    return "bytes", mutate_bytes(rng, data)
