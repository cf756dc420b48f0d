"""Reading PDFs in tests (poppler's pdfinfo / pdftotext / pdffonts / pdfimages)."""

from __future__ import annotations

import subprocess


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


def radicals(text: str) -> list[str]:
    """Kangxi / CJK radical code points in ``text`` (what a PDF yields for 水 when its text map is wrong)."""
    return [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF]
