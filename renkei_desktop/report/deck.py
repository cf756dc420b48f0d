"""``figures.pptx``: one 16:9 slide per figure, titled with its caption, the narrative in the notes.

Bars, paired bars, 100 % stacked bars and the stage-difference histogram become native PowerPoint charts with
their data embedded (python-pptx's chart API; the recipients restyle them and read the numbers behind them);
other kinds are placed as pictures.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from renkei_desktop.charts import style
from renkei_desktop.charts.model import categories_of, crosstab_categories, option_label
from renkei_desktop.charts.stacked import CATEGORICAL, ORDERED, category_colors
from renkei_desktop.crosstab import CrossTab
from renkei_desktop.figures import FigureSpec
from renkei_desktop.items import NO_ANSWER
from renkei_desktop.report.narrative import Narrative
from renkei_desktop.tabulate import SimpleTable

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's 16:9
TITLE_ONLY = 5  # layout index in python-pptx's default template
BODY = (Inches(0.5), Inches(1.45), Inches(12.333), Inches(5.8))
FONT = "Yu Gothic"
NATIVE_KINDS = ("bar", "paired_bar", "stacked", "histogram")
PERCENT_FORMAT = '0.0"%"'
ORDERED_FIGURES = (19, 20)  # the stages: a light-to-dark ramp, as in the figures


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _bar_data(spec: FigureSpec) -> tuple[CategoryChartData, XL_CHART_TYPE, list[str]]:
    """Bars / paired bars: options as categories, one series per table (percent of its base)."""
    tables: list[SimpleTable] = list(spec.sources)
    keep_no_answer = not tables[0].item.is_multi
    rows = [r for r in tables[0].rows if keep_no_answer or r.code != NO_ANSWER]
    data = CategoryChartData(number_format=PERCENT_FORMAT)
    data.categories = [option_label(r.code, r.label) for r in rows]
    labels = list(spec.series) or [t.item.title[:40] for t in tables]
    for table, label in zip(tables, labels, strict=False):
        by_code = {r.code: r for r in table.rows}
        data.add_series(
            f"{label}（N={table.base:,}）" if len(tables) > 1 else f"N={table.base:,}",
            [(by_code[r.code].percent if r.code in by_code else None) for r in rows],
        )
    colors = list(style.PAIR_COLORS) if len(tables) <= 2 else style.categorical(len(tables))
    return data, XL_CHART_TYPE.BAR_CLUSTERED, colors


def _stacked_data(spec: FigureSpec) -> tuple[CategoryChartData, XL_CHART_TYPE, list[str]]:
    """100 % stacked bars: groups (全体 first) as categories, options as series."""
    first = spec.sources[0]
    data = CategoryChartData(number_format=PERCENT_FORMAT)
    if isinstance(first, CrossTab):
        groups = [first.total, *first.groups]
        data.categories = [f"{g.label}（n={g.base:,}）" for g in groups]
        columns = list(first.columns)
        for j, (code, label) in enumerate(columns):
            data.add_series(option_label(code, label), [g.percents[j] for g in groups])
        categories = crosstab_categories(first)
    else:
        tables: list[SimpleTable] = list(spec.sources)
        data.categories = [f"{label}（N={t.base:,}）" for t, label in zip(tables, spec.series, strict=False)]
        for j, row in enumerate(tables[0].rows):
            data.add_series(option_label(row.code, row.label), [t.rows[j].percent for t in tables])
        categories = categories_of(tables[0])
    palette = ORDERED if spec.number in ORDERED_FIGURES else CATEGORICAL
    return data, XL_CHART_TYPE.BAR_STACKED_100, category_colors(categories, palette)


def _style_chart(chart: Chart, colors: Sequence[str], stacked: bool) -> None:
    chart.font.name = FONT
    chart.font.size = Pt(11)
    chart.has_legend = len(chart.plots[0].series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    chart.has_title = False  # the slide title is the caption
    chart.category_axis.reverse_order = True  # first option at the top, as in the figure
    chart.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # the % axis crosses at the last category
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.maximum_scale = 1.0 if stacked else 100.0
    chart.value_axis.minimum_scale = 0.0
    if not stacked:
        chart.value_axis.tick_labels.number_format = '0"%"'
        chart.value_axis.tick_labels.number_format_is_linked = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = PERCENT_FORMAT
    labels.number_format_is_linked = False
    labels.font.size = Pt(9)
    for series, color in zip(plot.series, colors, strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(color)


def add_native_chart(slide: Slide, spec: FigureSpec) -> Chart:
    if spec.kind == "histogram":
        return _add_histogram(slide, spec)
    stacked = spec.kind == "stacked"
    data, kind, colors = _stacked_data(spec) if stacked else _bar_data(spec)
    frame = slide.shapes.add_chart(kind, *BODY, data)
    _style_chart(frame.chart, colors, stacked)
    return frame.chart


def _add_histogram(slide: Slide, spec: FigureSpec) -> Chart:
    """図表21: municipalities per stage difference (−4 … +4) as columns, the count on each."""
    table: SimpleTable = spec.sources[0]
    rows = [r for r in table.rows if r.code != NO_ANSWER]
    data = CategoryChartData(number_format="0")
    data.categories = [r.label for r in rows]
    data.add_series(f"自治体数（N={table.base:,}）", [r.count for r in rows])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, *BODY, data).chart
    chart.font.name = FONT
    chart.font.size = Pt(11)
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(10)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(style.PAIR_COLORS[0])
    return chart


def add_picture(slide: Slide, png: bytes, band: float = 0.0) -> None:
    """The figure image without its title band (the slide title is the caption), as large as the body box
    allows, centred."""
    from pptx.parts.image import Image

    image = Image.from_blob(png)
    w, h = image.size
    h = h * (1.0 - band)
    left, top, box_w, box_h = BODY
    scale = min(box_w / w, box_h / h)
    width, height = Emu(int(w * scale)), Emu(int(h * scale))
    picture = slide.shapes.add_picture(
        io.BytesIO(png), Emu(left + (box_w - width) // 2), Emu(top + (box_h - height) // 2), width, height
    )
    picture.crop_top = band


def _title(slide: Slide, caption: str) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.333), Inches(1.0)
    title.text = caption
    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(22 if len(caption) <= 40 else 18)
            run.font.name = FONT


def build_deck(
    specs: Sequence[FigureSpec],
    narratives: Mapping[int, Narrative],
    pngs: Mapping[int, bytes],
    title_bands: Mapping[int, float] | None = None,
) -> PresentationType:
    """The deck: a slide per available figure (native chart or picture), narrative in the notes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    for spec in specs:
        if not spec.available:
            continue
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
        _title(slide, spec.caption)
        if spec.kind in NATIVE_KINDS and spec.sources:
            add_native_chart(slide, spec)
        elif spec.number in pngs:
            add_picture(slide, pngs[spec.number], (title_bands or {}).get(spec.number, 0.0))
        narrative = narratives.get(spec.number)
        if narrative is not None and narrative.sentences:
            slide.notes_slide.notes_text_frame.text = narrative.text
    return deck
