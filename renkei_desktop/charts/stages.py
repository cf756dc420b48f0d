"""The stage figures: the 5-stage concept diagram (図表18), the difference histogram (図表21) and the
current × target cross table (図表22)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from renkei_desktop.charts import style
from renkei_desktop.charts.base import (
    LINE_IN,
    compose,
    figure_builder,
    new_figure,
    wrapped_labels,
)
from renkei_desktop.charts.grouped import heat_color
from renkei_desktop.charts.model import (
    chart_title,
    crosstab_categories,
    item_title,
    n_text,
    option_label,
    percent_text,
)
from renkei_desktop.charts.textwrap_ja import wrap
from renkei_desktop.crosstab import CrossTab
from renkei_desktop.tabulate import SimpleTable

MINUS = "\u2212"
MATRIX_NOTE = "上段：自治体数、下段：行（現在の段階）ごとの割合。太枠は現状と同じ段階。"


def signed(value: int) -> str:
    """``+2`` / ``0`` / ``−2`` with a real minus sign."""
    if value > 0:
        return f"+{value}"
    return f"{MINUS}{-value}" if value < 0 else "0"


@figure_builder
def difference_histogram(
    table: SimpleTable,
    *,
    title: str | None = None,
    show_n: bool = True,
    xlabel: str = "目指したい段階 − 現在の段階（段階）",
) -> Figure:
    """Vertical bars of a difference item (codes −4…4): the count and % above each bar.

    Bars below 0 (目指したい段階が現状より低い) are vermillion, 0 (現状維持) grey, above 0 blue.
    """
    rows = [r for r in table.option_rows if isinstance(r.code, int)]
    full_title = chart_title(title or item_title(table.item), n=table.base if show_n else None)
    fig = new_figure(2.4)
    ax = fig.subplots()
    codes = [int(r.code) for r in rows]
    counts = [r.count for r in rows]
    colors = [
        style.OKABE_ITO[4] if c < 0 else style.TOTAL_COLOR if c == 0 else style.OKABE_ITO[0] for c in codes
    ]
    bars = ax.bar(codes, counts, width=0.7, color=colors, zorder=2)
    top = max(counts, default=0)
    for bar, r in zip(bars, rows, strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height() + top * 0.02,
            f"{r.count:,}\n（{percent_text(r.percent)}）",
            ha="center",
            va="bottom",
            fontsize=style.SMALL_SIZE,
            linespacing=1.1,
        )
    ax.set_xticks(codes, [signed(c) + ("\n（現状維持）" if c == 0 else "") for c in codes])
    ax.set_ylim(0, max(top, 1) * 1.3)
    ax.set_ylabel("自治体数")
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", zorder=0)
    ax.tick_params(axis="y", length=2.5)
    compose(fig, full_title)
    return fig


@figure_builder
def cross_matrix_chart(
    ct: CrossTab,
    *,
    title: str | None = None,
    show_n: bool = True,
    include_total: bool = True,
    row_title: str = "現在の連携の段階",
    column_title: str = "目指したい連携の段階",
) -> Figure:
    """A row × column cross table (e.g. 現在の段階 × 目指したい段階): count and row % per cell, shaded by the
    row %; the diagonal (同じ段階) is outlined."""
    categories = crosstab_categories(ct)
    groups = list(ct.groups) + ([ct.total] if include_total else [])
    full_title = chart_title(title or item_title(ct.item), n=ct.total.base if show_n else None)
    row_texts, row_lines = wrapped_labels(
        [
            f"{option_label(g.code, g.label) if g.code is not None else g.label}（{n_text(g.base, 'n')}）"
            for g in groups
        ],
        30,
    )
    cell_h = max(LINE_IN * row_lines + 0.08, 0.36)
    fig = new_figure(0.5 + len(groups) * cell_h + 0.3)
    ax = fig.subplots()
    for row, g in enumerate(groups):
        for col, (count, pct) in enumerate(zip(g.counts, g.percents, strict=True)):
            color = heat_color(pct)
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=color, edgecolor="white", linewidth=1.0))
            ax.text(
                col + 0.5,
                row + 0.5,
                f"{count:,}\n（{percent_text(pct)}）",
                ha="center",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=style.text_color_on(color),
                linespacing=1.1,
            )
            if g.code is not None and categories[col].code == g.code:
                ax.add_patch(
                    Rectangle(
                        (col + 0.03, row + 0.03), 0.94, 0.94, fill=False, edgecolor="black", linewidth=1.0
                    )
                )
    if include_total:
        ax.axhline(len(ct.groups), color=style.EDGE_COLOR, linewidth=1.2)
    ax.set_xlim(0, len(categories))
    ax.set_ylim(len(groups), 0)
    ax.set_xticks([i + 0.5 for i in range(len(categories))], [str(c.code) for c in categories])
    ax.set_yticks([i + 0.5 for i in range(len(groups))], row_texts)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(column_title)
    ax.set_ylabel(row_title)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.supxlabel(MATRIX_NOTE, x=0.01, ha="left", fontsize=style.SMALL_SIZE)
    compose(fig, full_title)
    return fig


@figure_builder
def stage_diagram(labels: Sequence[str], *, title: str = "庁内連携の段階") -> Figure:
    """The stages as a staircase: step k is k units high, its number and wording on it, an arrow above."""
    n = len(labels)
    colors = style.ramp(n)
    wrapped = [wrap(label, 20) for label in labels]
    lines = max((w.count("\n") + 1 for w in wrapped), default=1)
    fig = new_figure(2.1 + 0.12 * lines)
    ax = fig.subplots()
    unit = 1.0
    top_pad = 0.35 * lines
    for i, (text, color) in enumerate(zip(wrapped, colors, strict=True)):
        h = unit * (i + 1)
        ax.add_patch(Rectangle((i, 0), 0.96, h, facecolor=color, edgecolor="white", linewidth=1.0))
        ax.text(
            i + 0.48,
            0.35,
            f"段階{i + 1}",
            ha="center",
            va="center",
            fontsize=style.FONT_SIZE,
            color=style.text_color_on(color),
        )
        ax.text(
            i + 0.48, h + 0.1, text, ha="center", va="bottom", fontsize=style.SMALL_SIZE, linespacing=1.15
        )
    ax.add_patch(
        FancyArrowPatch(
            (0.1, -0.35),
            (n - 0.1, -0.35),
            arrowstyle="-|>",
            mutation_scale=10,
            color=style.EDGE_COLOR,
            linewidth=0.8,
        )
    )
    ax.text(n / 2, -0.6, "連携が進んでいる", ha="center", va="top", fontsize=style.SMALL_SIZE)
    ax.set_xlim(-0.05, n)
    ax.set_ylim(-1.0, unit * n + top_pad + 0.3)
    ax.set_axis_off()
    compose(fig, title)
    return fig
