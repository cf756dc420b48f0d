"""Base (N) rules of the simple tabulation on a small, fully known dataset (cross tabulation: test_crosstab)."""

from __future__ import annotations

import pytest
from forms import fill_form

from renkei_desktop.loader import load_dataset
from renkei_desktop.tabulate import table_for, tabulate_all


@pytest.fixture(scope="module")
def data(four_municipalities):
    return four_municipalities


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
