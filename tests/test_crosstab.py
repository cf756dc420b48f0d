"""Cross tabulation (renkei_desktop.crosstab): row variables, per-group bases, the 全体 row and the
stage difference, on four fully known workbooks and on the bundled sample (checked against an
independent recount of the respondents' answers and the report's published bases)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from forms import fill_form

from renkei_desktop.bands import BANDS, band_of
from renkei_desktop.codebook import load_codebook
from renkei_desktop.crosstab import TOTAL_LABEL, crosstab, find_row_variable, row_variables
from renkei_desktop.loader import load_dataset
from renkei_desktop.tabulate import table_for

FACTS = json.loads(
    (Path(__file__).resolve().parent / "data" / "published_crosstab_facts.json").read_text(encoding="utf-8")
)
TARGET_PREFECTURES = (
    (8, "茨城県"),
    (9, "栃木県"),
    (10, "群馬県"),
    (11, "埼玉県"),
    (12, "千葉県"),
    (13, "東京都"),
    (14, "神奈川県"),
    (15, "新潟県"),
    (19, "山梨県"),
    (20, "長野県"),
)


@pytest.fixture(scope="module")
def data(four_municipalities):
    return four_municipalities


@pytest.fixture(scope="module")
def sample():
    from renkei_desktop.sample import ensure_sample

    return load_dataset([ensure_sample()])


# ---------------------------------------------------------------- four known workbooks


def test_crosstab_by_population_band(data):
    ct = crosstab(data, "municipal", "Q6_1_med", "population_band")
    assert [(g.code, g.base, g.counts) for g in ct.groups] == [
        (1, 1, (0, 0, 1)),
        (2, 0, (0, 0, 0)),
        (3, 2, (1, 1, 0)),
        (4, 1, (1, 0, 0)),
    ]
    assert ct.total.base == 4 and ct.total.counts == (2, 1, 1)
    assert ct.group(3).percents == (50.0, 50.0, 0.0)
    counts, _percents = ct.to_frames()
    assert list(counts.index) == [
        "2.5万人未満",
        "2.5万人以上7.5万人未満",
        "7.5万人以上20万人未満",
        "20万人以上",
        "全体",
    ]
    assert counts.loc["全体", "N"] == 4


def test_crosstab_multi_item_base_per_group(data):
    ct = crosstab(data, "municipal", "Q6_5_med", "population_band")
    assert ct.group(3).base == 1 and ct.count(3, 2) == 1  # B: 1 and 2
    assert ct.group(4).base == 1 and ct.count(4, 2) == 0


def test_stage_difference_and_restricted_crosstab(data):
    diff = table_for(data, "municipal", "stage_difference")
    assert diff.base == 2  # A: 2→4, C: 1→3; B has わからない, D blank
    assert diff.row(2).count == 2
    ct = crosstab(
        data,
        "municipal",
        "Q8_1_target",
        "item:Q8_1_current",
        row_codes=[1, 2, 3, 4, 5],
        column_codes=[1, 2, 3, 4, 5],
    )
    assert ct.total.base == 2
    assert ct.share(1, [3]) == (1, 1) and ct.share(2, [4, 5]) == (1, 1)
    by_diff = crosstab(data, "municipal", "Q6_1_med", "stage_difference")
    assert by_diff.group(2).base == 2


def test_row_variables_offered():
    keys = [v.key for v in row_variables(load_codebook("municipal"))]
    assert keys[:4] == ["population_band", "aging_band", "care_band", "prefecture"]
    assert "item:Q5_dept" in keys and "stage_difference" in keys
    assert [v.key for v in row_variables(load_codebook("prefectural"))][:2] == ["prefecture", "item:Q2_1"]


def test_total_row_keeps_respondents_outside_every_group(data):
    # D 大子町 left the care rate blank: in no care band, but still in 全体 (the simple tabulation)
    ct = crosstab(data, "municipal", "Q6_1_med", "care_band")
    assert [(g.code, g.base, g.counts) for g in ct.groups] == [
        (1, 0, (0, 0, 0)),
        (2, 0, (0, 0, 0)),
        (3, 3, (2, 1, 0)),  # A, B, C: 18.5 %
        (4, 0, (0, 0, 0)),
    ]
    assert (ct.total.code, ct.total.label, ct.total.base, ct.total.counts) == (
        None,
        TOTAL_LABEL,
        4,
        (2, 1, 1),
    )
    assert ct.group(None) is ct.total
    assert ct.group(3).percents == (66.7, 33.3, 0.0)
    assert ct.group(1).percents == (None, None, None)  # an empty group has no percents
    # with row_codes the 全体 row is the total of the kept groups only
    kept = crosstab(data, "municipal", "Q6_1_med", "care_band", row_codes=[3])
    assert [g.code for g in kept.groups] == [3]
    assert (kept.total.base, kept.total.counts) == (3, (2, 1, 0))


def test_aging_band_groups(data):
    ct = crosstab(data, "municipal", "Q5_dept", "aging_band")
    assert [(g.code, g.label, g.base) for g in ct.groups] == [
        (1, "25%未満", 0),
        (2, "25%以上35%未満", 3),  # 26.2 %
        (3, "35%以上40%未満", 0),
        (4, "40%以上", 1),  # 大子町 45.2 %
    ]
    assert ct.columns == (
        (1, "連携を推進する専門の部課室がある"),
        (2, "連携を推進する専門の部課室がない"),
        ("no_answer", "無回答"),
    )
    assert ct.count(2, 2) == 3 and ct.count(4, 2) == 1 and ct.count(None, "no_answer") == 0


def test_multi_item_group_bases_follow_skip_logic(data):
    # Q6_3_med is asked when med = 連携している (A, B) and counts those who answered it (A, B)
    ct = crosstab(data, "municipal", "Q6_3_med", "population_band")
    assert [g.base for g in ct.groups] == [0, 0, 1, 1]
    assert ct.total.base == 2
    assert all(c != "no_answer" for c, _ in ct.columns)  # base 'answered': no 無回答 column
    # Q6_2_med: B left it blank, so only A (band 4) is in the base
    q62 = crosstab(data, "municipal", "Q6_2_med", "population_band")
    assert [g.base for g in q62.groups] == [0, 0, 0, 1]
    assert q62.group(4).counts[:3] == (1, 0, 1)  # options 1 and 3


def test_stage_difference_groups(data):
    ct = crosstab(data, "municipal", "Q5_dept", "stage_difference")
    assert [g.code for g in ct.groups] == list(range(-4, 5))
    assert [(g.code, g.base) for g in ct.groups if g.base] == [(2, 2)]  # A 2→4, C 1→3
    assert ct.total.base == 4  # B (target わからない) and D (blank) are in 全体 only


def test_nationwide_prefectures_become_groups(tmp_path):
    fill_form(tmp_path / "sapporo.xlsx", "municipal", {"E12": "北海道", "E17": "札幌市"})
    fill_form(tmp_path / "mito.xlsx", "municipal", {})
    fill_form(tmp_path / "naha.xlsx", "municipal", {"E12": "沖縄", "E17": "那覇市", "D55": "連携していない"})
    data = load_dataset([tmp_path], "all")
    variable = find_row_variable(data.codebooks["municipal"], "prefecture", data.of("municipal"))
    assert variable.groups == ((1, "北海道"), *TARGET_PREFECTURES, (47, "沖縄県"))
    ct = crosstab(data, "municipal", "Q6_1_med", "prefecture")
    assert [(g.code, g.base, g.counts) for g in ct.groups if g.base] == [
        (1, 1, (1, 0, 0)),
        (8, 1, (1, 0, 0)),
        (47, 1, (0, 1, 0)),
    ]
    assert ct.total.base == 3


# ---------------------------------------------------------------- row variables of the codebooks


def test_municipal_row_variable_keys():
    frequencies = [f"item:Q6_6_{side}_m{i}" for side in ("med", "oth") for i in range(1, 9)]
    assert [v.key for v in row_variables(load_codebook("municipal"))] == [
        "population_band",
        "aging_band",
        "care_band",
        "prefecture",
        "item:Q5_dept",
        "item:Q6_1_med",
        "item:Q6_1_oth",
        *frequencies,
        "item:Q6_7",
        "item:Q8_1_current",
        "item:Q8_1_target",
        "stage_difference",
    ]


def test_prefectural_row_variable_keys():
    variables = row_variables(load_codebook("prefectural"))
    assert [v.key for v in variables] == ["prefecture", "item:Q2_1", "item:Q3_1", "item:Q3_3"]
    assert variables[0].groups == TARGET_PREFECTURES


def test_row_variable_labels_and_groups():
    by_key = {v.key: v for v in row_variables(load_codebook("municipal"))}
    assert [(k, by_key[k].label) for k in ("population_band", "aging_band", "care_band", "prefecture")] == [
        ("population_band", "人口規模"),
        ("aging_band", "高齢化率区分"),
        ("care_band", "要介護認定率区分"),
        ("prefecture", "都県"),
    ]
    for key, item_id in (
        ("population_band", "Q3_population"),
        ("aging_band", "Q3_aging_rate"),
        ("care_band", "Q3_care_rate"),
    ):
        assert by_key[key].groups == tuple((b.index, b.label) for b in BANDS[item_id])
    assert by_key["population_band"].groups[0] == (1, "2.5万人未満")
    assert by_key["prefecture"].groups == TARGET_PREFECTURES
    current = by_key["item:Q8_1_current"]
    assert current.label == "質問8-(1) 現在の連携の段階"
    assert [code for code, _ in current.groups] == [1, 2, 3, 4, 5, 6]
    assert current.groups[2] == (3, "事業担当間の相互理解が深まっている状態")  # the report's wording
    assert by_key["item:Q5_dept"].groups == (
        (1, "連携を推進する専門の部課室がある"),
        (2, "連携を推進する専門の部課室がない"),
    )
    assert by_key["item:Q6_6_med_m1"].label == "質問6-(6) 1. 事業担当者間での相談や調整を行っている"
    assert by_key["item:Q6_6_med_m1"].groups[5] == (6, "一年に1回程度")
    stage = by_key["stage_difference"]
    assert stage.label == "段階の差分（目指したい−現在）"
    assert stage.groups[0] == (-4, "-4段階")
    assert stage.groups[4] == (0, "0（現状維持）")
    assert stage.groups[-1] == (4, "+4段階")
    assert all(len(v.label) <= 60 for v in by_key.values())


def test_find_row_variable():
    municipal = load_codebook("municipal")
    assert find_row_variable(municipal, "care_band").label == "要介護認定率区分"
    assert find_row_variable(municipal, "item:Q6_7").groups[-1] == (6, "その他")
    with pytest.raises(KeyError, match="municipal: no row variable 'gender'"):
        find_row_variable(municipal, "gender")
    with pytest.raises(KeyError, match="no row variable 'item:Q6_2_med'"):
        find_row_variable(municipal, "item:Q6_2_med")  # a multi item is not a row variable
    prefectural = load_codebook("prefectural")
    for key in ("population_band", "stage_difference", "item:Q5_dept"):
        with pytest.raises(KeyError, match=f"prefectural: no row variable '{key}'"):
            find_row_variable(prefectural, key)


def test_crosstab_unknown_row_variable_is_an_error(data):
    with pytest.raises(KeyError, match="no row variable 'nope'"):
        crosstab(data, "municipal", "Q6_1_med", "nope")


# ---------------------------------------------------------------- the bundled sample


def test_sample_population_bands_match_the_report(sample):
    published = {b["index"]: b["n_published"] for b in FACTS["population_bands"]["bands"]}
    assert published == {1: 88, 2: 61, 3: 58, 4: 41}
    ct = crosstab(sample, "municipal", "Q6_1_med", "population_band")
    assert {g.code: g.base for g in ct.groups} == published
    assert ct.total.base == 248 and ct.total.counts == (226, 14, 8)


@pytest.mark.parametrize(
    ("survey", "item_id", "row_key"),
    [
        ("municipal", "Q6_1_med", "population_band"),  # single, base all
        ("municipal", "Q6_3_med", "aging_band"),  # multi, base answered, asked of med = 1
        ("municipal", "Q6_6_med_m1", "prefecture"),  # single, base asked
        ("municipal", "Q3_population", "care_band"),  # numeric bands
        ("municipal", "stage_difference", "population_band"),
        ("municipal", "Q8_1_target", "stage_difference"),
        ("prefectural", "Q2_5", "prefecture"),
        ("prefectural", "Q2_2_3_4.leader", "item:Q3_1"),  # a table's coded column
        ("prefectural", "Q4_4", "item:Q2_1"),  # rank
    ],
)
def test_sample_total_row_is_the_simple_tabulation(sample, survey, item_id, row_key):
    ct = crosstab(sample, survey, item_id, row_key)
    table = table_for(sample, survey, item_id)
    assert ct.total.label == TOTAL_LABEL
    assert ct.total.base == table.base
    assert [c for c, _ in ct.columns] == [r.code for r in table.rows]
    assert ct.total.counts == tuple(r.count for r in table.rows)
    assert ct.total.percents == tuple(r.percent for r in table.rows)


def test_sample_multi_item_bases_per_group_recounted(sample):
    """Q6_3_med by population band against a recount from the respondents' own answers."""
    bases: Counter[int | None] = Counter()
    chosen: Counter[tuple[int | None, int]] = Counter()
    for r in sample.of("municipal"):
        selected = r.values.get("Q6_3_med")
        if r.values.get("Q6_1_med") == 1 and selected:
            band = band_of("Q3_population", r.values["Q3_population"])
            bases[band] += 1
            chosen.update((band, code) for code in selected)
    ct = crosstab(sample, "municipal", "Q6_3_med", "population_band")
    assert {g.code: g.base for g in ct.groups} == dict(bases)
    for g in ct.groups:
        assert g.counts == tuple(chosen[(g.code, code)] for code, _ in ct.columns), g.label
    assert sum(g.base for g in ct.groups) == ct.total.base == 226
    # a multi answer: a group's counts add up to more than its base
    assert all(sum(g.counts) > g.base for g in ct.groups)


def test_sample_stage_difference_variable(sample):
    published_base = FACTS["derived_variables"]["stage_difference"]["base_published"]
    diffs = Counter()
    for r in sample.of("municipal"):
        current, target = r.values.get("Q8_1_current"), r.values.get("Q8_1_target")
        if current in range(1, 6) and target in range(1, 6):
            diffs[target - current] += 1
    assert sum(diffs.values()) == published_base == 233
    ct = crosstab(sample, "municipal", "Q6_1_med", "stage_difference")
    assert {g.code: g.base for g in ct.groups} == {d: diffs[d] for d in range(-4, 5)}
    assert sum(g.base for g in ct.groups) == 233
    assert ct.total.base == 248  # 全体 keeps the 15 without a difference
    as_item = table_for(sample, "municipal", "stage_difference")
    assert as_item.base == 233
    assert {r.code: r.count for r in as_item.rows} == {d: diffs[d] for d in range(-4, 5)}


def test_sample_restricted_stage_crosstab(sample):
    """図表22: target by current stage, わからない and 無回答 left out on both sides."""
    pairs: Counter[tuple[int, int]] = Counter()
    for r in sample.of("municipal"):
        current, target = r.values.get("Q8_1_current"), r.values.get("Q8_1_target")
        if current in range(1, 6) and target in range(1, 6):
            pairs[(current, target)] += 1
    ct = crosstab(
        sample,
        "municipal",
        "Q8_1_target",
        "item:Q8_1_current",
        row_codes=[1, 2, 3, 4, 5],
        column_codes=[1, 2, 3, 4, 5],
    )
    assert [c for c, _ in ct.columns] == [1, 2, 3, 4, 5]
    assert [g.code for g in ct.groups] == [1, 2, 3, 4, 5]
    for g in ct.groups:
        assert g.counts == tuple(pairs[(g.code, t)] for t in range(1, 6)), g.label
        assert sum(g.counts) == g.base  # a single answer: each respondent in exactly one column
    assert ct.total.base == 233


def test_sample_prefectural_groups(sample):
    ct = crosstab(sample, "prefectural", "Q2_5", "prefecture")
    assert [g.code for g in ct.groups] == [code for code, _ in TARGET_PREFECTURES]
    # Q2_5 is asked of prefectures that cooperate (Q2_1 = 1): each group is 0 or 1 prefecture
    answered = {
        int(r.body.prefecture_code)
        for r in sample.of("prefectural")
        if r.values.get("Q2_1") == 1 and r.values.get("Q2_5")
    }
    assert {g.code for g in ct.groups if g.base} == answered
    assert all(g.base in (0, 1) for g in ct.groups)
    assert ct.total.base == sum(g.base for g in ct.groups) == len(answered) == 9
    by_q21 = crosstab(sample, "prefectural", "Q2_2_3_4.leader", "item:Q2_1")
    assert [(g.code, g.base) for g in by_q21.groups] == [(1, 9), (2, 0)]  # not asked when Q2_1 = 2
