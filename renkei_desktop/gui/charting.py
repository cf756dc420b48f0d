"""The GUI's access to the core chart builders (one place to adapt if their API changes)."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

from renkei_desktop.crosstab import CrossTab
from renkei_desktop.export.atomic import write_atomic
from renkei_desktop.tabulate import SimpleTable


def save_figure(figure: Figure, path: Path, fmt: str, dpi: int = 300) -> Path:
    """Write a figure atomically (temporary file, then rename) with the report's font settings."""
    from renkei_desktop import charts

    return write_atomic(path, lambda tmp: charts.save_figure(figure, tmp, fmt, dpi=dpi))


def render_png(figure: Figure, stream: io.BytesIO, dpi: int = 150) -> None:
    from renkei_desktop import charts

    charts.save_figure(figure, stream, "png", dpi=dpi)


def simple_figure(tables: list[SimpleTable]) -> Figure | None:
    """The chart of one item, or of a 医療・介護・福祉 / それ以外 pair side by side."""
    from renkei_desktop import charts

    return charts.figure_for_tables(tables)


def crosstab_figure(table: CrossTab, mode: str) -> Figure | None:
    """``mode``: ``"stacked"`` (100 % stacked bars), ``"grouped"`` (grouped bars) or ``"heat"``."""
    from renkei_desktop import charts

    return charts.figure_for_crosstab(table, mode)
