"""Check an OOXML package (.xlsx/.xlsm) and re-pack it before python-calamine parses it.

Calamine (Rust) is fast and executes nothing, but it trusts the file: a 20 KB sheet with one cell at
XFD1048576, or a shared-strings table declaring four billion entries, makes it allocate hundreds of
gigabytes and abort the whole process (not an exception: Rust aborts on allocation failure). So the
package is checked here, in Python, with bounded work:

1. zip level (before anything is inflated): part count, each part's declared size, the total and the
   compression ratio; encrypted or exotic compression, duplicate and path-traversal names refused.
2. every part calamine may read (``.xml``/``.rels``) is inflated by :mod:`zipfile` up to its declared
   size (a lying header cannot inflate more) with its CRC checked; binary parts (macros
   ``vbaProject.bin``, images, embedded objects) are dropped and never inflated.
3. each kept part: no NUL byte (UTF-16/32 XML is refused), no DTD (``<!DOCTYPE``/``<!ENTITY``: OOXML
   forbids DTDs, and this is where entity-expansion bombs live), and well-formed XML as read by expat
   with DTD and entity declarations forbidden.
4. worksheets: the cells calamine would place (explicit ``r`` references, or an upper bound of its
   running position for cells without one) give the dense grid it will allocate; shared-string cells
   give the text it will copy; both must stay under the limits, per sheet and summed over the sheets
   the workbook declares (several sheet entries may point at the same part).
5. the accepted parts are written into a fresh zip, so calamine parses exactly the bytes checked
   here (no local/central header disagreement, no overlapping or duplicate entries, no macros).
"""

from __future__ import annotations

import functools
import io
import posixpath
import pyexpat
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from renkei_desktop.workbooks.safety import MB, Limits, UnreadableError, printable

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
MAX_DEPTH = 256  # element nesting; OOXML needs about 10 (expat's stack would grow with it)

_KEPT_SUFFIXES = (".xml", ".rels")
_DTD = re.compile(rb"<!(?:doctype|entity|element|attlist)", re.IGNORECASE)
_SHEETS_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheets[\s/>]")
_SST_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sst[\s/>]")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW_REF = re.compile(r"[0-9]{1,7}")
_DIGITS = re.compile(r"[0-9]+")
# Fast path: the plain form every Excel and LibreOffice worksheet uses (<c r="A1" …>, <row r="1" …>,
# <si>…</si>) is measured with C-level regexes; anything else falls back to the full expat scan.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_PLAIN_ROW = b'<row r="'
_SHARED_VALUE = re.compile(rb' t="s"[^>]*>\s*<v>([0-9]{1,10})</v>')
_R_ATTRIBUTE = re.compile(rb"\sr\s*=")
_PLAIN_SI = re.compile(rb"<si>(.*?)</si>", re.DOTALL)
_UNIQUE_COUNT = re.compile(rb'<sst\b[^>]*?\suniqueCount="([^"]*)"')
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
# XML 1.0 forbids C0 control characters other than TAB/LF/CR; some writers emit them anyway and
# calamine tolerates them, so expat sees them as spaces (same length, same structure).
_CONTROLS = bytes.maketrans(
    bytes([*range(1, 9), 11, 12, *range(14, 32)]), b" " * len([*range(1, 9), 11, 12, *range(14, 32)])
)


def _broken(what: str) -> UnreadableError:
    return UnreadableError(f"ファイルが壊れています（{what}）")


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _too_deep() -> UnreadableError:
    return UnreadableError(f"XML の入れ子が深すぎます（{MAX_DEPTH} 段を超えています）")


def _blank_invalid_refs(body: bytes) -> bytes:
    """Character references XML 1.0 forbids (``&#1;``) but calamine accepts become blanks of the
    same length, so that expat can still check the part."""

    def repl(match: re.Match[bytes]) -> bytes:
        hexa, dec = match.groups()
        code = int(hexa, 16) if hexa else int(dec)
        ok = (
            code in (9, 10, 13)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        )
        return match.group(0) if ok else b" " * len(match.group(0))

    return _CHAR_REF.sub(repl, body) if b"&#" in body else body


def _forbid_dtd(*_args: Any) -> None:
    raise UnreadableError(
        "XML に DTD（文書型宣言）が含まれています（XML 爆弾の可能性があるため読み込みません）"
    )


def _parse(body: bytes, part: str, handler: Any) -> None:
    """Run expat over ``body`` with DTDs refused; bytes are taken as Latin-1 so that structure is
    recognised byte for byte (as calamine's tokenizer does) and text lengths count bytes."""
    parser = pyexpat.ParserCreate(encoding="iso-8859-1")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_dtd
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    handler.parser = parser
    if hasattr(handler, "text") and not getattr(handler, "lazy_text", False):
        parser.CharacterDataHandler = handler.text
    try:
        parser.Parse(_blank_invalid_refs(body.translate(_CONTROLS)), True)
    except pyexpat.ExpatError as exc:
        raise _broken(f"部品 {printable(part)} の XML が不正です") from exc


@functools.lru_cache(maxsize=1 << 16)
def _cell_ref(value: str) -> tuple[int, int]:
    """``"E12"`` → (11, 4); anything outside Excel's grid (which calamine would accept) is refused."""
    match = _CELL_REF.fullmatch(value)
    if not match:
        raise UnreadableError(f"不正なセル番地を含むファイルです（{printable(value, 20)}）")
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    row = int(match.group(2))
    if not (1 <= row <= MAX_ROWS and 1 <= col <= MAX_COLS):
        raise UnreadableError(f"不正なセル番地を含むファイルです（{printable(value, 20)}）")
    return row - 1, col - 1


def _row_ref(value: str) -> int:
    if not _ROW_REF.fullmatch(value) or not 1 <= int(value) <= MAX_ROWS:
        raise UnreadableError(f"不正な行番号を含むファイルです（{printable(value, 20)}）")
    return int(value) - 1


class _SheetScan:
    """Where calamine would put each non-empty cell of a worksheet part (an upper bound).

    Calamine keeps a running (row, column) for cells without an ``r`` reference: a ``<row r>`` sets
    the row, each ``</row>`` adds one and resets the column, each cell adds one to the column.
    The bound used here never underestimates it: the largest explicit row so far plus every row end
    so far, and the largest explicit column so far plus every cell since the last row end.
    """

    lazy_text = True  # character data is only wanted inside the <v> of a shared-string cell
    parser: Any = None

    def __init__(self) -> None:
        self.in_data = False
        self.max_row = -1
        self.max_col = -1
        self.explicit_row = 0
        self.explicit_col = 0
        self.row_ends = 0
        self.cells_since_reset = 0
        self.row_open = False
        self.row_has_child = False
        self.depth = 0  # > 0 inside a <c>
        self.pos = (0, 0)
        self.valued = False
        self.shared = False
        self.capture = False
        self.value: list[str] = []
        self.shared_refs: Counter[int] = Counter()
        self.unknown_refs = 0
        self.cells = 0
        self.level = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise _too_deep()
        if self.depth:
            self.depth += 1
            if self.depth == 2:
                self.valued = True
                if self.shared and _local(name) == "v":
                    self.capture = True
                    self.parser.CharacterDataHandler = self.text
            return
        local = name if ":" not in name else _local(name)
        if local == "sheetData":
            self.in_data = True
            return
        if not self.in_data:
            return
        if self.row_open:
            self.row_has_child = True
        if local == "row":
            self.row_open = True
            self.row_has_child = False
            if "r" in attrs:
                self.explicit_row = max(self.explicit_row, _row_ref(attrs["r"]))
        elif local == "c":
            self.depth = 1
            self.valued = False
            self.value = []
            self.shared = attrs.get("t") == "s"
            if "r" in attrs:
                self.pos = _cell_ref(attrs["r"])
                self.explicit_col = max(self.explicit_col, self.pos[1])
            else:
                self.pos = (self.explicit_row + self.row_ends, self.explicit_col + self.cells_since_reset)
            self.cells_since_reset += 1
            self.cells += 1

    def end(self, name: str) -> None:
        self.level -= 1
        if self.depth:
            self.depth -= 1
            if self.depth == 1:
                if self.capture:
                    self.capture = False
                    self.parser.CharacterDataHandler = None
            elif self.depth == 0 and self.valued:
                self.max_row = max(self.max_row, self.pos[0])
                self.max_col = max(self.max_col, self.pos[1])
                if self.shared:
                    text = "".join(self.value).strip()
                    if text.isascii() and text.isdigit():
                        self.shared_refs[int(text)] += 1
                    else:
                        self.unknown_refs += 1
            return
        if self.in_data and (name == "row" or _local(name) == "row"):
            self.row_ends += 1
            if self.row_has_child:
                self.cells_since_reset = 0
            self.row_open = False
            self.row_has_child = False

    def text(self, data: str) -> None:
        if self.capture and len(self.value) < 4:
            self.value.append(data[:32])

    @property
    def grid_cells(self) -> int:
        return (self.max_row + 1) * (self.max_col + 1) if self.max_row >= 0 else 0


class _SstScan:
    """Text length of each shared string (``<si>`` not nested in another ``<si>``, as calamine reads)."""

    parser: Any = None

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.depth = 0
        self.current = 0
        self.unique_counts: list[str] = []
        self.level = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise _too_deep()
        if self.depth:
            self.depth += 1
            return
        local = _local(name)
        if local == "si":
            self.depth = 1
            self.current = 0
        elif local == "sst" and "uniqueCount" in attrs:
            self.unique_counts.append(attrs["uniqueCount"])

    def end(self, name: str) -> None:
        self.level -= 1
        if self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.lengths.append(self.current)

    def text(self, data: str) -> None:
        if self.depth:
            self.current += len(data)


class _SheetEntries:
    """``<sheet r:id=…>`` entries of a workbook part."""

    parser: Any = None

    def __init__(self) -> None:
        self.rids: list[str | None] = []
        self.level = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise _too_deep()
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if ":" in k and _local(k) == "id"), None)
            self.rids.append(rid)

    def end(self, name: str) -> None:
        self.level -= 1


class _Relationships:
    parser: Any = None

    def __init__(self) -> None:
        self.targets: dict[str, set[str]] = {}
        self.level = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise _too_deep()
        if _local(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
            self.targets.setdefault(attrs["Id"], set()).add(attrs["Target"])

    def end(self, name: str) -> None:
        self.level -= 1


def _tag_count(body: bytes, tag: bytes) -> int:
    """Occurrences of an unprefixed start tag ``<tag`` followed by white space, ``>`` or ``/``."""
    return len(re.findall(b"<" + tag + rb"[\s/>]", body))


def _has_prefixed(body: bytes, tag: bytes) -> bool:
    return re.search(b":" + tag + rb"[\s/>]", body) is not None


def _fast_sheet_scan(body: bytes) -> _SheetScan | None:
    """Bounds of a plain worksheet without a Python callback per element (None: use the full scan).

    Every cell counts here, valued or not, so the bound is never smaller than the full scan's."""
    if _has_prefixed(body, b"(?:c|row)"):
        return None
    cells = _PLAIN_CELL.findall(body)
    rows = body.count(_PLAIN_ROW)
    if len(cells) != _tag_count(body, b"c") or rows != _tag_count(body, b"row"):
        return None
    if len(_R_ATTRIBUTE.findall(body)) != len(cells) + rows:  # e.g. a second r="…" in one cell
        return None
    scan = _SheetScan()
    if cells:
        last_col = max({c for c, _ in cells}, key=lambda letters: (len(letters), letters))
        last_row = max(map(int, {r for _, r in cells}))
        scan.max_row, scan.max_col = _cell_ref(f"{last_col.decode()}{last_row}")
    shared = _SHARED_VALUE.findall(body)
    scan.shared_refs = Counter(map(int, shared))
    scan.unknown_refs = body.count(b' t="s"') - len(shared)
    scan.cells = len(cells)
    return scan


def _fast_sst_scan(body: bytes) -> _SstScan | None:
    """Byte lengths of plain <si> items (an upper bound of their text); None: use the full scan."""
    if _has_prefixed(body, b"si"):
        return None
    items = _PLAIN_SI.findall(body)
    if len(items) != _tag_count(body, b"si") or any(b"<si" in item for item in items):
        return None
    scan = _SstScan()
    scan.lengths = list(map(len, items))
    scan.unique_counts = [v.decode("latin-1") for v in _UNIQUE_COUNT.findall(body)]
    return scan


@dataclass
class _SheetCost:
    cells: int
    text: int
    size: int


@dataclass
class PackageReport:
    """What was checked (for tests and the reliability figures)."""

    parts_kept: list[str] = field(default_factory=list)
    parts_dropped: list[str] = field(default_factory=list)
    inflated_bytes: int = 0
    sheet_entries: int = 0
    grid_cells: int = 0
    text_chars: int = 0


def _check_zip_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
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


def _is_kept(name: str) -> bool:
    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    return lower.endswith(_KEPT_SUFFIXES) and not base.startswith("vba")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as handle:
            body = handle.read(info.file_size + 1)  # zipfile stops at the declared size, checks the CRC
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise _broken(f"部品 {printable(info.filename)} を展開できません") from exc
    except Exception as exc:  # zlib.error and other decoder errors
        raise _broken(f"部品 {printable(info.filename)} を展開できません") from exc
    if len(body) != info.file_size:
        raise _broken(f"部品 {printable(info.filename)} の長さが一致しません")
    return body


def _candidates(target: str, base_dir: str) -> set[str]:
    """Part names a relationship target may mean (calamine's rule and the OPC rule)."""
    t = target.replace("\\", "/")
    out = {t[1:] if t.startswith("/") else t}
    out.add(t[1:] if t.startswith("/xl/") else t if t.startswith("xl/") else "xl/" + t)
    out.add(posixpath.normpath(posixpath.join("/" + base_dir, t)).lstrip("/"))
    return out


def sanitize_package(data: bytes, limits: Limits) -> tuple[bytes, PackageReport]:
    """Check an OOXML zip; return a re-packed copy holding only the checked parts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableError("ファイルが壊れています（ZIP 形式として読めません）") from exc
    _check_zip_entries(infos, limits)

    report = PackageReport()
    kept: list[tuple[zipfile.ZipInfo, bytes]] = []
    sheet_costs: dict[str, _SheetCost] = {}
    sheet_scans: dict[str, tuple[_SheetScan, int]] = {}
    sst_lengths: list[list[int]] = []
    si_total = 0
    unique_counts: list[str] = []
    entries: list[tuple[str, str | None]] = []  # (workbook part, r:id)
    relationships: dict[str, set[str]] = {}
    for info in infos:
        if info.is_dir() or not _is_kept(info.filename):
            report.parts_dropped.append(info.filename)
            continue
        name = info.filename
        body = _inflate(archive, info)
        report.inflated_bytes += len(body)
        if b"\x00" in body:
            raise UnreadableError(f"UTF-8 以外の文字コードの XML には対応していません（{printable(name)}）")
        if b"<!" in body and _DTD.search(body):
            _forbid_dtd()
        if name.lower().endswith(".rels"):
            rels = _Relationships()
            _parse(body, name, rels)
            for rid, targets in rels.targets.items():
                relationships.setdefault(rid, set()).update(targets)
        if b"sheetData" in body:
            scan = _fast_sheet_scan(body)
            if scan is None or scan.grid_cells > limits.max_sheet_cells:
                scan = _SheetScan()  # the exact scan decides (it counts valued cells only)
                _parse(body, name, scan)
            sheet_scans[name] = (scan, len(body))
            if scan.grid_cells > limits.max_sheet_cells:
                raise UnreadableError(
                    f"シートの使用範囲が大きすぎます（{printable(name)}: 最終セル "
                    f"{scan.max_row + 1} 行 × {scan.max_col + 1} 列、上限 {limits.max_sheet_cells:,} セル）"
                )
        if b"sst" in body and _SST_TAG.search(body):
            sst = _fast_sst_scan(body)
            if sst is None:
                sst = _SstScan()
                _parse(body, name, sst)
            sst_lengths.append(sst.lengths)
            si_total += len(sst.lengths)
            unique_counts.extend(sst.unique_counts)
        if b"sheets" in body and _SHEETS_TAG.search(body):
            wb = _SheetEntries()
            _parse(body, name, wb)
            entries.extend((name, rid) for rid in wb.rids)
        kept.append((info, body))
        report.parts_kept.append(name)

    # calamine reserves room for the declared number of shared strings up front
    allowed = max(10_000, 2 * si_total)
    for value in unique_counts:
        if any(int(d) > allowed for d in _DIGITS.findall(value)):
            raise UnreadableError(
                f"共有文字列の件数の宣言が不正です（{printable(value, 20)} 件、実際は {si_total} 件）"
            )

    # a shared-string cell gets a copy of its string; calamine may skip an <si>, so string k is
    # bounded by the longest of strings k, k+1, ... (suffix maximum), over every candidate table
    suffix_max: list[int] = []
    for lengths in sst_lengths:
        running = 0
        bound = [0] * len(lengths)
        for i in range(len(lengths) - 1, -1, -1):
            running = max(running, lengths[i])
            bound[i] = running
        if len(bound) > len(suffix_max):
            suffix_max.extend([0] * (len(bound) - len(suffix_max)))
        for i, b in enumerate(bound):
            suffix_max[i] = max(suffix_max[i], b)
    longest = suffix_max[0] if suffix_max else 0
    for name, (scan, size) in sheet_scans.items():
        text = scan.unknown_refs * longest
        for idx, count in scan.shared_refs.items():
            text += count * (suffix_max[idx] if idx < len(suffix_max) else 0)
        sheet_costs[name] = _SheetCost(scan.grid_cells, text, size)

    if len(entries) > limits.max_sheets:
        raise UnreadableError(f"シートが多すぎます（{len(entries)} 枚、上限 {limits.max_sheets} 枚）")
    worst = _SheetCost(
        max((c.cells for c in sheet_costs.values()), default=0),
        max((c.text for c in sheet_costs.values()), default=0),
        max((c.size for c in sheet_costs.values()), default=0),
    )
    kept_names = {info.filename for info, _ in kept}
    total = _SheetCost(0, 0, 0)
    for workbook_part, rid in entries:
        base_dir = posixpath.dirname(workbook_part)
        names: set[str] = set()
        for target in relationships.get(rid or "", ()):
            names |= _candidates(target, base_dir)
        found = [sheet_costs.get(n, _SheetCost(0, 0, 0)) for n in names if n in kept_names]
        cost = (
            worst
            if not found
            else _SheetCost(
                max(c.cells for c in found), max(c.text for c in found), max(c.size for c in found)
            )
        )
        total.cells += cost.cells
        total.text += cost.text
        total.size += cost.size
    report.sheet_entries = len(entries)
    report.grid_cells = total.cells
    report.text_chars = total.text
    if total.cells > limits.max_total_cells:
        raise UnreadableError(
            f"シートの使用範囲が大きすぎます（全シート合計 {total.cells:,} セル、上限 {limits.max_total_cells:,} セル）"
        )
    if total.text > limits.max_text_bytes:
        raise UnreadableError(
            f"文字列の量が多すぎます（展開すると約 {total.text / MB:.0f} MB、上限 {limits.max_text_bytes // MB} MB。"
            "共有文字列を使った膨張攻撃の可能性）"
        )
    if total.size > limits.max_total_bytes:
        raise UnreadableError(
            f"シートの XML が大きすぎます（全シート合計 {total.size / MB:.0f} MB、上限 {limits.max_total_bytes // MB} MB）"
        )

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:  # in memory only: no need to compress
        for info, body in kept:
            clean.writestr(info.filename, body)
    return out.getvalue(), report
