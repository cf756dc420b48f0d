"""Each chart kind drawn from known tabulation results: bar sizes, labels, N and titles read back from the
artists."""

from __future__ import annotations

import math

import pytest
from chartdata import (
    DIFFERENCE,
    Q61_MED,
    Q61_OTH,
    Q63_MED,
    Q67_BANDS,
    bar_widths,
    cell_text,
    count_of,
    crosstab_of,
    legend_texts,
    table,
    text_values,
    title_of,
    ytick_texts,
)
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle, Wedge

from renkei_desktop import charts
from renkei_desktop.charts import style
from renkei_desktop.charts.grouped import HIGHLIGHT_NOTE
from renkei_desktop.charts.model import Category, chart_title, item_title
from renkei_desktop.charts.stacked import category_colors


@pytest.fixture(scope="module")
def q63():
    return table("municipal", "Q6_3_med", Q63_MED, 226)


def test_bar_chart_multi_answer(q63):
    fig = charts.bar_chart(q63, title="図表6 連携している部課室")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert title_of(fig) == "図表6 連携している部課室（複数回答可）（N=226）"
    # option order top to bottom: the y axis is inverted, option 1 at y=0
    labels = ytick_texts(ax)
    assert labels[0] == "1.地域医療担当" and labels[-1] == "10.その他" and len(labels) == 10
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    assert bar_widths(ax) == [44.2, 82.7, 13.3, 26.5, 66.4, 73.0, 17.7, 8.8, 22.1, 4.4]
    assert [round(p.get_y() + p.get_height() / 2, 6) for p in ax.patches] == list(range(10))
    assert text_values(ax)[:2] == ["44.2%", "82.7%"]
    # % labels sit just right of the bar ends
    for bar, text in zip(ax.patches, ax.texts, strict=True):
        assert text.get_position()[0] == pytest.approx(bar.get_width() + 0.8)
    assert ax.get_xlim() == (0.0, 100.0)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "100%"


def test_bar_chart_single_answer_keeps_no_answer_and_default_title():
    t = table("municipal", "Q6_1_med", Q61_MED, 248, no_answer=8)
    fig = charts.bar_chart(t)
    ax = fig.axes[0]
    assert ytick_texts(ax) == ["1.連携している", "2.連携していない", "無回答"]
    assert bar_widths(ax) == [91.1, 5.6, 3.2]
    title = title_of(fig).replace("\n", "")
    assert title.startswith("質問6-(1) 庁内の他の部課室との連携の有無")
    assert "（医療・介護・福祉分野を担当している部課室）" in title and title.endswith("（N=248）")
    assert "複数回答" not in title


def test_paired_bar_chart_med_vs_oth():
    med = table("municipal", "Q6_5_med", (207, 80, 120, 60, 50, 70, 60, 5), 216)
    oth = table("municipal", "Q6_5_oth", (133, 50, 70, 65, 40, 30, 25, 4), 160)
    fig = charts.paired_bar_chart([med, oth], title="図表11 連携の方法")
    ax = fig.axes[0]
    assert title_of(fig) == "図表11 連携の方法（複数回答可）"  # two Ns: no N in the title
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [
        "医療・介護・福祉分野を担当している部課室（N=216）",
        "それ以外の部課室（N=160）",
    ]
    assert bar_widths(ax, 0)[0] == 95.8 and bar_widths(ax, 1)[0] == 83.1
    assert len(ax.patches) == 16
    # side by side: the med bar above the oth bar of the same option, in the option's slot
    med_bar, oth_bar = ax.containers[0][0], ax.containers[1][0]
    assert med_bar.get_y() < oth_bar.get_y() < 0.5 and med_bar.get_y() > -0.5
    assert oth_bar.get_hatch()  # greyscale-safe: the second series is hatched
    # long labels are wrapped, never cut
    label3 = ytick_texts(ax)[2]
    assert "\n" in label3 and label3.replace("\n", "") == (
        "3.事業担当者が出席する会議体（協議会や勉強会など）を開催している"
    )


def test_paired_bar_chart_with_caption_n():
    med = table("municipal", "Q9_1_med", (33, 10, 80, 28, 100, 6, 107, 153, 19, 8, 13, 50), 243)
    oth = table("municipal", "Q9_1_oth", (40, 30, 70, 50, 80, 10, 119, 135, 12, 8, 10, 40), 234)
    fig = charts.paired_bar_chart([med, oth], title="図表23 課題", show_n=True)
    assert title_of(fig).endswith("（複数回答可）（N=243）")


def test_stacked_share_chart_by_population_band():
    ct = crosstab_of("municipal", "Q6_7", "population_band", Q67_BANDS)
    fig = charts.stacked_share_chart(ct, title="図表14 人口規模×連携を主導している部課室・機関")
    ax = fig.axes[0]
    assert title_of(fig) == "図表14 人口規模×連携を主導している部課室・機関（N=227）"
    rows = [s.replace("\n", "") for s in ytick_texts(ax)]
    assert rows == [
        "全体（n=227）",
        "2.5万人未満（n=80）",
        "2.5万人以上7.5万人未満（n=56）",
        "7.5万人以上20万人未満（n=54）",
        "20万人以上（n=37）",
    ]
    # one container per category (1..6 + 無回答), one bar per row; rows add up to 100 %
    assert len(ax.containers) == 7
    assert [round(b.get_width(), 1) for b in ax.containers[1]] == [38.8, 35.0, 37.5, 35.2, 54.1]
    assert [round(b.get_width(), 1) for b in ax.containers[0]] == [3.1, 6.3, 1.8, 1.9, 0.0]
    for row in range(5):
        assert sum(c[row].get_width() for c in ax.containers) == pytest.approx(100, abs=0.3)
        # segments follow each other without gaps
        for left, right in zip(ax.containers[:-1], ax.containers[1:], strict=True):
            assert right[row].get_x() == pytest.approx(left[row].get_x() + left[row].get_width())
    legend = legend_texts(fig)
    assert legend[0] == "1.主に貴自治体の首長が主導している" and legend[-1] == "無回答" and len(legend) == 7
    assert legend[1] == "2.貴部課室が主導している"  # read row by row: 1 and 2 side by side
    assert "54.1" in text_values(ax)
    assert ax.get_xlim() == (0.0, 100.0)


def test_stacked_share_chart_of_two_items():
    med = table("municipal", "Q6_1_med", Q61_MED, 248, no_answer=8)
    oth = table("municipal", "Q6_1_oth", Q61_OTH, 248, no_answer=13)
    fig = charts.stacked_share_chart(
        [med, oth],
        title="図表4 他の部課室との連携の有無",
        row_labels=["医療", "それ以外"],
        include_total=False,
    )
    ax = fig.axes[0]
    assert title_of(fig) == "図表4 他の部課室との連携の有無（N=248）"
    assert [s.replace("\n", "") for s in ytick_texts(ax)] == ["医療（n=248）", "それ以外（n=248）"]
    assert [round(b.get_width(), 1) for b in ax.containers[0]] == [91.1, 69.4]


def test_ordered_palette_greys_for_unknown_and_no_answer():
    cats = [Category(i, f"{i}.x", "x") for i in range(1, 6)] + [
        Category(6, "6.わからない", "わからない"),
        Category("no_answer", "無回答", "無回答"),
    ]
    colors = category_colors(cats, "ordered")
    assert colors[:5] == list(style.BLUE_RAMP)
    assert colors[5] == style.UNKNOWN_COLOR and colors[6] == style.NO_ANSWER_COLOR
    # a stage label that merely contains わからない is a stage, not "unknown"
    assert not Category(
        1, "1.誰が事業の担当者なのかわからない状態", "誰が事業の担当者なのかわからない状態"
    ).is_unknown
    # lightness grows monotonically along the ramp (survives greyscale printing)
    lum = [style.luminance(c) for c in style.BLUE_RAMP]
    assert lum == sorted(lum, reverse=True)


def test_donut_chart_yes_no():
    t = table("municipal", "Q5_dept", (43, 203), 248, no_answer=2)
    fig = charts.donut_chart(t, title="図表3 連携を推進する専門の部課室の有無")
    ax = fig.axes[0]
    assert title_of(fig) == "図表3 連携を推進する専門の部課室の有無（N=248）"
    wedges = [p for p in ax.patches if isinstance(p, Wedge)]
    assert len(wedges) == 3
    spans = [(w.theta2 - w.theta1) / 360 * 100 for w in wedges]
    assert spans == pytest.approx([43 / 248 * 100, 203 / 248 * 100, 2 / 248 * 100], abs=1e-6)
    assert all(w.width == pytest.approx(0.4) for w in wedges)  # a ring, not a pie
    assert "N=248" in text_values(ax) and "17.3%" in text_values(ax)
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert legend[0] == "1.連携を推進する専門の部課室がある　43件（17.3%）"
    assert legend[2] == "無回答　2件（0.8%）"


def test_heat_table_chart():
    bands = (
        (1, 80, (38, 67, 28, 43, 54, 65, 51, 29, 49, 4)),
        (2, 55, (25, 42, 13, 30, 32, 40, 36, 24, 27, 2)),
        (3, 54, (30, 44, 12, 33, 30, 34, 37, 20, 33, 6)),
        (4, 37, (25, 34, 12, 23, 30, 26, 27, 15, 16, 3)),
    )
    ct = crosstab_of("municipal", "Q6_3_med", "population_band", bands)
    fig = charts.heat_table_chart(ct, title="図表7 人口規模×連携している部課室")
    ax = fig.axes[0]
    assert title_of(fig) == "図表7 人口規模×連携している部課室（複数回答可）"
    headers = [t.get_text().replace("\n", "") for t in ax.get_xticklabels()]
    assert headers[0] == "全体（n=226）" and headers[-1] == "20万人以上（n=37）"
    cells = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_fill()]
    assert len(cells) == 10 * 5
    assert cell_text(fig, "1.地域医療担当", 0) == "52.2"  # 118/226
    assert cell_text(fig, "1.地域医療担当", 4) == "67.6"  # 25/37
    assert cell_text(fig, "10.その他", 1) == "5.0"
    # the shade grows with the value
    low, high = cells[9], cells[1]  # 全体 column: 10.その他 (6.6) vs 2.健康増進担当 (82.7)
    assert style.luminance(low.get_facecolor()) > style.luminance(high.get_facecolor())
    # 67.6 is ≥ 10 points above 全体 52.2: emphasised, and the note explains it
    emphasised = [t.get_text() for t in ax.texts if t.get_path_effects()]
    assert "67.6" in emphasised and "52.2" not in emphasised
    assert HIGHLIGHT_NOTE in ax.get_xlabel()
    frames = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(frames) == len(emphasised)  # each marked cell is framed too (legible in greyscale)


def test_grouped_bar_chart():
    ct = crosstab_of(
        "municipal",
        "Q6_3_oth",
        "population_band",
        [
            (1, 62, (5, 6, 3, 9, 6, 10, 8, 55, 20, 2)),
            (2, 40, (4, 8, 2, 8, 5, 6, 5, 26, 20, 1)),
            (3, 39, (6, 9, 3, 9, 6, 8, 6, 24, 22, 1)),
            (4, 30, (8, 12, 6, 12, 9, 10, 8, 18, 20, 2)),
        ],
    )
    fig = charts.grouped_bar_chart(ct, title="図表9 人口規模×連携している部課室")
    ax = fig.axes[0]
    assert len(ax.containers) == 5  # 全体 + 4 bands
    assert bar_widths(ax, 1)[7] == 88.7  # band 1, 8.防災担当: 55/62
    assert bar_widths(ax, 0)[7] == 71.9  # 全体: 123/171
    legend = legend_texts(fig)
    assert legend[0] == "全体（n=171）" and legend[1] == "2.5万人未満（n=62）"


def test_difference_histogram():
    t = table("municipal", "stage_difference", DIFFERENCE, 233)
    fig = charts.difference_histogram(t, title="図表21 現状と目指したい連携の段階の差分")
    ax = fig.axes[0]
    assert title_of(fig) == "図表21 現状と目指したい連携の段階の差分（N=233）"
    bars = list(ax.containers[0])
    assert [round(b.get_x() + b.get_width() / 2) for b in bars] == list(range(-4, 5))
    assert [b.get_height() for b in bars] == list(DIFFERENCE)
    texts = text_values(ax)
    assert "69\n（29.6%）" in texts and "26\n（11.2%）" in texts and "0\n（0.0%）" in texts
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "\u22124" and ticks[4].startswith("0") and ticks[-1] == "+4"


def test_cross_matrix_chart():
    ct = crosstab_of(
        "municipal",
        "Q8_1_target",
        "item:Q8_1_current",
        [
            (1, 18, (1, 3, 7, 1, 6, 0, 0)),
            (2, 135, (0, 6, 31, 35, 63, 0, 0)),
        ],
    )
    # keep stages 1–5 only, like 図表22
    from dataclasses import replace

    ct = replace(
        ct,
        columns=ct.columns[:5],
        groups=tuple(replace(g, counts=g.counts[:5]) for g in ct.groups),
        total=replace(ct.total, counts=ct.total.counts[:5]),
    )
    fig = charts.cross_matrix_chart(ct, title="図表22 現状の連携の段階×理想の段階")
    assert title_of(fig) == "図表22 現状の連携の段階×理想の段階（N=153）"
    assert cell_text(fig, "1.誰が", 2) == "7\n（38.9%）"
    assert count_of(cell_text(fig, "2.庁内", 3)) + count_of(cell_text(fig, "2.庁内", 4)) == 98
    assert cell_text(fig, "全体", 4) == "69\n（45.1%）"
    outlined = [p for p in fig.axes[0].patches if not p.get_fill()]
    assert len(outlined) == 2  # the diagonal of the two current stages


def test_stage_diagram_and_text_table():
    labels = ["誰が事業の担当者なのかわからない状態", "顔が分かる", "相互理解", "組織的協調", "組織的な政策"]
    fig = charts.stage_diagram(labels, title="図表18 庁内連携の段階")
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
    assert heights == [1, 2, 3, 4, 5]  # a staircase
    assert "段階5" in text_values(ax)
    assert any(t.replace("\n", "") == labels[0] for t in text_values(ax))
    fig = charts.text_table_chart(
        ["都県", "取組内容"], [("東京都", "年1回、市町村にアンケートを行う。" * 6)], title="図表31 取組内容"
    )
    texts = text_values(fig.axes[0])
    assert texts[:2] == ["都県", "取組内容"]
    assert texts[3].replace("\n", "") == "年1回、市町村にアンケートを行う。" * 6  # wrapped, not cut
    with pytest.raises(ValueError):
        charts.text_table_chart(["a"], [], title="x")


def test_titles_and_labels_helpers(q63):
    assert chart_title("連携のねらい", multi=True) == "連携のねらい（複数回答可）"
    assert chart_title("連携を主導する機関・部課室（複数回答）", n=9, multi=True).endswith(
        "（複数回答）（N=9）"
    )
    assert item_title(q63.item).startswith("質問6-(3) 貴部課室が連携している部課室")


def test_builders_never_touch_global_rcparams(q63):
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    charts.bar_chart(q63)
    assert dict(mpl.rcParams) == before


def test_figure_height_grows_with_rows(q63):
    small = charts.bar_chart(table("municipal", "Q5_dept", (43, 203), 248, no_answer=2))
    large = charts.bar_chart(q63)
    assert small.get_figheight() < large.get_figheight()
    assert math.isclose(large.get_figwidth(), style.FULL_WIDTH_IN)
