"""Base (N) rules of the simple tabulation and cross tabulation on a small, fully known dataset."""

from __future__ import annotations

import pytest
from forms import fill_form

from renkei_desktop.crosstab import crosstab, row_variables
from renkei_desktop.loader import load_dataset
from renkei_desktop.tabulate import table_for, tabulate_all

OTH_FOLLOW_UPS = ["G61", "G87", "G96", "G111", "I111"]
MED_FOLLOW_UPS = ["D61", "D63", "D80", "D95", "D111", "F111"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("tab")
    # A 水戸市 (pop 270,685 → band 4): complete answer.
    fill_form(root / "a.xlsx", "municipal", {})
    # B 日立市 (band 3): Q6_2_med left blank, Q6_5_med 1+2 with only m2's frequency.
    fill_form(
        root / "b.xlsx",
        "municipal",
        {
            "E17": "日立市",
            "E23": 174_508,
            "D112": "○",
            "F112": "3. 月に1回程度",
            "E198": "4. 組織的協調が進んでいる状態",
            "G198": "6. わからない",
        },
        drop=["D61", "D63", "F111"],
    )
    # C 土浦市 (band 3): med = 連携していない, so the med follow-ups are not asked.
    fill_form(
        root / "c.xlsx",
        "municipal",
        {
            "E17": "土浦市",
            "E23": 140_000,
            "D55": "連携していない",
            "E198": "1. 誰が事業の担当者なのかわからない状態",
            "G198": "3. 事業担当者間の相互理解が深まっている状態",
        },
        drop=MED_FOLLOW_UPS,
    )
    # D 大子町 (band 1): Q6_1 both blank, care rate blank, Q8 blank.
    fill_form(
        root / "d.xlsx",
        "municipal",
        {"E17": "大子町", "E23": 16_500, "E24": 45.2, "E30": 1},
        drop=["D55", "G55", "E25", "E130", "E198", "G198", *MED_FOLLOW_UPS, *OTH_FOLLOW_UPS],
    )
    return load_dataset([root])


def rows(table):
    return [(r.code, r.count, r.percent) for r in table.rows]


def test_single_all_base_with_no_answer(data):
    t = table_for(data, "municipal", "Q6_1_med")
    assert t.base == 4
    assert rows(t) == [(1, 2, 50.0), (2, 1, 25.0), ("no_answer", 1, 25.0)]


def test_multi_answered_base(data):
    t = table_for(data, "municipal", "Q6_2_med")
    assert t.base == 1  # asked of A and B, answered by A only
    assert [(r.code, r.count) for r in t.rows if r.count] == [(1, 1), (3, 1)]
    assert all(r.code != "no_answer" for r in t.rows)


def test_asked_base_follows_skip_logic(data):
    m1 = table_for(data, "municipal", "Q6_6_med_m1")
    assert m1.base == 2 and m1.row(7).count == 1 and m1.row("no_answer").count == 1
    m2 = table_for(data, "municipal", "Q6_6_med_m2")
    assert m2.base == 1 and m2.row(3).count == 1 and m2.row("no_answer").count == 0
    q67 = table_for(data, "municipal", "Q6_7")
    assert q67.base == 3  # med or oth cooperates: A, B, C
    assert q67.row(2).count == 3


def test_numeric_bands_and_stats(data):
    pop = table_for(data, "municipal", "Q3_population")
    assert rows(pop) == [(1, 1, 25.0), (2, 0, 0.0), (3, 2, 50.0), (4, 1, 25.0), ("no_answer", 0, 0.0)]
    assert pop.stats == {"min": 16_500, "max": 270_685, "mean": 150_423.3, "median": 157_254.0}
    care = table_for(data, "municipal", "Q3_care_rate")
    assert care.base == 3  # base 'answered': the blank is left out, no 無回答 row
    assert [r.code for r in care.rows] == [1, 2, 3, 4]
    areas = table_for(data, "municipal", "Q4_areas")
    assert areas.row(1).count == 1 and areas.row(2).count == 3
    assert areas.stats["median"] == 8.0


def test_prefecture_counts_use_the_identified_body(data):
    t = table_for(data, "municipal", "Q1_prefecture")
    assert t.row(8).count == 4 and t.row(13).count == 0


def test_every_item_tabulates(data):
    tables = tabulate_all(data)
    assert len(tables["municipal"]) == 41
    assert len(tables["prefectural"]) == 8
    ids = [t.item_id for t in tables["prefectural"]]
    assert "Q2_2_3_4.leader" in ids and "Q4_4" in ids


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
    from renkei_desktop.codebook import load_codebook

    keys = [v.key for v in row_variables(load_codebook("municipal"))]
    assert keys[:4] == ["population_band", "aging_band", "care_band", "prefecture"]
    assert "item:Q5_dept" in keys and "stage_difference" in keys
    assert [v.key for v in row_variables(load_codebook("prefectural"))][:2] == ["prefecture", "item:Q2_1"]


def test_nationwide_survey_reads_any_prefecture(tmp_path):
    fill_form(tmp_path / "sapporo.xlsx", "municipal", {"E12": "北海道", "E17": "札幌市"})
    fill_form(tmp_path / "naha.xlsx", "municipal", {"E12": "沖縄", "E17": "那覇市"})
    data = load_dataset([tmp_path], "all")
    assert [f for f in data.findings if f.kind == "invalid_value"] == []
    assert {r.code: r.values["Q1_prefecture"] for r in data.of("municipal")} == {"01100": 1, "47201": 47}
    q1 = table_for(data, "municipal", "Q1_prefecture")
    assert len(q1.rows) == 47 and q1.row(1).count == 1 and q1.row(47).count == 1
    bureau = load_dataset([tmp_path])  # under 関東信越厚生局 both are outside the targets
    assert {r.status for r in bureau.status_rows if r.file} == {"unmatched"}
