"""Pick the chart for what the GUI shows: one item (or a 医療・介護・福祉 / それ以外 pair), or a cross tabulation."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from renkei_desktop.charts.bars import bar_chart, paired_bar_chart
from renkei_desktop.charts.grouped import grouped_bar_chart, heat_table_chart
from renkei_desktop.charts.stacked import ORDERED, stacked_share_chart
from renkei_desktop.crosstab import CrossTab
from renkei_desktop.tabulate import SimpleTable

CROSSTAB_MODES = ("stacked", "grouped", "heat")
ORDERED_ITEMS = frozenset({"Q8_1_current", "Q8_1_target"})


def figure_for_tables(tables: Sequence[SimpleTable], *, title: str | None = None) -> Figure | None:
    """Horizontal bars of one item, or the pair side by side; None when nobody is in the base."""
    tables = list(tables)
    if not tables or all(t.base == 0 for t in tables):
        return None
    if len(tables) == 1:
        return bar_chart(tables[0], title=title)
    return paired_bar_chart(tables, title=title, show_n=len({t.base for t in tables}) == 1)


def figure_for_crosstab(ct: CrossTab, mode: str = "stacked", *, title: str | None = None) -> Figure | None:
    """``mode``: ``stacked`` (100 % stacked bars; a multi-answer item, whose rows do not add up to 100 %,
    gets the heat table instead), ``grouped`` (grouped bars) or ``heat`` (heat table). None when the base is
    empty."""
    if mode not in CROSSTAB_MODES:
        raise ValueError(f"unknown cross-tab chart mode {mode!r} (use one of {', '.join(CROSSTAB_MODES)})")
    if ct.total.base == 0:
        return None
    if mode == "grouped":
        return grouped_bar_chart(ct, title=title, show_n=True)
    if mode == "heat" or ct.item.is_multi:
        return heat_table_chart(ct, title=title, show_n=True)
    palette = ORDERED if ct.item.item_id in ORDERED_ITEMS else "categorical"
    return stacked_share_chart(ct, title=title, palette=palette)
