"""Make the text of PDFs that Qt writes copy and search as the kanji they show.

Qt's PDF writer maps each glyph back to text with the lowest code point the font gives it. IPAexGothic
draws 水 (U+6C34) and the Kangxi radical ⽔ (U+2F54) with one glyph, so the PDF says ⽔: a search for 水 in
the manual finds nothing, and copied text is wrong. :func:`fix_pdf_text` rewrites those entries of the
PDF's ToUnicode maps to the ideograph the font draws with the same glyph. Each entry keeps its length
(four hex digits), so the file is patched in place and no offset changes.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from PySide6.QtGui import QRawFont

from renkei_desktop.paths import resource_path

RADICALS = (range(0x2E80, 0x2EF4), range(0x2F00, 0x2FD6))
IDEOGRAPHS = (range(0x4E00, 0xA000), range(0x3400, 0x4DC0), range(0xF900, 0xFB00))
_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_ARRAY = re.compile(rb"\[[^\]]*\]")  # the destinations of a bfrange: <first> <last> [<u1> <u2> ...]
_HEX = re.compile(rb"<(2[EF][0-9A-F]{2})>")


@functools.cache
def radical_replacements(font_file: str | None = None) -> dict[int, int]:
    """Radical code point → the ideograph with the same glyph in the font (IPAexGothic by default)."""
    font = QRawFont(font_file or str(resource_path("fonts", "ipaexg.ttf")), 12)
    by_glyph: dict[int, int] = {}
    for block in IDEOGRAPHS:
        for cp in block:
            glyphs = font.glyphIndexesForString(chr(cp))
            if glyphs and glyphs[0] and glyphs[0] not in by_glyph:
                by_glyph[glyphs[0]] = cp
    result = {}
    for block in RADICALS:
        for cp in block:
            glyphs = font.glyphIndexesForString(chr(cp))
            if glyphs and glyphs[0] in by_glyph:
                result[cp] = by_glyph[glyphs[0]]
    return result


def _stream_span(data: bytes, number: bytes) -> tuple[int, int] | None:
    """Start and end of the (uncompressed) stream of object ``number``."""
    head = re.search(rb"(?:^|\n)" + number + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", data, re.S)
    if head is None or b"/Filter" in head.group(1):
        return None  # a compressed map would change length when patched: leave it
    length = re.search(rb"/Length (\d+)\b(?! 0 R)", head.group(1))
    if length is None:
        return None
    return head.end(), head.end() + int(length.group(1))


def fix_pdf_text(path: Path, font_file: str | None = None) -> int:
    """Patch the ToUnicode maps of the PDF at ``path``; returns how many entries were changed."""
    data = bytearray(Path(path).read_bytes())
    table = radical_replacements(font_file)
    changed = 0
    for number in dict.fromkeys(_TO_UNICODE.findall(data)):
        span = _stream_span(bytes(data), number)
        if span is None:
            continue
        start, end = span

        def replace(match: re.Match[bytes]) -> bytes:
            nonlocal changed
            cp = table.get(int(match.group(1), 16))
            if cp is None:
                return match.group(0)
            changed += 1
            return b"<%04X>" % cp

        def in_array(match: re.Match[bytes]) -> bytes:
            return _HEX.sub(replace, match.group(0))

        data[start:end] = _ARRAY.sub(in_array, bytes(data[start:end]))
    if changed:
        Path(path).write_bytes(bytes(data))
    return changed
