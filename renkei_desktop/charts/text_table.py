"""Free-text answers drawn as a simple ruled table (図表27, 31, 33): wrapped cells, no truncation."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from renkei_desktop.charts import style
from renkei_desktop.charts.base import LINE_IN, compose, figure_builder, new_figure
from renkei_desktop.charts.textwrap_ja import wrap_lines

TABLE_COLUMNS = 100  # display columns across the whole table at SMALL_SIZE on the full width
HEADER_FILL = "#DDEBF7"


@figure_builder
def text_table_chart(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    widths: Sequence[float] | None = None,
) -> Figure:
    """A table of text: ``widths`` are the column shares (default equal); every cell is wrapped to fit."""
    if not rows:
        raise ValueError("text_table_chart needs at least one row")
    k = len(headers)
    shares = list(widths) if widths else [1.0 / k] * k
    total = sum(shares)
    shares = [s / total for s in shares]
    columns = [max(4, int(TABLE_COLUMNS * s) - 2) for s in shares]
    header_cells = [wrap_lines(h, c) for h, c in zip(headers, columns, strict=True)]
    body_cells = [[wrap_lines(str(v), c) for v, c in zip(row, columns, strict=True)] for row in rows]
    line_h = LINE_IN * 0.9
    heights = [max(len(c) for c in header_cells) * line_h + 0.08]
    heights += [max(len(c) for c in row) * line_h + 0.08 for row in body_cells]
    table_h = sum(heights)
    fig = new_figure(table_h + 0.05)
    ax = fig.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(table_h, 0)
    ax.set_axis_off()
    lefts = [sum(shares[:i]) for i in range(k)]
    y = 0.0
    for r, (cells, h) in enumerate(zip([header_cells, *body_cells], heights, strict=True)):
        if r == 0:
            ax.axhspan(0, h, color=HEADER_FILL, zorder=0)
        for left, lines in zip(lefts, cells, strict=True):
            ax.text(
                left + 0.008,
                y + 0.04,
                "\n".join(lines),
                ha="left",
                va="top",
                fontsize=style.SMALL_SIZE,
                linespacing=1.25,
            )
        y += h
        ax.axhline(y, color=style.EDGE_COLOR, linewidth=0.8 if r == 0 else 0.4)
    ax.axhline(0, color=style.EDGE_COLOR, linewidth=0.8)
    for left in lefts[1:]:
        ax.axvline(left, color=style.GRID_COLOR, linewidth=0.5)
    compose(fig, title)
    return fig
