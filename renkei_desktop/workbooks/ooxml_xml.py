"""Bounded XML checks of OOXML parts, before python-calamine parses them.

expat (with DTDs and entity declarations refused) or, for the plain form Excel and LibreOffice write,
C-level regular expressions measure what calamine would allocate: the dense grid of a worksheet (from
its cell references, or an upper bound of calamine's running position for cells without one) and the
text of its shared-string cells. See :mod:`renkei_desktop.workbooks.ooxml_guard` for how the numbers
are used.
"""

from __future__ import annotations

import functools
import pyexpat
import re
from collections import Counter
from typing import Any

from renkei_desktop.workbooks.safety import UnreadableError, printable

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
MAX_DEPTH = 256  # element nesting; OOXML needs about 10 (expat's stack would grow with it)

DTD = re.compile(rb"<!(?:doctype|entity|element|attlist)", re.IGNORECASE)
SHEETS_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheets[\s/>]")
SST_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sst[\s/>]")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW_REF = re.compile(r"[0-9]{1,7}")
# Fast path: the plain form every Excel and LibreOffice worksheet uses (<c r="A1" …>, <row r="1" …>,
# <si>…</si>) is measured with C-level regexes; anything else falls back to the full expat scan.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_PLAIN_ROW = b'<row r="'
_SHARED_VALUE = re.compile(rb' t="s"[^>]*>\s*<v>([0-9]{1,10})</v>')
# r attributes, counted on a copy with every \s byte turned into a space (a literal-prefix search is about
# three times faster than testing for \s at every byte)
_R_ATTRIBUTE = re.compile(rb" r *=")
_WHITESPACE_TO_SPACE = bytes.maketrans(b"\t\n\r\x0b\x0c", b"     ")
_PLAIN_SI = re.compile(rb"<si>(.*?)</si>", re.DOTALL)
_UNIQUE_COUNT = re.compile(rb'<sst\b[^>]*?\suniqueCount="([^"]*)"')
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
# XML 1.0 forbids C0 control characters other than TAB/LF/CR; some writers emit them anyway and
# calamine tolerates them, so expat sees them as spaces (same length, same structure).
_CONTROLS = bytes.maketrans(
    bytes([*range(1, 9), 11, 12, *range(14, 32)]), b" " * len([*range(1, 9), 11, 12, *range(14, 32)])
)


def broken(what: str) -> UnreadableError:
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


def forbid_dtd(*_args: Any) -> None:
    raise UnreadableError(
        "XML に DTD（文書型宣言）が含まれています（XML 爆弾の可能性があるため読み込みません）"
    )


def parse_xml(body: bytes, part: str, handler: Any) -> None:
    """Run expat over ``body`` with DTDs refused; bytes are taken as Latin-1 so that structure is
    recognised byte for byte (as calamine's tokenizer does) and text lengths count bytes."""
    parser = pyexpat.ParserCreate(encoding="iso-8859-1")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = forbid_dtd
    parser.EntityDeclHandler = forbid_dtd
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    handler.parser = parser
    if hasattr(handler, "text") and not getattr(handler, "lazy_text", False):
        parser.CharacterDataHandler = handler.text
    try:
        parser.Parse(_blank_invalid_refs(body.translate(_CONTROLS)), True)
    except pyexpat.ExpatError as exc:
        raise broken(f"部品 {printable(part)} の XML が不正です") from exc


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


class _Handler:
    """An expat handler that refuses elements nested deeper than MAX_DEPTH."""

    parser: Any = None

    def __init__(self) -> None:
        self.level = 0

    def _enter(self) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise _too_deep()

    def end(self, name: str) -> None:
        self.level -= 1


class SheetScan(_Handler):
    """Where calamine would put each non-empty cell of a worksheet part (an upper bound).

    Calamine keeps a running (row, column) for cells without an ``r`` reference: a ``<row r>`` sets
    the row, each ``</row>`` adds one and resets the column, each cell adds one to the column.
    The bound used here never underestimates it: the largest explicit row so far plus every row end
    so far, and the largest explicit column so far plus every cell since the last row end.
    """

    lazy_text = True  # character data is only wanted inside the <v> of a shared-string cell

    def __init__(self) -> None:
        super().__init__()
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

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self._enter()
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


class SstScan(_Handler):
    """Text length of each shared string (``<si>`` not nested in another ``<si>``, as calamine reads)."""

    def __init__(self) -> None:
        super().__init__()
        self.lengths: list[int] = []
        self.depth = 0
        self.current = 0
        self.unique_counts: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self._enter()
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


class SheetEntries(_Handler):
    """``<sheet r:id=…>`` entries of a workbook part."""

    def __init__(self) -> None:
        super().__init__()
        self.rids: list[str | None] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self._enter()
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if ":" in k and _local(k) == "id"), None)
            self.rids.append(rid)


class Relationships(_Handler):
    def __init__(self) -> None:
        super().__init__()
        self.targets: dict[str, set[str]] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self._enter()
        if _local(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
            self.targets.setdefault(attrs["Id"], set()).add(attrs["Target"])


@functools.cache
def _start_tag(tag: bytes) -> re.Pattern[bytes]:
    return re.compile(b"<" + tag + rb"[\s/>]")


@functools.cache
def _prefixed_tag(tag: bytes) -> re.Pattern[bytes]:
    return re.compile(b":" + tag + rb"[\s/>]")


def _tag_count(body: bytes, tag: bytes) -> int:
    """Occurrences of an unprefixed start tag ``<tag`` followed by white space, ``>`` or ``/``."""
    return len(_start_tag(tag).findall(body))


def _has_prefixed(body: bytes, tag: bytes) -> bool:
    return _prefixed_tag(tag).search(body) is not None


def fast_sheet_scan(body: bytes) -> SheetScan | None:
    """Bounds of a plain worksheet without a Python callback per element (None: use the full scan).

    Every cell counts here, valued or not, so the bound is never smaller than the full scan's."""
    if _has_prefixed(body, b"(?:c|row)"):
        return None
    cells = _PLAIN_CELL.findall(body)
    rows = body.count(_PLAIN_ROW)
    if len(cells) != _tag_count(body, b"c") or rows != _tag_count(body, b"row"):
        return None
    spaced = body.translate(_WHITESPACE_TO_SPACE)
    if len(_R_ATTRIBUTE.findall(spaced)) != len(cells) + rows:  # e.g. a second r="…" in one cell
        return None
    scan = SheetScan()
    if cells:
        last_col = max({c for c, _ in cells}, key=lambda letters: (len(letters), letters))
        last_row = max(map(int, {r for _, r in cells}))
        scan.max_row, scan.max_col = _cell_ref(f"{last_col.decode()}{last_row}")
    shared = _SHARED_VALUE.findall(body)
    scan.shared_refs = Counter(map(int, shared))
    scan.unknown_refs = body.count(b' t="s"') - len(shared)
    scan.cells = len(cells)
    return scan


def fast_sst_scan(body: bytes) -> SstScan | None:
    """Byte lengths of plain <si> items (an upper bound of their text); None: use the full scan."""
    if _has_prefixed(body, b"si"):
        return None
    items = _PLAIN_SI.findall(body)
    if len(items) != _tag_count(body, b"si") or any(b"<si" in item for item in items):
        return None
    scan = SstScan()
    scan.lengths = list(map(len, items))
    scan.unique_counts = [v.decode("latin-1") for v in _UNIQUE_COUNT.findall(body)]
    return scan
