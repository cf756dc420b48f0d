"""report.docx and figures.pptx of ``export --sample --report``, read back with python-docx / python-pptx."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from report_checks import check_paragraph

from renkei_desktop.figures import find_figure, report_set
from renkei_desktop.report.fields import field_instructions
from renkei_desktop.report.narrate import narrate

pytestmark = pytest.mark.slow

CAPTION = re.compile(r"^図表(\d+) (.+)$")


@pytest.fixture(scope="module")
def doc(exported):
    return Document(str(exported / "report.docx"))


@pytest.fixture(scope="module")
def specs(sample_data):
    return [s for s in report_set(sample_data) if s.available]


def figure_paragraphs(doc) -> dict[int, tuple[str, str]]:
    """Figure number → (caption text, narrative paragraph) as laid out: heading, text, picture, caption."""
    out = {}
    text = ""
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            text = ""
        elif p.style.name == "Caption":
            m = CAPTION.match(p.text)
            assert m, p.text
            out[int(m.group(1))] = (p.text, text)
        elif p.text.strip():
            text = p.text
    return out


def test_captions_and_sentences(doc, specs):
    figures = figure_paragraphs(doc)
    assert len(figures) == len(specs) >= 28
    for spec in specs:
        caption, text = figures[spec.number]
        assert caption == spec.caption  # 図表6 連携している部課室（…）（複数回答可）（N=226）
        assert text == narrate(spec).text and text
    assert figures[6][1].startswith("「2.健康増進担当」や「6.障害者福祉担当」")


def test_every_percent_in_the_document_is_tabulated(doc, specs):
    figures = figure_paragraphs(doc)
    problems = [p for s in specs for p in check_paragraph(s, figures[s.number][1])]
    assert problems == []


def test_pictures_headings_fields_fonts(exported, doc, specs):
    assert len(doc.inline_shapes) == len(specs)
    # each figure's own title band is cropped away: the caption under it carries the title
    tops = [
        int(shape._inline.graphic.graphicData.pic.blipFill.find(qn("a:srcRect")).get("t"))
        for shape in doc.inline_shapes
    ]
    assert all(3_000 <= t <= 30_000 for t in tops), tops
    widest = max(shape.width for shape in doc.inline_shapes)
    assert widest <= doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["調査の概要", "市区町村向けアンケート調査結果", "都県向けアンケート調査結果"]
    assert "資料編" in headings
    instructions = field_instructions(doc)
    seq = [i for i in instructions if i.startswith("SEQ 図表")]
    assert len(seq) == len(specs) and seq[0] == "SEQ 図表 \\* ARABIC \\r 3"
    assert any(i.startswith('TOC \\o "1-3"') for i in instructions)
    assert any(i == 'TOC \\h \\z \\c "図表"' for i in instructions)
    footer = doc.sections[0].footer
    assert "PAGE" in footer._element.xml
    with zipfile.ZipFile(exported / "report.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert 'w:eastAsia="游明朝"' in styles and 'w:eastAsia="游ゴシック"' in styles
    assert "w:updateFields" in settings
    assert len(media) == len(specs)
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_response_rate_tables(doc):
    municipal = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in municipal.rows]
    assert rows[0] == ["都県", "対象数", "回答数", "回答率（%）"]
    assert rows[1] == ["茨城県", "44", "26", "59.1"]
    assert rows[-1] == ["全体", "450", "248", "55.1"]
    assert [c.text for c in doc.tables[1].rows[-1].cells] == ["全体", "10", "10", "100.0"]


def test_appendix_equals_simple_tabulation_csv(doc, csv_rows):
    """資料編: one table per tabulated item, in CSV order, with the CSV's labels, counts and percents."""
    expected: list[list[tuple[str, str, str]]] = []
    key = None
    for r in csv_rows:
        if (r["survey"], r["question_id"]) != key:
            key = (r["survey"], r["question_id"])
            expected.append([])
        label = {"min": "最小値", "max": "最大値", "mean": "平均値", "median": "中央値"}.get(
            r["option_label"]
        )
        count = float(r["count"])
        expected[-1].append(
            (
                label or r["option_label"],
                f"{int(count):,}" if count.is_integer() else f"{count:,}",
                f"{float(r['percent']):.1f}" if r["percent"] else "－",
            )
        )
    appendix = [t for t in doc.tables if t.rows[0].cells[0].text == "選択肢"]
    got = [[tuple(c.text for c in row.cells) for row in t.rows[1:]] for t in appendix]
    assert len(got) == len(expected) > 40
    assert got == expected


def test_deck(exported, specs):
    deck = Presentation(str(exported / "figures.pptx"))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    slides = list(deck.slides)
    assert len(slides) == len(specs)
    native = 0
    for slide, spec in zip(slides, specs, strict=True):
        assert slide.shapes.title.text == spec.caption
        assert slide.notes_slide.notes_text_frame.text == narrate(spec).text
        charts = [s for s in slide.shapes if s.has_chart]
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        if spec.kind in ("bar", "paired_bar", "stacked", "histogram"):
            assert len(charts) == 1 and not pictures
            native += 1
        else:
            assert pictures and not charts
            assert 0.02 <= pictures[0].crop_top <= 0.3  # the slide title is the caption
    assert native >= 15
    six = find_figure(specs, 6)
    chart = next(s for s in slides[specs.index(six)].shapes if s.has_chart).chart
    values = list(chart.plots[0].series[0].values)
    assert values[:2] == [52.2, 82.7] and list(chart.plots[0].categories)[1] == "2.健康増進担当"
    diff = find_figure(specs, 21)
    chart = next(s for s in slides[specs.index(diff)].shapes if s.has_chart).chart
    assert dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))["+2段階"] == 69
