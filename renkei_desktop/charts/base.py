"""Shared plumbing of the chart builders: a pyplot-free Figure, fonts fixed on every text, titles, axes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Literal, ParamSpec

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter

from renkei_desktop.charts import style
from renkei_desktop.charts.fonts import chart_context
from renkei_desktop.charts.textwrap_ja import display_width, wrap, wrap_title

P = ParamSpec("P")

LINE_IN = 0.155  # height of one line of 8 pt text, in inches
TITLE_GID = "chart-title"
HEADER_PAD = 0.06
HEADER_GAP = 0.08


def figure_builder(func: Callable[P, Figure]) -> Callable[P, Figure]:
    """Run a builder under the report rcParams and pin the Japanese font on every text of the result.

    The figure can then be drawn anywhere (a Qt canvas, ``savefig`` outside our rc context) without tofu.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with chart_context():
            fig = func(*args, **kwargs)
            for ax in fig.axes:
                ax.tick_params(which="both", labelfontfamily=list(style.FONT_FAMILIES))
        return fig

    return wrapper


def new_figure(height_in: float, width_in: float = style.FULL_WIDTH_IN) -> Figure:
    height = min(max(height_in, 0.8), style.MAX_HEIGHT_IN)
    fig = Figure(figsize=(width_in, height), dpi=100, layout="constrained")
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    engine.set(w_pad=0.04, h_pad=0.04, wspace=0.02, hspace=0.02)
    return fig


def title_lines(title: str, width_in: float = style.FULL_WIDTH_IN) -> list[str]:
    columns = max(20, int(style.TITLE_COLUMNS * width_in / style.FULL_WIDTH_IN))
    return wrap_title(title, columns)


def _height_in(fig: Figure, artist: Text | Legend) -> float:
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib's stubs
    return float(artist.get_window_extent(renderer).height / fig.dpi)


def row_major(n: int, ncol: int) -> list[int]:
    """Entry order that makes matplotlib's column-by-column legend read left to right, row by row."""
    return [k for c in range(ncol) for k in range(c, n, ncol)]


def compose(
    fig: Figure,
    title: str,
    *,
    legend: tuple[Sequence[Artist], Sequence[str], int] | None = None,
) -> None:
    """Put the title (wrapped) and an optional legend in a header band above the plot.

    The figure was created with the height of its plot area; it grows by the measured header, and the
    constrained layout is confined below the header, so title, legend and axes never overlap.
    """
    width, body = fig.get_size_inches()
    FigureCanvasAgg(fig)  # a renderer to measure text with (any GUI canvas can replace it later)
    text = fig.text(0.008, 1.0, "\n".join(title_lines(title, width)), ha="left", va="top")
    text.set_fontsize(style.TITLE_SIZE)
    text.set_gid(TITLE_GID)
    header = HEADER_PAD + _height_in(fig, text)
    title_band = header
    leg = None
    legend_top = header + HEADER_GAP
    if legend is not None:
        handles, labels, ncol = legend
        order = row_major(len(labels), ncol)
        leg = fig.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            loc="upper left",
            ncols=ncol,
            handlelength=1.6,
            columnspacing=1.5,
            borderaxespad=0.0,
            borderpad=0.0,
            fontsize=style.SMALL_SIZE,
        )
        header = legend_top + _height_in(fig, leg)
    header += HEADER_GAP
    height = body + header
    fig.set_size_inches(width, height)
    text.set_y(1.0 - HEADER_PAD / height)
    if leg is not None:
        leg.set_bbox_to_anchor((0.008, 1.0 - legend_top / height), transform=fig.transFigure)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, 0.0, 1.0, 1.0 - header / height))
    set_design_size(fig, (width, height))
    setattr(fig, TITLE_BAND, (title_band + HEADER_GAP / 2) / height)


DESIGN_SIZE = "_renkei_design_size"
TITLE_BAND = "_renkei_title_band"


def title_band(fig: Figure) -> float:
    """The top fraction of the figure that holds its title (0 when it has none): a document whose own caption
    carries the title crops it away (``report.document``)."""
    return float(getattr(fig, TITLE_BAND, 0.0))


def set_design_size(fig: Figure, size: tuple[float, float]) -> None:
    """Remember the size (inches) the title, legend and labels were laid out for: a canvas in the window may
    resize the figure, but a saved or copied figure is drawn at this size (``charts.save``)."""
    setattr(fig, DESIGN_SIZE, (float(size[0]), float(size[1])))


def design_size(fig: Figure) -> tuple[float, float] | None:
    return getattr(fig, DESIGN_SIZE, None)


def figure_title(fig: Figure) -> str:
    """The chart title drawn by ``compose`` (with its line breaks)."""
    return next((t.get_text() for t in fig.texts if t.get_gid() == TITLE_GID), "")


def wrapped_labels(labels: list[str], columns: int) -> tuple[list[str], int]:
    """Labels wrapped to ``columns``, and the most lines any of them takes."""
    out = [wrap(label, columns) for label in labels]
    return out, max((s.count("\n") + 1 for s in out), default=1)


def percent_axis(ax: Axes, axis: Literal["x", "y"] = "x", upper: float = 100.0) -> None:
    """0–100 % with ticks every 20 % and light grid lines."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xlim if axis == "x" else ax.set_ylim)(0, upper)
    target.set_major_locator(FixedLocator([v for v in range(0, int(upper) + 1, 20)]))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
    ax.grid(axis=axis, zorder=0)
    ax.set_axisbelow(True)


def legend_columns(labels: list[str], width_columns: int = style.LEGEND_WIDTH_COLUMNS) -> int:
    """How many legend entries fit side by side."""
    widest = max((max(display_width(line) for line in s.split("\n")) for s in labels), default=1) + 6
    return max(1, min(len(labels), width_columns // widest))
