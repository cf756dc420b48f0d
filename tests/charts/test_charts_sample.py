"""The whole report figure set drawn from the bundled sample (248 + 10 workbooks), and the numbers it draws
compared with the report's: the facts quoted in chapter 2 (shared/reference/published_crosstab_facts.json,
copied below) and the captions' N."""

from __future__ import annotations

import re

import pytest
from chartdata import cell_text, container_of, count_of

from renkei_desktop.charts.base import figure_title
from renkei_desktop.figures import find_figure, report_set
from renkei_desktop.loader import load_dataset

pytestmark = pytest.mark.slow

# 図表 → N printed in the caption (FIGURES.md; None: no N printed)
CAPTION_N = {
    3: 248, 4: 248, 5: None, 6: 226, 7: None, 8: 171, 9: None, 10: None, 11: None, 12: 216, 13: 160, 14: 227,
    15: None, 16: 224, 17: 216, 18: None, 19: 248, 20: 248, 21: 233, 22: 233, 23: 243, 24: 243, 25: 234,
    26: 10, 27: None, 28: 9, 29: 9, 30: 10, 31: 3, 32: 3, 33: 3, 34: 8,
}  # fmt: skip
# 図表 → the series' N in the legend of the side-by-side charts
LEGEND_N = {5: (225, 172), 10: (226, 171), 11: (216, 160), 15: (244, 235), 23: (243, 234), 34: (8, 8)}
# (図表, series or row, option code, percent) from the report text: series 0 = 医療・介護・福祉分野 / 課題,
# 1 = それ以外 / 優先的に支援したい課題; for cross charts the row is the population band (0 = 全体)
BAR_FACTS = [
    (6, 0, 2, 82.7), (6, 0, 6, 73.0), (8, 0, 8, 71.9), (8, 0, 9, 48.0), (10, 0, 2, 88.9), (10, 1, 2, 71.3),
    (11, 0, 1, 95.8), (11, 1, 1, 83.1), (15, 0, 3, 70.1), (15, 0, 1, 63.1), (15, 1, 8, 64.7), (15, 1, 11, 60.0),
    (15, 1, 9, 50.2), (16, 0, 2, 86.6), (16, 0, 6, 72.3), (17, 0, 8, 68.1), (17, 0, 9, 66.2), (23, 0, 8, 63.0),
    (23, 1, 8, 57.7), (23, 0, 7, 44.0), (23, 1, 7, 50.9), (28, 0, 3, 66.7), (28, 0, 2, 55.6), (28, 0, 1, 0.0),
    (34, 0, 1, 50.0), (34, 0, 3, 50.0), (34, 1, 5, 37.5),
]  # fmt: skip
STACKED_FACTS = [  # (図表, row, option codes, percent); row 0 = 全体 (図表4: 0 = med, 1 = oth)
    (4, 0, (1,), 91.1), (4, 1, (1,), 69.4), (14, 0, (2,), 38.8), (14, 4, (2,), 54.1), (14, 0, (1,), 3.1),
    (14, 1, (1,), 6.3), (19, 0, (2,), 55.2), (19, 0, (4, 5), 10.9), (19, 4, (4, 5), 14.6), (19, 1, (4, 5), 14.8),
    (20, 0, (5,), 49.2), (20, 0, (4, 5), 71.8), (20, 4, (4, 5), 82.9),
]  # fmt: skip


@pytest.fixture(scope="module")
def specs():
    from renkei_desktop.sample import ensure_sample

    return report_set(load_dataset([ensure_sample()]))


@pytest.fixture(scope="module")
def figures(specs):
    return {s.number: s.build() for s in specs if s.build is not None}


def test_the_whole_set_renders(specs, figures):
    assert [s.number for s in specs] == list(range(3, 35))
    assert sorted(figures) == list(range(3, 35))  # the sample has data for every figure
    for number, fig in figures.items():
        assert figure_title(fig).startswith(f"図表{number} ")


def test_caption_n_as_printed(specs, figures):
    for spec in specs:
        assert spec.n == CAPTION_N[spec.number], spec.number
        if spec.n is not None:
            assert figure_title(figures[spec.number]).replace("\n", "").endswith(f"（N={spec.n}）")


def test_legend_n_of_side_by_side_charts(figures):
    for number, ns in LEGEND_N.items():
        legend = [t.get_text() for t in figures[number].legends[0].get_texts()]
        assert [int(re.search(r"N=(\d+)", t).group(1)) for t in legend] == list(ns), number


def _row_of_code(ax, code: int) -> int:
    labels = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
    return next(i for i, label in enumerate(labels) if label.startswith(f"{code}."))


@pytest.mark.parametrize(("number", "series", "code", "pct"), BAR_FACTS)
def test_bar_values_match_the_report(figures, number, series, code, pct):
    ax = figures[number].axes[0]
    bar = ax.containers[series][_row_of_code(ax, code)]
    assert round(bar.get_width(), 1) == pct


@pytest.mark.parametrize(("number", "row", "codes", "pct"), STACKED_FACTS)
def test_stacked_values_match_the_report(figures, number, row, codes, pct):
    ax = figures[number].axes[0]
    drawn = sum(container_of(ax, c)[row].get_width() for c in codes)
    # single segments are drawn at the printed percent; a sum of rounded segments may be off by rounding
    assert drawn == pytest.approx(pct, abs=0.05 if len(codes) == 1 else 0.2)


def test_heat_table_values(figures):
    assert cell_text(figures[9], "8.", 1) == "88.7"  # band 1 (2.5万人未満), 8.防災担当
    assert cell_text(figures[9], "8.", 0) == "71.9"  # 全体


def test_stage_difference_histogram(figures):
    ax = figures[21].axes[0]
    bars = {round(b.get_x() + b.get_width() / 2): b.get_height() for b in ax.containers[0]}
    assert bars[2] == 69 and bars[0] == 26
    assert bars[1] + bars[2] + bars[3] == 197
    texts = [t.get_text() for t in ax.texts]
    assert "69\n（29.6%）" in texts and "26\n（11.2%）" in texts


def test_current_by_target_matrix(figures):
    fig = figures[22]
    for current, n, share in ((1, 18, 38.9), (2, 135, 72.6)):
        label = f"{current}."
        four_five = count_of(cell_text(fig, label, 3)) + count_of(cell_text(fig, label, 4))
        row_label = next(
            t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text().startswith(label)
        )
        assert f"（n={n}）" in row_label.replace("\n", "")
        assert round(100 * four_five / n, 1) == share


def test_prefectural_donuts(figures):
    legend26 = [t.get_text() for t in figures[26].axes[1].get_legend().get_texts()]
    assert legend26[0].replace("\n", "").endswith("9件（90.0%）")
    legend30 = [t.get_text() for t in figures[30].axes[1].get_legend().get_texts()]
    assert legend30[0].replace("\n", "").endswith("3件（30.0%）")
    legend32 = [t.get_text() for t in figures[32].axes[1].get_legend().get_texts()]
    assert legend32[0].replace("\n", "").endswith("3件（100.0%）")


def test_text_tables_list_the_three_prefectures(specs, figures):
    assert find_figure(specs, 31).n == 3 and find_figure(specs, 33).n == 3
    texts33 = [t.get_text() for t in figures[33].axes[0].texts]
    assert texts33[:3] == ["都県", "支援内容", "支援開始時期"]
