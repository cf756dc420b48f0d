"""The few Word features python-docx has no API for, written at the XML level in one place.

- Complex fields (``TOC``, ``SEQ``, ``PAGE``): ``begin`` / instruction / ``separate`` / cached result / ``end``.
  Word recalculates them on open (``update_fields_on_open``); LibreOffice shows the cached result.
- East Asian font names (``w:rFonts/@w:eastAsia``): python-docx's ``Font.name`` sets only the Latin fonts.
"""

from __future__ import annotations

from typing import cast

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shape import InlineShape
from docx.shared import Emu
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def _fld_char(kind: str, dirty: bool = False) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    return element


def add_field(paragraph: Paragraph, instruction: str, cached: str = "", *, dirty: bool = False) -> Run:
    """Append the field ``instruction`` (e.g. ``SEQ 図表 \\* ARABIC``) showing ``cached`` until updated.

    Returns the run holding the cached result (style it like any run).
    """
    begin = paragraph.add_run()
    begin._r.append(_fld_char("begin", dirty))
    instr = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction.strip()} "
    instr._r.append(text)
    paragraph.add_run()._r.append(_fld_char("separate"))
    result = paragraph.add_run(cached)
    paragraph.add_run()._r.append(_fld_char("end"))
    return result


def seq_field(paragraph: Paragraph, name: str, number: int, *, restart: int | None = None) -> Run:
    """A caption number: ``SEQ 図表 \\* ARABIC`` (``\\r N`` restarts the sequence at N)."""
    switch = f" \\r {restart}" if restart is not None else ""
    return add_field(paragraph, f"SEQ {name} \\* ARABIC{switch}", str(number))


def toc_field(paragraph: Paragraph, placeholder: str, *, levels: str = "1-3") -> Run:
    """A table of contents over the heading styles (marked dirty: Word rebuilds it on open)."""
    return add_field(paragraph, f'TOC \\o "{levels}" \\h \\z \\u', placeholder, dirty=True)


def figure_list_field(paragraph: Paragraph, seq_name: str, placeholder: str) -> Run:
    """A list of figures: every caption numbered by ``SEQ seq_name``."""
    return add_field(paragraph, f'TOC \\h \\z \\c "{seq_name}"', placeholder, dirty=True)


def page_field(paragraph: Paragraph) -> Run:
    return add_field(paragraph, "PAGE", "1")


def update_fields_on_open(document: Document) -> None:
    """``<w:updateFields w:val="true"/>`` in settings.xml: Word asks to update TOC / SEQ / PAGE on open."""
    settings = document.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings.append(existing)
    existing.set(qn("w:val"), "true")


def set_east_asian_font(style: BaseStyle, latin: str, east_asian: str) -> None:
    """Name both the Latin and the East Asian font of a style (Word picks the East Asian one for 日本語)."""
    cast(ParagraphStyle, style).font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def field_instructions(document: Document) -> list[str]:
    """Every field instruction in the body (tests and checks)."""
    return [el.text.strip() for el in document.element.body.iter(qn("w:instrText")) if el.text]


def crop_top(shape: InlineShape, fraction: float) -> None:
    """Crop the top ``fraction`` of an inline picture (``a:srcRect/@t``, which python-docx has no API for),
    keeping its width: the figure's own title goes where the Word caption says it."""
    if fraction <= 0.0:
        return
    blip_fill = shape._inline.graphic.graphicData.pic.blipFill
    rect = blip_fill.find(qn("a:srcRect"))
    if rect is None:
        rect = OxmlElement("a:srcRect")
        blip_fill.blip.addnext(rect)
    rect.set("t", str(round(fraction * 100_000)))
    shape.height = Emu(round(shape.height * (1.0 - fraction)))
