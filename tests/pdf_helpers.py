"""Reading PDFs in tests (poppler's pdfinfo / pdftotext / pdffonts / pdfimages).

Qt writes a PDF's ToUnicode map from the font's cmap, taking the lowest code point of each glyph: with
IPAexGothic some kanji come back as their Kangxi radicals (水 → ⽔, 戸 → ⼾). :func:`as_drawn` turns expected
text into what such a PDF yields, using the font itself (QRawFont), so tests compare exact strings.
"""

from __future__ import annotations

import functools
import subprocess

from renkei_desktop.paths import resource_path

RADICAL_BLOCKS = (range(0x2E80, 0x2EF4), range(0x2F00, 0x2FD6))


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_pages(path) -> int:
    return int(pdf_info(path)["Pages"])


def pdf_page_size(path) -> tuple[float, float]:
    parts = pdf_info(path)["Page size"].split()
    return float(parts[0]), float(parts[2])


def pdf_text(path, page: int | None = None, *, layout: bool = True) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    options = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *options, *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return rows


def pdf_images(path) -> list[tuple[int, int, int]]:
    """(page, width, height) of each image (soft masks left out)."""
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if parts[2] == "image":
            rows.append((int(parts[0]), int(parts[3]), int(parts[4])))
    return rows


@functools.cache
def _radical_of_glyph() -> dict[int, str]:
    from PySide6.QtGui import QRawFont

    font = QRawFont(str(resource_path("fonts", "ipaexg.ttf")), 12)
    table: dict[int, str] = {}
    for block in RADICAL_BLOCKS:
        for cp in block:
            glyphs = font.glyphIndexesForString(chr(cp))
            if glyphs and glyphs[0]:
                table.setdefault(glyphs[0], chr(cp))
    return table


def as_drawn(text: str) -> str:
    """``text`` as pdftotext returns it from a PDF that Qt wrote with IPAexGothic."""
    from PySide6.QtGui import QRawFont

    font = QRawFont(str(resource_path("fonts", "ipaexg.ttf")), 12)
    table = _radical_of_glyph()
    out = []
    for ch in text:
        glyphs = font.glyphIndexesForString(ch) if ord(ch) > 0x2FFF else []
        out.append(table.get(glyphs[0], ch) if glyphs else ch)
    return "".join(out)
