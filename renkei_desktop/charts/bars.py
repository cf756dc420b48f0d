"""Horizontal bar charts of one item (options in form order), alone or as side-by-side series."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

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
    item_title,
    percent_text,
    series_of,
    with_n,
)
from renkei_desktop.tabulate import SimpleTable

SERIES_LABELS = {
    "med": "医療・介護・福祉分野を担当している部課室",
    "oth": "それ以外の部課室",
}


def draw_hbars(
    ax: Axes,
    categories: Sequence[Category],
    series: Sequence[Series],
    *,
    colors: Sequence[str],
    hatches: Sequence[str] | None = None,
    label_columns: int = style.BAR_LABEL_COLUMNS,
    value_size: float = style.SMALL_SIZE,
) -> int:
    """Bars per category (top to bottom in option order), one per series, % at each bar end.

    Returns the most lines a category label takes.
    """
    k = len(series)
    slot = 0.8
    height = slot / k
    labels, max_lines = wrapped_labels([c.label for c in categories], label_columns)
    positions = list(range(len(categories)))
    for j, s in enumerate(series):
        offset = -slot / 2 + height * (j + 0.5)
        widths = [p or 0.0 for p in s.percents]
        bars = ax.barh(
            [y + offset for y in positions],
            widths,
            height=height * 0.92,
            color=colors[j % len(colors)],
            hatch=(hatches[j % len(hatches)] if hatches else None) or None,
            edgecolor=style.EDGE_COLOR if hatches and hatches[j % len(hatches)] else "none",
            linewidth=style.BAR_EDGE_WIDTH,
            label=with_n(s.label, s.base, "N") if k > 1 else s.label,
            zorder=2,
        )
        for bar, pct in zip(bars, s.percents, strict=True):
            ax.text(
                bar.get_width() + 0.8,
                bar.get_y() + bar.get_height() / 2,
                percent_text(pct),
                va="center",
                ha="left",
                fontsize=value_size,
                clip_on=False,
                zorder=3,
                # a white ground keeps the value clear of the grid lines it sits on (95.8% at the 100% line)
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
            )
    ax.set_yticks(positions, labels)
    ax.set_ylim(len(categories) - 0.5, -0.5)  # option 1 at the top
    percent_axis(ax, "x")
    ax.tick_params(axis="y", length=0)
    return max_lines


def _slot_height(lines: int, n_series: int) -> float:
    return max(LINE_IN * lines + 0.09, 0.13 * n_series + 0.1, 0.24)


@figure_builder
def bar_chart(
    table: SimpleTable,
    *,
    title: str | None = None,
    show_n: bool = True,
    include_no_answer: bool | None = None,
    color: str = style.PAIR_COLORS[0],
) -> Figure:
    """One item as horizontal bars in option order, ``N=`` in the title, % labels at the bar ends.

    A multi-answer item gets 「（複数回答可）」 in the title; a single-answer item shows its 無回答 row too
    (``include_no_answer`` overrides).
    """
    keep_no_answer = (not table.item.is_multi) if include_no_answer is None else include_no_answer
    categories = categories_of(table, keep_no_answer)
    series = series_of(table, table.item.title, keep_no_answer)
    full_title = chart_title(
        title or item_title(table.item), n=table.base if show_n else None, multi=table.item.is_multi
    )
    _, lines = wrapped_labels([c.label for c in categories], style.BAR_LABEL_COLUMNS)
    fig = new_figure(len(categories) * _slot_height(lines, 1) + 0.35)
    ax = fig.subplots()
    draw_hbars(ax, categories, [series], colors=[color])
    compose(fig, full_title)
    return fig


@figure_builder
def paired_bar_chart(
    tables: Sequence[SimpleTable],
    *,
    series_labels: Sequence[str] | None = None,
    title: str | None = None,
    show_n: bool = False,
) -> Figure:
    """Several series of the same options side by side (e.g. 医療・介護・福祉分野 vs それ以外).

    Each series' N is in the legend; ``show_n`` also puts the first series' N in the title (the report's
    図表23 prints only the 医療・介護・福祉分野 N in its caption).
    """
    if not tables:
        raise ValueError("paired_bar_chart needs at least one table")
    first = tables[0]
    include_no_answer = not first.item.is_multi
    categories = categories_of(first, include_no_answer)
    labels = (
        list(series_labels)
        if series_labels
        else [SERIES_LABELS.get(t.item.scope or "", t.item.title) for t in tables]
    )
    series = []
    for table, label in zip(tables, labels, strict=True):
        by_code = {r.code: r for r in table.rows}
        rows = [by_code.get(c.code) for c in categories]
        series.append(
            Series(
                label,
                table.base,
                tuple(r.count if r else 0 for r in rows),
                tuple(r.percent if r else None for r in rows),
            )
        )
    multi = any(t.item.is_multi for t in tables)
    full_title = chart_title(title or item_title(first.item), n=first.base if show_n else None, multi=multi)
    _, lines = wrapped_labels([c.label for c in categories], style.BAR_LABEL_COLUMNS)
    legend_labels = [with_n(s.label, s.base, "N") for s in series]
    fig = new_figure(len(categories) * _slot_height(lines, len(series)) + 0.35)
    ax = fig.subplots()
    colors = list(style.PAIR_COLORS) if len(series) <= 2 else style.categorical(len(series))
    hatches = list(style.PAIR_HATCHES) if len(series) <= 2 else None
    draw_hbars(ax, categories, series, colors=colors, hatches=hatches)
    handles, _labels = ax.get_legend_handles_labels()
    compose(fig, full_title, legend=(handles, legend_labels, legend_columns(legend_labels)))
    return fig
