"""Known tabulation results for the chart tests (built from the real codebook items, numbers by hand),
and helpers that read the numbers back from a drawn figure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from matplotlib.figure import Figure

from renkei_desktop.bands import percent
from renkei_desktop.charts.base import figure_title, row_major
from renkei_desktop.codebook import load_codebook
from renkei_desktop.crosstab import CrossGroup, CrossTab, find_row_variable
from renkei_desktop.items import NO_ANSWER, NO_ANSWER_LABEL, find_item
from renkei_desktop.tabulate import SimpleTable, TabRow


def table(survey: str, item_id: str, counts: Sequence[int], base: int, no_answer: int = 0) -> SimpleTable:
    item = find_item(load_codebook(survey), item_id)
    assert len(counts) == len(item.options)
    rows = [TabRow(c, label, n, percent(n, base)) for (c, label), n in zip(item.options, counts, strict=True)]
    if item.has_no_answer_row:
        rows.append(TabRow(NO_ANSWER, NO_ANSWER_LABEL, no_answer, percent(no_answer, base)))
    return SimpleTable(item, base, tuple(rows))


def crosstab_of(
    survey: str,
    item_id: str,
    row_key: str,
    groups: Sequence[tuple[int, int, Sequence[int]]],
) -> CrossTab:
    """``groups``: (code, base, counts per column); the 全体 row is their sum."""
    codebook = load_codebook(survey)
    item = find_item(codebook, item_id)
    variable = find_row_variable(codebook, row_key)
    columns = tuple(item.options) + (((NO_ANSWER, NO_ANSWER_LABEL),) if item.has_no_answer_row else ())
    labels = dict(variable.groups)
    made = tuple(CrossGroup(code, labels[code], base, tuple(counts)) for code, base, counts in groups)
    total = CrossGroup(
        None,
        "全体",
        sum(g.base for g in made),
        tuple(sum(col) for col in zip(*(g.counts for g in made), strict=True)),
    )
    return CrossTab(item, variable, columns, made, total)


# 図表6-like: Q6_3_med, N=226 (the report's 82.7 % / 73.0 % for options 2 and 6)
Q63_MED = (100, 187, 30, 60, 150, 165, 40, 20, 50, 10)
# 図表4-like: Q6_1 med / oth, N=248
Q61_MED = (226, 14)
Q61_OTH = (172, 63)
# 人口規模 × Q6_7 (図表14-like): per band (code, base, counts 1..6 + 無回答)
Q67_BANDS = (
    (1, 80, (5, 28, 20, 12, 0, 14, 1)),
    (2, 56, (1, 21, 16, 9, 0, 8, 1)),
    (3, 54, (1, 19, 16, 9, 0, 9, 0)),
    (4, 37, (0, 20, 8, 7, 0, 2, 0)),
)
# stage difference −4…4 (図表21-like), N=233
DIFFERENCE = (0, 0, 0, 4, 26, 64, 69, 64, 6)


def title_of(fig: Figure) -> str:
    """The figure's title text, line breaks removed."""
    return figure_title(fig).replace("\n", "")


def ytick_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def bar_widths(ax, series: int = 0) -> list[float]:
    return [round(b.get_width(), 6) for b in ax.containers[series]]


def text_values(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def cell_text(fig: Figure, row_label_start: str, column: int) -> str:
    """The text in a heat/cross table cell: row found by its label's start, column by index."""
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
    row = next(i for i, label in enumerate(labels) if label.startswith(row_label_start))
    for t in ax.texts:
        x, y = t.get_position()
        if abs(x - (column + 0.5)) < 1e-9 and abs(y - (row + 0.5)) < 1e-9:
            return t.get_text()
    raise AssertionError(f"no cell at row {row_label_start!r}, column {column}")


def count_of(cell: str) -> int:
    """``"31\\n（23.0%）"`` → 31."""
    match = re.match(r"\s*([\d,]+)", cell)
    assert match, cell
    return int(match.group(1).replace(",", ""))


def legend_texts(fig: Figure) -> list[str]:
    """The figure legend's entries in reading order (left to right, row by row), line breaks removed."""
    legend = fig.legends[0]
    texts = [t.get_text().replace("\n", "") for t in legend.get_texts()]
    reading = [""] * len(texts)
    for position, index in enumerate(row_major(len(texts), legend._ncols)):
        reading[index] = texts[position]
    return reading


def container_of(ax, code: int):
    """The bar container (stacked segment series) of option ``code``."""
    return next(c for c in ax.containers if c.get_label().startswith(f"{code}."))
