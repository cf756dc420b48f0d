"""Check a legacy .xls (BIFF in an OLE compound file) and rebuild it before python-calamine parses it.

Calamine parses every sheet of an .xls when the file is opened and trusts the numbers in it: a
DIMENSIONS record or a single cell at row 65535 / column 65535 makes it allocate terabytes and abort
the process. So, in Python and with bounded work:

1. the compound file is read with :mod:`olefile` (which checks sector chains), and only the
   ``Workbook`` (or BIFF5 ``Book``) stream is taken: macros (``_VBA_PROJECT_CUR``) and every other
   stream are dropped;
2. the BIFF records are walked the way calamine walks them (globals, then each sheet from its
   BOUNDSHEET offset to its EOF record): the dense grid of each sheet (cells and DIMENSIONS), the text
   copied by shared-string cells, the number of sheets and the bytes walked must stay under the limits;
   a FILEPASS record (password protection) is refused;
3. a minimal, well-formed compound file holding just that stream is written for calamine, so its
   compound-file reader never sees the original sector chains.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass

import olefile

from renkei_desktop.workbooks.safety import MB, Limits, ProtectedError, UnreadableError

ENCRYPTED_OOXML = "encrypted_ooxml"
XLS = "xls"

_EOF = 0x000A
_FILEPASS = 0x002F
_BOUNDSHEET = 0x0085
_SST = 0x00FC
_CONTINUE = 0x003C
_LABELSST = 0x00FD
_MULRK = 0x00BD
_DIMENSIONS = 0x0200
# records calamine (or an older BIFF reader) turns into a cell at (row, col) = the first two u16s;
# BLANK/MULBLANK are left out because calamine skips them (formatted empty cells are common)
_CELL_RECORDS = frozenset(
    {0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0206, 0x0406, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}
)
_UTF8_PER_CHAR = 3  # shared strings are UTF-16 in the file; at most 3 UTF-8 bytes per code unit


def _broken(what: str = "Excel 97-2003 形式として読めません") -> UnreadableError:
    return UnreadableError(f"ファイルが壊れています（{what}）")


@dataclass
class OleContents:
    kind: str  # ENCRYPTED_OOXML or XLS
    stream_name: str = ""
    stream: bytes = b""


def read_ole(data: bytes, limits: Limits) -> OleContents:
    """Classify an OLE compound file and, for an .xls, return its BIFF workbook stream."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and its own errors for bad headers and chains
        raise _broken() from exc
    try:
        streams = {"/".join(s) for s in ole.listdir(streams=True, storages=False)}
        if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
            return OleContents(ENCRYPTED_OOXML)
        name = "Workbook" if "Workbook" in streams else "Book" if "Book" in streams else ""
        if not name:
            raise UnreadableError("Excel ブックではありません（Word など他の Office 文書です）")
        size = ole.get_size(name)
        if size > limits.max_xls_stream_bytes:
            raise UnreadableError(
                f"ファイルが大きすぎます（Excel 97-2003 形式のブック本体 {size / MB:.1f} MB、"
                f"上限 {limits.max_xls_stream_bytes / MB:.0f} MB）"
            )
        with ole.openstream(name) as handle:
            stream = handle.read(limits.max_xls_stream_bytes + 1)
    except UnreadableError:
        raise
    except Exception as exc:
        raise _broken() from exc
    finally:
        ole.close()
    if len(stream) > limits.max_xls_stream_bytes:
        raise UnreadableError("ファイルが大きすぎます")
    return OleContents(XLS, name, stream)


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, data start, data end) of each BIFF record from ``pos`` until the stream ends."""
    end_of_stream = len(stream)
    while pos + 4 <= end_of_stream:
        typ, size = struct.unpack_from("<HH", stream, pos)
        start = pos + 4
        end = start + size
        if end > end_of_stream:
            return
        yield typ, start, end
        pos = end


def _sst_lengths(chunks: list[bytes], count: int) -> list[int] | None:
    """Character count of each string of an SST record and its CONTINUE records ([MS-XLS] 2.5.293);
    ``None`` when the table is malformed (the caller then assumes the worst)."""
    lengths: list[int] = []
    ci, off = 0, 8
    try:
        for _ in range(count):
            if off >= len(chunks[ci]):
                ci, off = ci + 1, 0
            chunk = chunks[ci]
            if off + 3 > len(chunk):
                return None
            cch, flags = struct.unpack_from("<HB", chunk, off)
            off += 3
            runs = ext = 0
            if flags & 0x8:
                (runs,) = struct.unpack_from("<H", chunk, off)
                off += 2
            if flags & 0x4:
                (ext,) = struct.unpack_from("<i", chunk, off)
                off += 4
                if ext < 0:
                    return None
            remaining, wide = cch, flags & 0x1
            while remaining:
                avail = (len(chunks[ci]) - off) // (2 if wide else 1)
                take = min(avail, remaining)
                off += take * (2 if wide else 1)
                remaining -= take
                if remaining:
                    ci += 1
                    wide = chunks[ci][0] & 0x1
                    off = 1
            skip = runs * 4 + ext
            while skip:
                avail = len(chunks[ci]) - off
                take = min(avail, skip)
                off += take
                skip -= take
                if skip:
                    ci, off = ci + 1, 0
            lengths.append(cch)
    except (IndexError, struct.error):
        return None
    return lengths


@dataclass
class BiffReport:
    sheets: int = 0
    walked_bytes: int = 0
    grid_cells: int = 0
    text_bytes: int = 0


def check_biff(stream: bytes, limits: Limits) -> BiffReport:
    """Walk the BIFF records as calamine does and refuse what would make it allocate too much."""
    report = BiffReport()
    sheet_offsets, sst_chunks = _workbook_globals(stream, report)
    if len(sheet_offsets) > limits.max_sheets:
        raise UnreadableError(f"シートが多すぎます（{len(sheet_offsets)} 枚、上限 {limits.max_sheets} 枚）")
    report.sheets = len(sheet_offsets)
    strings = _string_lengths(sst_chunks)
    for pos in sheet_offsets:
        _check_sheet(stream, pos, strings, report, limits)
    if report.grid_cells > limits.max_total_cells:
        raise UnreadableError(
            f"シートの使用範囲が大きすぎます（全シート合計 {report.grid_cells:,} セル、"
            f"上限 {limits.max_total_cells:,} セル）"
        )
    if report.text_bytes > limits.max_text_bytes:
        raise UnreadableError(
            f"文字列の量が多すぎます（展開すると約 {report.text_bytes / MB:.0f} MB、"
            f"上限 {limits.max_text_bytes // MB} MB。共有文字列を使った膨張攻撃の可能性）"
        )
    return report


def _workbook_globals(stream: bytes, report: BiffReport) -> tuple[list[int], list[bytes] | None]:
    """The sheets' stream offsets and the shared-string table's record chunks (SST and its CONTINUEs)."""
    sheet_offsets: list[int] = []
    sst_chunks: list[bytes] | None = None
    collecting = False
    for typ, start, end in _records(stream, 0):
        report.walked_bytes += end - start + 4
        if collecting and typ == _CONTINUE:
            assert sst_chunks is not None
            sst_chunks.append(stream[start:end])
            continue
        collecting = False
        if typ == _FILEPASS:
            raise ProtectedError("パスワードで保護されています（パスワードを解除して保存し直してください）")
        if typ == _BOUNDSHEET and end - start >= 4:
            sheet_offsets.append(struct.unpack_from("<I", stream, start)[0])
        elif typ == _SST and sst_chunks is None:
            sst_chunks = [stream[start:end]]
            collecting = True
        elif typ == _EOF:
            break
    return sheet_offsets, sst_chunks


@dataclass
class _Strings:
    lengths: list[int]  # per shared string, when the table could be read
    longest: int  # the bound for any string when it could not


def _string_lengths(sst_chunks: list[bytes] | None) -> _Strings:
    if not sst_chunks:
        return _Strings([], 0)
    sst_bytes = sum(len(c) for c in sst_chunks)
    declared = struct.unpack_from("<i", sst_chunks[0], 4)[0] if len(sst_chunks[0]) >= 8 else 0
    if declared < 0 or declared > sst_bytes // 3 + 1:
        raise UnreadableError(f"共有文字列の件数の宣言が不正です（{declared} 件）")
    lengths = _sst_lengths(sst_chunks, declared)
    if lengths is None:  # malformed: any string may be as long as a BIFF string can be
        return _Strings([], min(0xFFFF, sst_bytes))
    return _Strings(lengths, max(lengths, default=0))


def _check_sheet(stream: bytes, pos: int, strings: _Strings, report: BiffReport, limits: Limits) -> None:
    """One sheet's used range (what calamine allocates) and the text its cells pull from the table."""
    if pos >= len(stream):
        raise _broken("シートの位置が不正です")
    max_row = max_col = -1
    text = 0
    for typ, start, end in _records(stream, pos):
        size = end - start
        report.walked_bytes += size + 4
        if report.walked_bytes > limits.max_biff_scan_bytes:
            raise UnreadableError("ファイルの構造が不正です（シートの記録が重複しています）")
        if typ == _EOF:
            break
        if typ in _CELL_RECORDS and size >= 4:
            row, col = struct.unpack_from("<HH", stream, start)
            max_row, max_col = max(max_row, row), max(max_col, col)
            if typ == _LABELSST and size >= 10:
                (idx,) = struct.unpack_from("<I", stream, start + 6)
                if strings.lengths:
                    text += strings.lengths[idx] if idx < len(strings.lengths) else 0
                else:
                    text += strings.longest
        elif typ == _MULRK and size >= 6:
            row, first = struct.unpack_from("<HH", stream, start)
            (last,) = struct.unpack_from("<H", stream, end - 2)
            max_row, max_col = max(max_row, row), max(max_col, first, last)
        elif typ == _DIMENSIONS:
            _check_dimensions(stream[start:end], limits)
    cells = (max_row + 1) * (max_col + 1) if max_row >= 0 else 0
    if cells > limits.max_sheet_cells:
        raise UnreadableError(
            f"シートの使用範囲が大きすぎます（最終セル {max_row + 1} 行 × {max_col + 1} 列、"
            f"上限 {limits.max_sheet_cells:,} セル）"
        )
    report.grid_cells += cells
    report.text_bytes += text * _UTF8_PER_CHAR


def _check_dimensions(data: bytes, limits: Limits) -> None:
    """calamine reserves (rows × columns) cells from DIMENSIONS before reading any cell."""
    if len(data) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", data)
    elif len(data) == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", data)
    else:
        return
    if rl >= 1 and cl >= 1:
        rows, cols = rl - 1 - rf + 1, cl - 1 - cf + 1
    else:
        rows = cols = 1
    if rows < 1 or cols < 1 or rows * cols > limits.max_sheet_cells:
        raise UnreadableError(
            f"シートの使用範囲の宣言が不正です（{rows} 行 × {cols} 列、上限 {limits.max_sheet_cells:,} セル）"
        )


# --- a minimal compound file (MS-CFB version 3, 512-byte sectors) holding one stream ---------------

_SECTOR = 512
_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_MINI_CUTOFF = 4096
_HEADER_DIFAT = 109


def _dir_entry(name: str, typ: int, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded.ljust(64, b"\x00"),
        len(encoded),
        typ,
        1 if typ else 0,  # black
        _NOSTREAM,
        _NOSTREAM,
        child,
        b"\x00" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def compound_file(stream_name: str, payload: bytes) -> bytes:
    """A compound file whose only stream is ``payload`` (padded with zeros to the mini-stream cutoff,
    so that no mini stream is needed; BIFF readers stop at the EOF record before the padding)."""
    if len(payload) < _MINI_CUTOFF:
        payload = payload + b"\x00" * (_MINI_CUTOFF - len(payload))
    n_data = -(-len(payload) // _SECTOR)
    n_fat = 1
    while n_data + 1 + n_fat > n_fat * (_SECTOR // 4):
        n_fat += 1
    if n_fat > _HEADER_DIFAT:
        raise UnreadableError("ファイルが大きすぎます（Excel 97-2003 形式）")
    dir_sector = n_data
    fat = [_FREESECT] * (n_fat * _SECTOR // 4)
    for i in range(n_data - 1):
        fat[i] = i + 1
    fat[n_data - 1] = _ENDOFCHAIN
    fat[dir_sector] = _ENDOFCHAIN
    fat_sectors = [dir_sector + 1 + k for k in range(n_fat)]
    for s in fat_sectors:
        fat[s] = _FATSECT
    difat = fat_sectors + [_FREESECT] * (_HEADER_DIFAT - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        n_fat,
        dir_sector,
        0,
        _MINI_CUTOFF,
        _ENDOFCHAIN,
        0,
        _ENDOFCHAIN,
        0,
    ) + struct.pack(f"<{_HEADER_DIFAT}I", *difat)
    directory = (
        _dir_entry("Root Entry", 5, 1, _ENDOFCHAIN, 0)
        + _dir_entry(stream_name, 2, _NOSTREAM, 0, len(payload))
        + _dir_entry("", 0, _NOSTREAM, 0, 0) * 2
    )
    body = payload.ljust(n_data * _SECTOR, b"\x00")
    return header + body + directory + struct.pack(f"<{len(fat)}I", *fat)


def sanitize_xls(contents: OleContents, limits: Limits) -> tuple[bytes, BiffReport]:
    """Check the BIFF stream and return a fresh compound file holding only it."""
    report = check_biff(contents.stream, limits)
    return compound_file(contents.stream_name, contents.stream), report
