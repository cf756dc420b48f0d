"""Qt-written PDFs copy and search as the kanji they show (ToUnicode maps patched in place)."""

from __future__ import annotations

import pytest
from pdf_helpers import pdf_pages, pdf_text, radicals
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

from renkei_desktop.gui.pdf_unicode import fix_pdf_text, radical_replacements

pytestmark = pytest.mark.gui
TEXT = "水戸市・入力・出力・大子町・日立市・長野県・山梨県・方針・見直し"


def write_pdf(path) -> None:
    doc = QTextDocument()
    doc.setHtml(f"<p style='font-family: IPAexGothic'>{TEXT}</p>")
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc.print_(writer)
    del writer


def test_radicals_map_to_the_ideographs_the_font_draws(qapp):
    table = radical_replacements()
    assert table[0x2F54] == ord("水")
    assert table[0x2F3E] == ord("戸")  # not 戶 (U+6236), which NFKC would give
    assert table[0x2F0A] == ord("入")
    assert len(table) > 150


def test_pdf_text_is_fixed_in_place(qapp, tmp_path):
    from renkei_desktop.gui.app import install_font

    install_font(qapp)
    pdf = tmp_path / "t.pdf"
    write_pdf(pdf)
    before = pdf_text(pdf, layout=False)
    assert radicals(before)  # what Qt writes: 水 comes back as ⽔
    size = pdf.stat().st_size
    assert fix_pdf_text(pdf) == len(set(radicals(before)))
    after = pdf_text(pdf, layout=False).split()
    assert after == [TEXT, "1"]  # the text and QTextDocument's page number
    assert pdf.stat().st_size == size and pdf_pages(pdf) == 1  # patched in place: offsets unchanged
    assert fix_pdf_text(pdf) == 0  # nothing left to fix
