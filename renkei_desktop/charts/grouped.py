"""A multi-answer item by row group (e.g. 人口規模 × 連携している部課室): heat table or grouped bars.

Percents are of each group's respondents (its part of the item's base), so a column can add up to more than
100 %. The 全体 column / series is the simple tabulation.
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.patheffects import AbstractPathEffect

from renkei_desktop.charts import style
from renkei_desktop.charts.bars import draw_hbars
from renkei_desktop.charts.base import (
    LINE_IN,
    compose,
    figure_builder,
    legend_columns,
    new_figure,
    wrapped_labels,
)
from renkei_desktop.charts.model import (
    chart_title,
    crosstab_categories,
    crosstab_series,
    item_title,
    n_text,
    percent_text,
    with_n,
)
from renkei_desktop.crosstab import CrossTab

HEAT_LABEL_COLUMNS = 34
HEADER_COLUMNS = 12
HIGHLIGHT_POINTS = 10.0  # a cell this many points above 全体 is set in bold
HIGHLIGHT_NOTE = f"※太字・枠囲みは全体より{HIGHLIGHT_POINTS:.0f}ポイント以上高い値。"


def heat_color(pct: float | None) -> tuple[float, float, float, float]:
    cmap = colormaps[style.HEAT_CMAP]
    return cmap(0.04 + 0.78 * (pct or 0.0) / 100.0)


@figure_builder
def heat_table_chart(
    ct: CrossTab,
    *,
    title: str | None = None,
    show_n: bool = False,
    include_total: bool = True,
    highlight: bool = True,
) -> Figure:
    """Options (rows) × groups (columns, 全体 first) with the % in each cell, shaded by its value.

    Column headers carry each group's n. With ``highlight`` a cell ≥ 10 points above 全体 is bold.
    """
    include_no_answer = not ct.item.is_multi
    categories = crosstab_categories(ct, include_no_answer)
    series = crosstab_series(ct, include_total=include_total, include_no_answer=include_no_answer)
    full_title = chart_title(
        title or item_title(ct.item), n=ct.total.base if show_n else None, multi=ct.item.is_multi
    )
    row_texts, row_lines = wrapped_labels([c.label for c in categories], HEAT_LABEL_COLUMNS)
    header_texts, header_lines = wrapped_labels(
        [f"{s.label}\n（{n_text(s.base, 'n')}）" for s in series], HEADER_COLUMNS
    )
    cell_h = max(LINE_IN * row_lines + 0.06, 0.26)
    note = highlight and include_total and len(series) > 1
    fig = new_figure(header_lines * LINE_IN + 0.1 + len(categories) * cell_h + LINE_IN + 0.1)
    ax = fig.subplots()
    total = series[0] if include_total else None
    for col, s in enumerate(series):
        for row, pct in enumerate(s.percents):
            bold = (
                highlight
                and total is not None
                and s is not total
                and pct is not None
                and total.percents[row] is not None
                and pct - (total.percents[row] or 0.0) >= HIGHLIGHT_POINTS
            )
            _heat_cell(ax, col, row, pct, bold)
    if include_total and len(series) > 1:
        ax.axvline(1, color=style.EDGE_COLOR, linewidth=1.2, zorder=3)
    ax.set_xlim(0, len(series))
    ax.set_ylim(len(categories), 0)
    ax.set_xticks([i + 0.5 for i in range(len(series))], header_texts)
    ax.set_yticks([i + 0.5 for i in range(len(categories))], row_texts)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=style.SMALL_SIZE)
    ax.tick_params(axis="y", labelsize=style.FONT_SIZE)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if note:
        ax.set_xlabel(f"（%）{HIGHLIGHT_NOTE}", loc="left", fontsize=style.SMALL_SIZE)
    else:
        ax.set_xlabel("（%）", loc="left", fontsize=style.SMALL_SIZE)
    compose(fig, full_title)
    return fig


def _heat_cell(ax: Axes, col: int, row: int, pct: float | None, marked: bool) -> None:
    """One shaded cell with its %; a marked cell (≥ HIGHLIGHT_POINTS above 全体) is bold and framed, so the
    mark survives a greyscale print and a small size."""
    color = heat_color(pct)
    ink = style.text_color_on(color)
    ax.add_patch(Rectangle((col, row), 1, 1, facecolor=color, edgecolor="white", linewidth=1.0, zorder=1))
    if marked:
        ax.add_patch(
            Rectangle((col + 0.06, row + 0.1), 0.88, 0.8, fill=False, edgecolor=ink, linewidth=0.9, zorder=2)
        )
    ax.text(
        col + 0.5,
        row + 0.5,
        percent_text(pct, sign=False),
        ha="center",
        va="center",
        fontsize=style.SMALL_SIZE + (0.5 if marked else 0.0),
        color=ink,
        path_effects=_bold_effect(ink) if marked else None,
        zorder=2,
    )


def _bold_effect(color: str) -> list[AbstractPathEffect]:
    """IPAexGothic has no bold face: thicken the glyphs with a stroke of the text colour instead."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=0.6, foreground=color)]


@figure_builder
def grouped_bar_chart(
    ct: CrossTab,
    *,
    title: str | None = None,
    show_n: bool = False,
    include_total: bool = True,
) -> Figure:
    """Per option a cluster of bars, one per group (light to dark) and 全体 (grey); n in the legend."""
    include_no_answer = not ct.item.is_multi
    categories = crosstab_categories(ct, include_no_answer)
    series = crosstab_series(ct, include_total=include_total, include_no_answer=include_no_answer)
    full_title = chart_title(
        title or item_title(ct.item), n=ct.total.base if show_n else None, multi=ct.item.is_multi
    )
    groups = len(series) - (1 if include_total else 0)
    colors = ([style.TOTAL_COLOR] if include_total else []) + style.ramp(groups)
    _, lines = wrapped_labels([c.label for c in categories], style.BAR_LABEL_COLUMNS)
    legend_labels = [with_n(s.label, s.base) for s in series]
    slot = max(LINE_IN * lines + 0.1, 0.105 * len(series) + 0.1)
    fig = new_figure(len(categories) * slot + 0.35)
    ax = fig.subplots()
    draw_hbars(ax, categories, series, colors=colors, value_size=style.SMALL_SIZE - 1.0)
    handles, _labels = ax.get_legend_handles_labels()
    compose(fig, full_title, legend=(handles, legend_labels, legend_columns(legend_labels)))
    return fig
