"""``report.docx``: an A4 draft of the results chapter (outline, figures with captions and text, 資料編).

Real Word headings (navigation pane, TOC), captions in the Caption style numbered by ``SEQ 図表`` fields, a table
of contents and a list of figures as fields that Word updates on open, page numbers in the footer, and fonts
every Windows PC has (游明朝 for the body, 游ゴシック for headings and captions).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from renkei_desktop.dataset import Dataset
from renkei_desktop.figures import MUNICIPAL, PREFECTURAL, FigureSpec
from renkei_desktop.report import fields
from renkei_desktop.report.appendix import TABLE_STYLE, add_appendix, percent_cell
from renkei_desktop.report.narrative import Narrative
from renkei_desktop.tabulate import SimpleTable, response_rates

BODY_FONT = ("Yu Mincho", "游明朝")
HEADING_FONT = ("Yu Gothic", "游ゴシック")
SEQ_NAME = "図表"
FIRST_FIGURE = 3  # 図表1–2 belong to chapter 1 of the report
TEXT_WIDTH = Cm(16)
CHAPTERS = {
    MUNICIPAL: "市区町村向けアンケート調査結果",
    PREFECTURAL: "都県向けアンケート調査結果",
}
# The report's sections (2-1 / 3-1) and the first figure of each.
SECTIONS = {
    3: "（１）庁内連携の実施状況",
    15: "（２）庁内連携の意向",
    18: "（３）現在の連携の段階と目指したい段階",
    23: "（４）庁内連携における課題",
    26: "（１）都県庁内連携の実施状況",
    30: "（２）管内市区町村における連携の把握状況",
    33: "（３）管内市区町村における連携に向けた支援状況及び意向",
}
TOC_PLACEHOLDER = "（目次：Word で開くと更新されます。更新されない場合は右クリック →「フィールド更新」）"
LOF_PLACEHOLDER = "（図表目次：Word で開くと更新されます）"


@dataclass
class ReportOptions:
    """The user-editable parts of the survey outline (pre-filled; edit them in the window or in Word)."""

    title: str = "地域包括ケアシステムの構築に向けた庁内連携に関する調査 結果報告（案）"
    subjects: str = ""  # 調査対象; empty: derived from the target list
    method: str = "調査票（Excel）を電子メールで配布し、電子メールで回収した。"
    period: str = "（調査期間を記入してください）"
    free_text: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def _styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    fields.set_east_asian_font(normal, *BODY_FONT)
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = doc.styles[name]
        fields.set_east_asian_font(style, *HEADING_FONT)
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Caption"].font.size = Pt(9)
    doc.styles["Caption"].font.bold = False
    doc.styles["Caption"].font.italic = False
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 10.5)):
        doc.styles[name].font.size = Pt(size)


def _page(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fields.page_field(footer)


def _front_matter(doc: Document, options: ReportOptions) -> None:
    doc.add_paragraph(options.title, style="Title")
    doc.add_paragraph("目次").runs[0].bold = True
    fields.toc_field(doc.add_paragraph(), TOC_PLACEHOLDER)
    doc.add_paragraph("図表目次").runs[0].bold = True
    fields.figure_list_field(doc.add_paragraph(), SEQ_NAME, LOF_PLACEHOLDER)
    doc.add_page_break()  # type: ignore[no-untyped-call]


def default_subjects(data: Dataset) -> str:
    m = len(data.targets.bodies(MUNICIPAL))
    p = len(data.targets.bodies(PREFECTURAL))
    return f"市区町村 {m:,} 団体、都県 {p:,} 団体"


def _outline(doc: Document, data: Dataset, options: ReportOptions) -> None:
    doc.add_heading("調査の概要", level=1)
    for label, text in (
        ("調査対象", options.subjects or default_subjects(data)),
        ("調査方法", options.method),
        ("調査期間", options.period),
        *options.extra.items(),
    ):
        doc.add_heading(label, level=3)
        doc.add_paragraph(text)
    doc.add_heading("回収状況", level=2)
    for survey in (MUNICIPAL, PREFECTURAL):
        rates = response_rates(data, survey)
        doc.add_paragraph(f"{'市区町村' if survey == MUNICIPAL else '都県'}向けアンケート")
        grid = doc.add_table(rows=1 + len(rates), cols=4)
        grid.style = doc.styles[TABLE_STYLE]
        for col, text in enumerate(("都県", "対象数", "回答数", "回答率（%）")):
            grid.cell(0, col).paragraphs[0].add_run(text).bold = True
        for row, r in zip(grid.rows[1:], rates, strict=True):
            values = (r.prefecture, f"{r.targets:,}", f"{r.returned:,}", percent_cell(r.rate))
            for col, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                paragraph.add_run(text).bold = r.prefecture_code is None
                if col:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        doc.add_paragraph()


def _figure(
    doc: Document, spec: FigureSpec, narrative: Narrative, png: bytes | None, seq: int, band: float
) -> None:
    doc.add_heading(spec.title, level=3)
    if narrative.sentences:
        doc.add_paragraph(narrative.text).paragraph_format.keep_with_next = True
    if png is not None:
        width = min(TEXT_WIDTH, _native_width(png))
        shape = doc.add_picture(io.BytesIO(png), width=width)
        fields.crop_top(shape, band)  # the caption below carries the title
        picture = doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True  # the caption stays under its figure
    caption = doc.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run(SEQ_NAME)
    fields.seq_field(caption, SEQ_NAME, seq, restart=seq if seq == FIRST_FIGURE else None)
    caption.add_run(" " + spec.caption.split(" ", 1)[1])


def _native_width(png: bytes) -> int:
    """The figure's drawn width (pixels / dpi recorded in the PNG)."""
    from docx.image.image import Image

    return int(Image.from_blob(png).width)


def build_document(
    data: Dataset,
    specs: Sequence[FigureSpec],
    narratives: Mapping[int, Narrative],
    pngs: Mapping[int, bytes],
    tables: Mapping[str, Sequence[SimpleTable]],
    options: ReportOptions | None = None,
    title_bands: Mapping[int, float] | None = None,
) -> Document:
    """The whole draft as a python-docx ``Document`` (call ``.save``)."""
    options = options or ReportOptions()
    doc = new_document()
    _styles(doc)
    _page(doc)
    fields.update_fields_on_open(doc)
    _front_matter(doc, options)
    _outline(doc, data, options)
    seq = FIRST_FIGURE
    survey = section = None
    for spec in specs:
        if not spec.available:
            continue
        if spec.survey != survey:
            survey = spec.survey
            doc.add_page_break()  # type: ignore[no-untyped-call]
            doc.add_heading(CHAPTERS[survey], level=1)
        here = max((n for n in SECTIONS if n <= spec.number), default=None)
        if here is not None and here != section:
            section = here
            doc.add_heading(SECTIONS[here], level=2)
        band = (title_bands or {}).get(spec.number, 0.0)
        _figure(doc, spec, narratives[spec.number], pngs.get(spec.number), seq, band)
        seq += 1
    add_appendix(doc, data, tables, free_text=options.free_text)
    return doc
