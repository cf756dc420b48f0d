"""Zip-level attacks: bombs (honest and lying headers, overlapping entries), too many parts,
duplicate and path-traversal names, encrypted or exotic entries. Each is refused before anything
large is inflated, with a Japanese reason, in milliseconds."""

from __future__ import annotations

import zipfile

import pytest
from hostile_builders import (
    MIB,
    SHEET,
    RawEntry,
    base_workbook,
    bomb_workbook,
    random_text,
    read_parts,
    write_parts,
    write_raw_zip,
)

from renkei_desktop.workbooks.ooxml_guard import sanitize_package
from renkei_desktop.workbooks.safety import DEFAULT_LIMITS


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return base_workbook(tmp_path_factory.mktemp("zip") / "base.xlsx")


def test_base_is_read(base, read_hostile):
    read = read_hostile(base, "baseline: a valid returned form", expect="ok")
    assert read.raw["E17"] == "水戸市"


def test_bomb_with_honest_header_over_1_gib(base, tmp_path, read_hostile):
    path, inflated = bomb_workbook(base, tmp_path / "bomb.xlsx", 1536)
    assert inflated > 1536 * MIB and path.stat().st_size < 3 * MIB
    read_hostile(path, "zip bomb 1.5 GiB (honest header)", contains="展開後のサイズが大きすぎます")


def test_bomb_with_lying_header(base, tmp_path, read_hostile):
    """The directory says 4 KB but the stream inflates to 1.5 GiB: only the declared bytes are ever
    inflated (their CRC even matches), and calamine only sees the re-packed, checked part."""
    path, inflated = bomb_workbook(base, tmp_path / "liar.xlsx", 1536, declared=4096)
    assert inflated > 1536 * MIB
    read = read_hostile(path, "zip bomb 1.5 GiB (lying header)")
    assert "壊れ" in read.message  # refused before or by the reader: truncated part, never inflated further


def test_ratio_limit(base, tmp_path, read_hostile):
    """A 20 MiB part of blanks is under the size limits but compresses 1000:1."""
    path, _ = bomb_workbook(base, tmp_path / "ratio.xlsx", 20)
    read_hostile(path, "compression ratio 1000:1 (20 MiB part)", contains="圧縮率が異常に高い")


def test_overlapping_entries(base, tmp_path, read_hostile):
    """Fifield's overlapping-file bomb: many directory records point at one 4 MiB stream (of text
    that does not compress, so that only the total gives it away)."""
    parts = read_parts(base)
    entries = [RawEntry.deflated(n, b) for n, b in parts.items()]
    entries.append(RawEntry.deflated("xl/big.xml", b"<x>" + random_text(4 * MIB) + b"</x>"))
    path = write_raw_zip(
        tmp_path / "overlap.xlsx", entries, aliases=[(f"xl/copy{i}.xml", "xl/big.xml") for i in range(500)]
    )
    read_hostile(path, "overlapping entries (500 x 4 MiB)", contains="合計サイズが大きすぎます")


def test_too_many_parts(base, tmp_path, read_hostile):
    parts = read_parts(base)
    parts.update({f"xl/junk/{i}.xml": b"<a/>" for i in range(DEFAULT_LIMITS.max_zip_entries + 1)})
    path = write_parts(tmp_path / "many.xlsx", parts, level=1)
    read_hostile(path, f"{DEFAULT_LIMITS.max_zip_entries + 1} parts", contains="部品が多すぎます")


@pytest.mark.parametrize(
    "name",
    ["../../evil.xml", "/etc/evil.xml", "xl\\..\\..\\evil.xml", "C:/Windows/evil.xml", "xl/../../evil.xml"],
)
def test_path_traversal_names(base, tmp_path, read_hostile, name):
    parts = read_parts(base)
    entries = [RawEntry.deflated(n, b) for n, b in parts.items()]
    entries.append(RawEntry.deflated(name, b"<x/>"))
    path = write_raw_zip(tmp_path / "traversal.xlsx", entries)
    read_hostile(path, f"path traversal name {name}", contains="不正な部品名")
    assert not (tmp_path.parent / "evil.xml").exists()


def test_duplicate_part_names(base, tmp_path, read_hostile):
    """Two different sheets under one name: readers disagree on which one counts, so refuse."""
    parts = read_parts(base)
    entries = [RawEntry.deflated(n, b) for n, b in parts.items()]
    entries.append(RawEntry.deflated(SHEET, parts[SHEET].replace("水戸市".encode(), "偽物市".encode())))
    path = write_raw_zip(tmp_path / "dup.xlsx", entries)
    read_hostile(path, "duplicate part names", contains="重複")


def test_encrypted_zip_entry(base, tmp_path, read_hostile):
    parts = read_parts(base)
    entries = [RawEntry.deflated(n, b) for n, b in parts.items()]
    path = write_raw_zip(tmp_path / "zipcrypto.xlsx", entries)
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag in every local and central header
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos >= 0:
            data[pos + flag_at] |= 0x01
            pos = data.find(sig, pos + 4)
    path.write_bytes(bytes(data))
    read_hostile(path, "zip entries with the encryption flag", contains="暗号化された部品")


def test_exotic_compression(base, tmp_path, read_hostile):
    parts = read_parts(base)
    path = tmp_path / "lzma.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_LZMA) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    read_hostile(path, "LZMA-compressed parts", contains="対応していない圧縮形式")


def test_macros_are_dropped_not_parsed(base, tmp_path, read_hostile):
    """An .xlsm's vbaProject.bin (and images) never reach calamine and are never inflated."""
    parts = read_parts(base)
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b'Attribute VB_Name = "Module1"\r\nShell "calc"' * 100
    parts["xl/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    path = write_parts(tmp_path / "macro.xlsm", parts)
    clean, report = sanitize_package(path.read_bytes(), DEFAULT_LIMITS)
    assert "xl/vbaProject.bin" in report.parts_dropped and "xl/media/image1.png" in report.parts_dropped
    import io

    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        names = archive.namelist()
    assert "xl/vbaProject.bin" not in names and SHEET in names
    read = read_hostile(path, "xlsm with a macro project and an image", expect="ok")
    assert read.raw["E17"] == "水戸市"
