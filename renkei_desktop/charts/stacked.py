"""Shares of a single-answer item: 100 % stacked horizontal bars (one per group, plus 全体) and donuts."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from renkei_desktop.charts import style
from renkei_desktop.charts.base import (
    LINE_IN,
    compose,
    figure_builder,
    legend_columns,
    new_figure,
    percent_axis,
    wrapped_labels,
)
from renkei_desktop.charts.model import (
    Category,
    Series,
    categories_of,
    chart_title,
    crosstab_categories,
    crosstab_series,
    item_title,
    n_text,
    percent_text,
    series_of,
)
from renkei_desktop.charts.textwrap_ja import wrap
from renkei_desktop.crosstab import CrossTab
from renkei_desktop.tabulate import SimpleTable

ORDERED = "ordered"
CATEGORICAL = "categorical"
SEGMENT_LABEL_MIN = 2.0  # % below which a segment gets no label (its value is in the tables)
SEGMENT_INSIDE = 5.0  # % from which a 7 pt label fits inside its segment; narrower ones are labelled outside
OUTSIDE_SPACING = 7.0  # % of axis: closer outside labels of one bar alternate above / below it
ROW_LABEL_COLUMNS = 24
DONUT_LEGEND_COLUMNS = 56
DONUT_WIDTH_IN = 12.5 * style.CM
DONUT_HEIGHT_IN = 1.9


def category_colors(categories: Sequence[Category], palette: str = CATEGORICAL) -> list[str]:
    """Colours per category: a ramp (ordered) or Okabe–Ito; わからない and 無回答 in greys."""
    real = [c for c in categories if not (c.is_no_answer or c.is_unknown)]
    base = style.ramp(len(real)) if palette == ORDERED else _stack_colors(len(real))
    colors = iter(base)
    out = []
    for c in categories:
        if c.is_no_answer:
            out.append(style.NO_ANSWER_COLOR)
        elif c.is_unknown:
            out.append(style.UNKNOWN_COLOR)
        else:
            out.append(next(colors))
    return out


def _stack_colors(n: int) -> list[str]:
    return [style.STACK_PALETTE[i % len(style.STACK_PALETTE)][0] for i in range(n)]


def category_hatches(categories: Sequence[Category], palette: str = CATEGORICAL) -> list[str]:
    """Hatches per category: 無回答 and わからない always; the stack palette's own ones (categorical)."""
    out = []
    k = 0
    for c in categories:
        if c.is_no_answer:
            out.append(style.NO_ANSWER_HATCH)
        elif c.is_unknown:
            out.append(style.UNKNOWN_HATCH)
        else:
            out.append(style.STACK_PALETTE[k % len(style.STACK_PALETTE)][1] if palette == CATEGORICAL else "")
            k += 1
    return out


@figure_builder
def stacked_share_chart(
    source: CrossTab | Sequence[SimpleTable],
    *,
    title: str | None = None,
    show_n: bool = True,
    row_labels: Sequence[str] | None = None,
    include_total: bool = True,
    include_no_answer: bool = True,
    palette: str = CATEGORICAL,
) -> Figure:
    """100 % stacked horizontal bars: one per row group (labelled with its n) and a 全体 bar on top.

    ``source`` is a cross tabulation (e.g. 人口規模 × 現在の連携の段階) or several single-answer tables with
    the same options (e.g. 図表4: med and oth, labelled by ``row_labels``).
    """
    if isinstance(source, CrossTab):
        categories = crosstab_categories(source, include_no_answer)
        series = crosstab_series(source, include_total=include_total, include_no_answer=include_no_answer)
        item = source.item
        n: int | None = source.total.base
    else:
        tables = list(source)
        if not tables:
            raise ValueError("stacked_share_chart needs a cross tabulation or at least one table")
        item = tables[0].item
        categories = categories_of(tables[0], include_no_answer)
        labels = list(row_labels) if row_labels else [t.item.scope_label or t.item.title for t in tables]
        series = [series_of(t, label, include_no_answer) for t, label in zip(tables, labels, strict=True)]
        n = tables[0].base if len({t.base for t in tables}) == 1 else None
    full_title = chart_title(title or item_title(item), n=n if show_n else None, multi=item.is_multi)
    return _draw_stacked(full_title, categories, series, palette, gap_after_first=include_total)


def _draw_stacked(
    full_title: str,
    categories: Sequence[Category],
    series: Sequence[Series],
    palette: str,
    gap_after_first: bool,
) -> Figure:
    colors = category_colors(categories, palette)
    hatches = category_hatches(categories, palette)
    row_texts, row_lines = wrapped_labels(
        [f"{s.label}\n（{n_text(s.base, 'n')}）" for s in series], ROW_LABEL_COLUMNS
    )
    legend_texts = [wrap(c.label, style.LEGEND_COLUMNS) for c in categories]
    positions = [float(i) + (0.35 if gap_after_first and i > 0 else 0.0) for i in range(len(series))]
    slot = max(LINE_IN * row_lines + 0.1, 0.44)
    outside: dict[int, tuple[float, bool]] = {}  # row → (x of the last label set outside, was it above)
    fig = new_figure((positions[-1] + 1) * slot + 0.35)
    ax = fig.subplots()
    lefts = [0.0] * len(series)
    for j, (cat, color, hatch) in enumerate(zip(categories, colors, hatches, strict=True)):
        widths = [s.percents[j] or 0.0 for s in series]
        bars = ax.barh(
            positions,
            widths,
            left=lefts,
            height=0.62,
            color=color,
            hatch=hatch or None,
            edgecolor="white" if not hatch else style.EDGE_COLOR,
            linewidth=style.BAR_EDGE_WIDTH,
            label=cat.label,
            zorder=2,
        )
        for row, (bar, pct) in enumerate(zip(bars, widths, strict=True)):
            _segment_label(ax, bar, pct, color, hatch, outside, row)
        lefts = [a + b for a, b in zip(lefts, widths, strict=True)]
    ax.set_yticks(positions, row_texts)
    ax.set_ylim(positions[-1] + 0.5, -0.5)
    percent_axis(ax, "x")
    ax.tick_params(axis="y", length=0)
    handles = [
        Patch(facecolor=c, hatch=h or None, edgecolor=style.EDGE_COLOR, linewidth=style.BAR_EDGE_WIDTH)
        for c, h in zip(colors, hatches, strict=True)
    ]
    compose(fig, full_title, legend=(handles, legend_texts, legend_columns(legend_texts)))
    return fig


def _segment_label(
    ax: Axes,
    bar: Rectangle,
    pct: float,
    color: str,
    hatch: str,
    outside: dict[int, tuple[float, bool]],
    row: int,
) -> None:
    """The % of one segment at 7 pt: inside when it fits, else just above (or below) the bar."""
    if pct < SEGMENT_LABEL_MIN:
        return
    x = bar.get_x() + bar.get_width() / 2
    text = percent_text(pct, sign=False)
    if pct >= SEGMENT_INSIDE:
        ax.text(
            x,
            bar.get_y() + bar.get_height() / 2,
            text,
            ha="center",
            va="center",
            fontsize=style.SMALL_SIZE,
            color="black" if hatch else style.text_color_on(color),
            zorder=3,
            # on a hatched segment the label gets a white ground to stay legible
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6} if hatch else None,
        )
        return
    last_x, last_above = outside.get(row, (-100.0, False))
    above = not (last_above and x - last_x < OUTSIDE_SPACING)
    outside[row] = (x, above)
    y = bar.get_y() - 0.02 if above else bar.get_y() + bar.get_height() + 0.02
    ax.text(x, y, text, ha="center", va="bottom" if above else "top", fontsize=style.SMALL_SIZE, zorder=3)


@figure_builder
def donut_chart(
    table: SimpleTable,
    *,
    title: str | None = None,
    show_n: bool = True,
    include_no_answer: bool = True,
    palette: str = CATEGORICAL,
) -> Figure:
    """A donut of a single-answer item (ある / ない / 無回答): % on the ring, N in the middle, counts in the
    legend."""
    categories = categories_of(table, include_no_answer)
    series = series_of(table, table.item.title, include_no_answer)
    full_title = chart_title(
        title or item_title(table.item), n=table.base if show_n else None, multi=table.item.is_multi
    )
    colors = category_colors(categories, palette)
    hatches = category_hatches(categories, palette)
    fig = new_figure(DONUT_HEIGHT_IN, DONUT_WIDTH_IN)  # compact: the ring and its legend, no empty band
    ax, legend_ax = fig.subplots(1, 2, width_ratios=[1.0, 1.45])
    legend_ax.set_axis_off()
    values = [float(n) for n in series.counts]
    wedges, _texts = ax.pie(
        values,
        colors=colors,
        hatch=[h or None for h in hatches],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.4, "edgecolor": "white", "linewidth": 0.8},
        radius=1.0,
    )
    for wedge, pct, color in zip(wedges, series.percents, colors, strict=True):
        if pct is None or pct < SEGMENT_LABEL_MIN:
            continue
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        r = 0.8
        ax.text(
            r * math.cos(angle),
            r * math.sin(angle),
            percent_text(pct),
            ha="center",
            va="center",
            fontsize=style.SMALL_SIZE,
            color=style.text_color_on(color),
        )
    ax.text(0, 0, n_text(table.base), ha="center", va="center", fontsize=style.FONT_SIZE)
    ax.set_aspect("equal")
    legend_texts = [
        wrap(f"{c.label}　{n:,}件（{percent_text(p)}）", DONUT_LEGEND_COLUMNS)
        for c, n, p in zip(categories, series.counts, series.percents, strict=True)
    ]
    legend_ax.legend(wedges, legend_texts, loc="center left", handlelength=1.4, labelspacing=0.8)
    compose(fig, full_title)
    return fig


__all__ = [
    "CATEGORICAL",
    "ORDERED",
    "category_colors",
    "donut_chart",
    "stacked_share_chart",
]
