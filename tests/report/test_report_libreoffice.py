"""report.docx and figures.pptx open in LibreOffice (headless conversion to PDF): pages and pictures."""

from __future__ import annotations

import subprocess

import pytest
from docx import Document
from forms import libreoffice_convert

from renkei_desktop.figures import report_set

pytestmark = (
    pytest.mark.slow
)  # LibreOffice is required in CI (forms.libreoffice_convert fails there without it)


def _pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _pdf_images(pdf) -> int:
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return sum(1 for line in listing.splitlines()[2:] if " image " in line)


def test_docx_and_pptx_convert(exported, sample_data, tmp_path):
    figures = sum(1 for s in report_set(sample_data) if s.available)
    out = tmp_path / "pdf"
    report_pdf = libreoffice_convert(exported / "report.docx", "pdf", out, timeout=300)
    deck_pdf = libreoffice_convert(exported / "figures.pptx", "pdf", out, timeout=300)
    assert _pdf_images(report_pdf) >= figures
    pages = _pdf_pages(report_pdf)
    assert 40 <= pages <= 120, pages  # outline, 32 figures with text, 資料編 tables
    tables = sum(
        1 for t in Document(str(exported / "report.docx")).tables if t.rows[0].cells[0].text == "選択肢"
    )
    assert tables > 40
    assert _pdf_pages(deck_pdf) == figures  # a slide per figure
    assert _pdf_images(deck_pdf) >= sum(
        1
        for s in report_set(sample_data)
        if s.available and s.kind not in ("bar", "paired_bar", "stacked", "histogram")
    )
