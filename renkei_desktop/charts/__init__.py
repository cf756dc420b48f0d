"""Report-quality chart builders: each returns a ``matplotlib.figure.Figure`` (no pyplot state, no Qt),
fed by the tabulation results (``SimpleTable`` / ``CrossTab``), never by hard-coded numbers.

Importing the package registers the bundled IPAexGothic with matplotlib.
"""

from renkei_desktop.charts.fonts import chart_context, register_fonts

register_fonts()

from renkei_desktop.charts.bars import bar_chart, paired_bar_chart  # noqa: E402
from renkei_desktop.charts.dispatch import CROSSTAB_MODES, figure_for_crosstab, figure_for_tables  # noqa: E402
from renkei_desktop.charts.grouped import grouped_bar_chart, heat_table_chart  # noqa: E402
from renkei_desktop.charts.save import FORMATS, figure_bytes, save_figure  # noqa: E402
from renkei_desktop.charts.stacked import CATEGORICAL, ORDERED, donut_chart, stacked_share_chart  # noqa: E402
from renkei_desktop.charts.stages import (  # noqa: E402
    cross_matrix_chart,
    difference_histogram,
    stage_diagram,
)
from renkei_desktop.charts.text_table import text_table_chart  # noqa: E402
from renkei_desktop.charts.textwrap_ja import display_width, wrap, wrap_lines  # noqa: E402

__all__ = [
    "CATEGORICAL",
    "CROSSTAB_MODES",
    "FORMATS",
    "ORDERED",
    "bar_chart",
    "chart_context",
    "cross_matrix_chart",
    "difference_histogram",
    "display_width",
    "donut_chart",
    "figure_bytes",
    "figure_for_crosstab",
    "figure_for_tables",
    "grouped_bar_chart",
    "heat_table_chart",
    "paired_bar_chart",
    "register_fonts",
    "save_figure",
    "stacked_share_chart",
    "stage_diagram",
    "text_table_chart",
    "wrap",
    "wrap_lines",
]
