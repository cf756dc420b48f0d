"""The zip layer of an OOXML package: entry checks, bounded inflation of one part, and re-packing.

Parts are inflated straight from the bytes in memory (one local-header check and one zlib call per
part), never beyond the size the central directory declares, with the CRC checked; the accepted parts
are written into a fresh, uncompressed zip so that python-calamine parses exactly what was checked.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections import Counter

from renkei_desktop.workbooks.ooxml_xml import broken
from renkei_desktop.workbooks.safety import MB, Limits, UnreadableError, printable

_KEPT_SUFFIXES = (".xml", ".rels")
# Parts calamine never reads for cell values: not inflated, not checked, not re-packed.
_UNUSED_PREFIXES = ("docprops/", "customxml/", "xl/theme/", "xl/drawings/", "xl/charts/", "xl/calcchain")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800
_DOS_DATE_1980_01_01 = (1 << 5) | 1


def check_zip_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_zip_entries:
        raise UnreadableError(
            f"ファイル内の部品が多すぎます（{len(infos)} 個、上限 {limits.max_zip_entries} 個）"
        )
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        dup = next(n for n, c in Counter(names).items() if c > 1)
        raise UnreadableError(f"同じ名前の部品が重複しています（{printable(dup)}、改ざんの可能性）")
    present = set(names)
    if "xl/workbook.bin" in present:
        raise UnreadableError("xlsb 形式には対応していません（xlsx で保存し直してください）")
    if "xl/workbook.xml" not in present:
        if "content.xml" in present:
            raise UnreadableError(
                "Excel ブックではありません（OpenDocument 形式です。xlsx で保存し直してください）"
            )
        raise UnreadableError("Excel ブックではありません（中身が Excel の形式ではありません）")
    total = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise UnreadableError(f"不正な部品名を含むファイルです（{printable(name)}）")
        if info.flag_bits & 0x41:
            raise UnreadableError(f"暗号化された部品を含むファイルです（{printable(name)}）")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableError(f"対応していない圧縮形式の部品を含みます（{printable(name)}）")
        if info.file_size > limits.max_part_bytes:
            raise UnreadableError(
                f"展開後のサイズが大きすぎます（{printable(name)}: {info.file_size / MB:.0f} MB、"
                f"上限 {limits.max_part_bytes // MB} MB。ZIP 爆弾の可能性）"
            )
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise UnreadableError(f"圧縮率が異常に高い部品を含みます（{printable(name)}、ZIP 爆弾の可能性）")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise UnreadableError(
            f"展開後の合計サイズが大きすぎます（{total / MB:.0f} MB、上限 {limits.max_total_bytes // MB} MB）"
        )


def is_kept(name: str) -> bool:
    """Whether calamine may read this part (XML and relationships, not macros or unused parts)."""
    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    return (
        lower.endswith(_KEPT_SUFFIXES)
        and not base.startswith("vba")
        and not lower.startswith(_UNUSED_PREFIXES)
    )


def inflate(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The part's bytes, inflated up to its declared size, with the local header and CRC checked
    (what :meth:`zipfile.ZipFile.open` checks, without its per-part file object)."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        raise broken(f"部品 {printable(info.filename)} のヘッダーが途中で切れています")
    magic, _version, flags, _method, _time, _date, _crc, _csize, _size, name_len, extra_len = (
        _LOCAL_HEADER.unpack(header)
    )
    if magic != b"PK\x03\x04":
        raise broken(f"部品 {printable(info.filename)} のヘッダーが不正です")
    name_at = start + _LOCAL_HEADER.size
    raw_name = data[name_at : name_at + name_len]
    try:
        local_name = raw_name.decode("utf-8" if flags & _UTF8_NAME else "cp437")
    except UnicodeDecodeError as exc:
        raise broken(f"部品 {printable(info.filename)} の名前が不正です") from exc
    if local_name != info.orig_filename:
        raise broken(f"部品 {printable(info.filename)} の名前が目次と一致しません")
    body_at = name_at + name_len + extra_len
    stored = data[body_at : body_at + info.compress_size]
    if len(stored) != info.compress_size:
        raise broken(f"部品 {printable(info.filename)} が途中で切れています")
    if info.compress_type == zipfile.ZIP_STORED:
        body = stored
    else:
        try:
            body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(stored, info.file_size + 1)
        except zlib.error as exc:
            raise broken(f"部品 {printable(info.filename)} を展開できません") from exc
    if len(body) != info.file_size:
        raise broken(f"部品 {printable(info.filename)} の長さが一致しません")
    if zlib.crc32(body) != info.CRC:
        raise broken(f"部品 {printable(info.filename)} の CRC が一致しません")
    return body


def repack(parts: list[tuple[str, bytes]]) -> bytes:
    """A fresh, uncompressed zip of ``parts`` (name, bytes), in memory."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, body in parts:
        raw_name = name.encode("utf-8")
        flags = 0 if raw_name.isascii() else _UTF8_NAME
        crc = zlib.crc32(body)
        size = len(body)
        local = _LOCAL_HEADER.pack(
            b"PK\x03\x04", 20, flags, 0, 0, _DOS_DATE_1980_01_01, crc, size, size, len(raw_name), 0
        )
        central.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                20,
                20,
                flags,
                0,
                0,
                _DOS_DATE_1980_01_01,
                crc,
                size,
                size,
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw_name
        )
        out += (local, raw_name, body)
        offset += len(local) + len(raw_name) + size
    directory = b"".join(central)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), offset, 0)
    return b"".join(out) + directory + end
