"""Shares of a single-answer item: 100 % stacked horizontal bars (one per group, plus 全体) and donuts."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

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
SEGMENT_LABEL_MIN = 3.0  # % below which a segment is too narrow for its label
SEGMENT_SMALL = 6.0  # % below which the label is set smaller
ROW_LABEL_COLUMNS = 24
DONUT_LEGEND_COLUMNS = 64


def category_colors(categories: Sequence[Category], palette: str = CATEGORICAL) -> list[str]:
    """Colours per category: a ramp (ordered) or Okabe–Ito; わからない and 無回答 in greys."""
    real = [c for c in categories if not (c.is_no_answer or c.is_unknown)]
    base = style.ramp(len(real)) if palette == ORDERED else style.categorical(len(real))
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


def category_hatches(categories: Sequence[Category]) -> list[str]:
    return ["...." if c.is_unknown else "" for c in categories]


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
    hatches = category_hatches(categories)
    row_texts, row_lines = wrapped_labels(
        [f"{s.label}\n（{n_text(s.base, 'n')}）" for s in series], ROW_LABEL_COLUMNS
    )
    legend_texts = [wrap(c.label, style.LEGEND_COLUMNS) for c in categories]
    positions = [float(i) + (0.35 if gap_after_first and i > 0 else 0.0) for i in range(len(series))]
    slot = max(LINE_IN * row_lines + 0.1, 0.36)
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
        for bar, pct in zip(bars, widths, strict=True):
            if pct >= SEGMENT_LABEL_MIN:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    percent_text(pct, sign=False),
                    ha="center",
                    va="center",
                    fontsize=style.SMALL_SIZE if pct >= SEGMENT_SMALL else style.SMALL_SIZE - 1.5,
                    color=style.text_color_on(color),
                    zorder=3,
                    # on a hatched segment (わからない) the label gets a white ground to stay legible
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6} if hatch else None,
                )
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
    hatches = category_hatches(categories)
    fig = new_figure(2.3)
    ax, legend_ax = fig.subplots(1, 2, width_ratios=[1.0, 1.5])
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
