"""The PDF manual shipped next to the exe, made at build time from the bundled HTML manual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_helpers import pdf_fonts, pdf_images, pdf_page_size, pdf_pages, pdf_text, radicals

from renkei_desktop.gui.help_viewer import manual_path, manual_sections

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "build" / "support" / "make_manual_pdf.py"


@pytest.fixture(scope="module")
def manual_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("manual") / "操作説明書.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return out


def test_manual_pdf_pages_and_paper(manual_pdf, qapp):
    pages = pdf_pages(manual_pdf)
    assert 7 <= pages <= 14
    assert pdf_page_size(manual_pdf) == pytest.approx((595, 842), abs=1)  # A4
    for page in range(1, pages + 1):  # QTextDocument numbers every page at its foot
        assert pdf_text(manual_pdf, page).split()[-1] == str(page)


def test_manual_pdf_embeds_the_japanese_font(manual_pdf):
    fonts = pdf_fonts(manual_pdf)
    japanese = [f for f in fonts if "IPAexGothic" in f["name"]]
    assert japanese, fonts
    assert all(f["emb"] == "yes" for f in fonts)  # every font embedded: prints the same anywhere
    assert all(f["uni"] == "yes" for f in japanese)  # text can be searched and copied


def test_manual_pdf_has_every_chapter_and_screenshot(manual_pdf, qapp):
    text = pdf_text(manual_pdf, layout=False)
    sections = manual_sections(manual_path().read_text(encoding="utf-8"))
    assert len(sections) == 11
    for section in sections:
        assert section.title in text
    assert radicals(text) == []  # searching the PDF for 水戸市 or 入力 finds them
    assert "入力" in text and "出力" in text
    images = pdf_images(manual_pdf)
    assert len(images) == 4
    assert all(width == 1000 for _page, width, _height in images)  # the screenshots at full resolution
