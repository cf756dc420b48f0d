"""The Word field helper: complex fields, update-on-open, East Asian font names."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from renkei_desktop.report import fields


def _roundtrip(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return Document(io.BytesIO(buffer.getvalue()))


def test_seq_field_structure_and_cached_text():
    doc = Document()
    p = doc.add_paragraph("図表")
    fields.seq_field(p, "図表", 3, restart=3)
    p.add_run(" タイトル（N=248）")
    back = _roundtrip(doc).paragraphs[-1]
    assert back.text == "図表3 タイトル（N=248）"
    kinds = [el.get(qn("w:fldCharType")) for el in back._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert fields.field_instructions(_roundtrip(doc)) == ["SEQ 図表 \\* ARABIC \\r 3"]


def test_toc_is_dirty_and_page_field():
    doc = Document()
    fields.toc_field(doc.add_paragraph(), "目次")
    fields.figure_list_field(doc.add_paragraph(), "図表", "図表目次")
    fields.page_field(doc.sections[0].footer.paragraphs[0])
    fields.update_fields_on_open(doc)
    fields.update_fields_on_open(doc)  # idempotent
    back = _roundtrip(doc)
    begins = [el for el in back.element.body.iter(qn("w:fldChar")) if el.get(qn("w:fldCharType")) == "begin"]
    assert [b.get(qn("w:dirty")) for b in begins] == ["true", "true"]
    assert fields.field_instructions(back) == ['TOC \\o "1-3" \\h \\z \\u', 'TOC \\h \\z \\c "図表"']
    assert len(back.settings.element.findall(qn("w:updateFields"))) == 1
    assert "PAGE" in back.sections[0].footer._element.xml


def test_east_asian_font():
    doc = Document()
    fields.set_east_asian_font(doc.styles["Normal"], "Yu Mincho", "游明朝")
    fonts = _roundtrip(doc).styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "游明朝" and fonts.get(qn("w:ascii")) == "Yu Mincho"
    assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_crop_top_keeps_width_and_shortens_height():
    from docx.shared import Cm
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(buffer, "PNG", dpi=(100, 100))
    doc = Document()
    shape = doc.add_picture(io.BytesIO(buffer.getvalue()), width=Cm(10))
    fields.crop_top(shape, 0.25)
    fields.crop_top(doc.inline_shapes[0], 0.0)  # nothing to crop: unchanged
    back = _roundtrip(doc).inline_shapes[0]
    assert back.width == Cm(10) and abs(back.height - Cm(5) * 0.75) <= 1
    rect = back._inline.graphic.graphicData.pic.blipFill.find(qn("a:srcRect"))
    assert rect.get("t") == "25000"
