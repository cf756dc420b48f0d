"""Greyscale: neighbouring segments of a stacked bar differ in lightness (or hatch); 無回答 is distinct."""

from __future__ import annotations

from itertools import combinations, pairwise

import pytest
from chartdata import Q67_BANDS, crosstab_of

from renkei_desktop import charts
from renkei_desktop.charts import style
from renkei_desktop.charts.model import crosstab_categories
from renkei_desktop.charts.stacked import CATEGORICAL, ORDERED, category_colors, category_hatches


def test_lightness_scale():
    assert style.lightness("#000000") == pytest.approx(0.0, abs=0.01)
    assert style.lightness("#FFFFFF") == pytest.approx(100.0, abs=0.01)
    assert style.lightness("#808080") == pytest.approx(53.6, abs=0.2)


def _segments(item_id: str, palette: str):
    ct = crosstab_of("municipal", item_id, "population_band", [(1, 10, [1] * (len(_columns(item_id))))])
    cats = crosstab_categories(ct)
    return cats, category_colors(cats, palette), category_hatches(cats, palette)


def _columns(item_id):
    from renkei_desktop.codebook import load_codebook
    from renkei_desktop.items import find_item

    item = find_item(load_codebook("municipal"), item_id)
    return [*item.options, ("no_answer", "無回答")]


@pytest.mark.parametrize(("item_id", "palette"), [("Q6_7", CATEGORICAL), ("Q8_1_current", ORDERED)])
def test_neighbours_and_no_answer_distinct_in_grey(item_id, palette):
    cats, colors, hatches = _segments(item_id, palette)
    assert cats[-1].is_no_answer and hatches[-1] == style.NO_ANSWER_HATCH
    for (ca, a, ha), (cb, b, hb) in zip(
        zip(cats, colors, hatches, strict=True),
        list(zip(cats, colors, hatches, strict=True))[1:],
        strict=False,
    ):
        gap = abs(style.lightness(a) - style.lightness(b))
        assert gap >= style.MIN_NEIGHBOUR_LIGHTNESS or ha != hb, (ca.label, cb.label, round(gap, 1))
    # any two segments of the same hatch are told apart by lightness
    for (a, ha), (b, hb) in combinations(zip(colors, hatches, strict=True), 2):
        if ha == hb:
            assert abs(style.lightness(a) - style.lightness(b)) >= 10.0, (a, b)


def test_stage_ramp_steps_evenly():
    steps = [style.lightness(c) for c in style.BLUE_RAMP]
    gaps = [a - b for a, b in pairwise(steps)]
    assert all(13.0 <= g <= 15.0 for g in gaps), gaps
    # stage 1 and 無回答 were the same grey in the review: now 無回答 is hatched, stage 1 is not
    _cats, _colors, hatches = _segments("Q8_1_current", ORDERED)
    assert hatches[0] == "" and hatches[-1] == style.NO_ANSWER_HATCH


def test_stacked_figure_uses_them_and_labels_at_7pt():
    ct = crosstab_of("municipal", "Q6_7", "population_band", Q67_BANDS)
    fig = charts.stacked_share_chart(ct, title="図表14 人口規模×連携を主導している部課室・機関")
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text().replace(".", "").isdigit()]
    assert labels and min(t.get_fontsize() for t in labels) >= 7.0
    hatched = {p.get_hatch() for p in ax.patches if p.get_hatch()}
    assert style.NO_ANSWER_HATCH in hatched and "xxx" in hatched
