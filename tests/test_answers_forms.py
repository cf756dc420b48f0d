"""Parsing rank and table items and whole forms (renkei_desktop.answers) against the bundled codebooks;
single, multi, numeric and text items are in test_answers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from forms import MUNICIPAL_BASE, PREFECTURAL_BASE, fill_form

from renkei_desktop.answers import BadCell, parse_answers, parse_rank, parse_table, table_column_codes
from renkei_desktop.codebook import Codebook, load_codebooks
from renkei_desktop.workbooks.reader import READ_OK, read_workbook

NOT_AN_OPTION = "選択肢にない値です"
NOT_A_MARK = "○ 以外の値です"


@pytest.fixture(scope="module")
def municipal() -> Codebook:
    return load_codebooks()["municipal"]


@pytest.fixture(scope="module")
def prefectural() -> Codebook:
    return load_codebooks()["prefectural"]


# ---------------------------------------------------------------- rank (質問4-(4))


@pytest.mark.parametrize(
    ("raw", "ranked"),
    [
        (
            {"F125": "1. どのような事業や取組で連携できるかわからない", "F126": "5. 旗振り役が不在である"},
            (1, 5),
        ),
        (
            {"F125": "旗振り役が不在である", "F126": "１．どのような事業や取組で連携できるかわからない"},
            (5, 1),
        ),
        ({"F125": "５", "F126": 7}, (5, 7)),  # bare numbers
        ({"F126": 5}, (5,)),  # only the second rank
        ({"F125": 5, "F126": "5. 旗振り役が不在である"}, (5,)),  # the same reason twice counts once
        ({"F125": "１２．特にない"}, (12,)),
        ({"F125": "どの部課室と連携したらよいかわからない"}, (2,)),  # the report's wording
    ],
)
def test_rank_keeps_rank_order(prefectural, raw, ranked):
    item = parse_rank(prefectural.question("Q4_4"), raw, prefectural)
    assert item.value == ranked
    assert item.bad == []


def test_rank_bad_cell_keeps_the_readable_rank(prefectural):
    item = parse_rank(prefectural.question("Q4_4"), {"F125": 12, "F126": "わからない"}, prefectural)
    assert item.value == (12,)
    assert item.bad == [BadCell("F126", "わからない", NOT_AN_OPTION)]
    empty = parse_rank(prefectural.question("Q4_4"), {}, prefectural)
    assert (empty.value, empty.has_content) == (None, False)


# ---------------------------------------------------------------- tables (質問2-(2)～(4))

LEADER_TABLE = {
    "D34": "在宅医療・介護連携",
    "E34": "医療政策課、高齢福祉課",
    "F34": "2. 貴部課室が主導している",
    "D35": "認知症施策",
    "F35": "３",
    "G36": "市町村",  # その他 text in a row without an activity
    "D37": "地域づくり",
    "F37": "知事",  # not an option
}


def test_table_rows_and_filled_flag(prefectural):
    item = parse_table(prefectural.question("Q2_2_3_4"), LEADER_TABLE, prefectural)
    assert item.value == (
        {
            "activity": "在宅医療・介護連携",
            "departments": "医療政策課、高齢福祉課",
            "leader": 2,
            "_filled": True,
        },
        {"activity": "認知症施策", "leader": 3, "_filled": True},
        {"leader_other": "市町村", "_filled": False},  # no activity: the row does not count as filled
        {"activity": "地域づくり", "_filled": True},
    )
    assert item.bad == [BadCell("F37", "知事", NOT_AN_OPTION)]
    assert item.has_content is True


def test_table_column_codes(prefectural):
    value = parse_table(prefectural.question("Q2_2_3_4"), LEADER_TABLE, prefectural).value
    assert table_column_codes(value, "leader") == frozenset({2, 3})
    assert table_column_codes(value, "activity") is None  # text column: no codes
    assert table_column_codes(None, "leader") is None
    assert table_column_codes((), "leader") is None
    no_leader = parse_table(prefectural.question("Q2_2_3_4"), {"D34": "認知症施策"}, prefectural).value
    assert table_column_codes(no_leader, "leader") is None


def test_text_only_table(prefectural):
    q = prefectural.question("Q2_8_9")
    item = parse_table(q, {"D70": "特になし", "E71": "情報交換"}, prefectural)
    assert item.value == (
        {"organization": "特になし", "_filled": True},
        {"content": "情報交換", "_filled": False},
    )
    empty = parse_table(q, {}, prefectural)
    assert (empty.value, empty.has_content) == (None, False)


# ---------------------------------------------------------------- whole forms


def test_parse_answers_complete_municipal_form(municipal):
    parsed = parse_answers(MUNICIPAL_BASE, municipal)
    assert list(parsed) == [q.id for q in municipal.questions] and len(parsed) == 59
    assert [qid for qid, item in parsed.items() if item.bad] == []
    values = {qid: item.value for qid, item in parsed.items() if item.value is not None}
    assert values["Q1_prefecture"] == 8
    assert values["Q2_municipality"] == "水戸市"
    assert values["Q3_population"] == 270685
    assert values["Q3_aging_rate"] == 26.2 and values["Q3_care_rate"] == 18.5
    assert values["Q5_dept"] == 2
    assert values["Q6_2_med"] == frozenset({1, 3})
    assert values["Q6_6_med_m1"] == 7 and values["Q6_6_oth_m1"] == 3
    assert (values["Q8_1_current"], values["Q8_1_target"]) == (2, 4)
    assert values["C_person1"] == "テスト 花子"
    assert "Q6_6_med_m2" not in values and "Q9_2" not in values
    assert len(values) == 32


def test_parse_answers_complete_prefectural_form(prefectural):
    parsed = parse_answers(PREFECTURAL_BASE, prefectural)
    assert len(parsed) == 22 and [qid for qid, item in parsed.items() if item.bad] == []
    assert parsed["Q1_prefecture"].value == 13
    assert parsed["Q2_1"].value == 2
    assert parsed["Q2_2_3_4"].value is None  # not asked, not typed
    assert parsed["Q2_8_9"].value == ({"organization": "特になし", "_filled": True},)
    assert parsed["Q4_3"].value == frozenset({1})
    assert parsed["Q4_4"].value == (1,)


def test_parse_answers_from_a_real_workbook(tmp_path: Path, municipal):
    """Staff variants typed into the real form, read back through the workbook reader."""
    path = fill_form(
        tmp_path / "08202_日立市.xlsx",
        "municipal",
        {
            "E12": "茨城",
            "E17": "日立市",
            "E23": "１７４，５０８人",
            "E24": 0.341,
            "E30": "１２",
            "D55": 1,
            "D61": "✓",
            "D63": "×",
            "D64": "済",
            "F111": "７. 随時",
            "E198": "３．事業担当者間の相互理解が深まっている状態",
        },
        number_formats={"E24": "0.0%"},
    )
    read = read_workbook(path)
    assert read.status == READ_OK and read.survey == "municipal"
    parsed = parse_answers(read.raw, municipal)
    assert parsed["Q1_prefecture"].value == 8
    assert parsed["Q3_population"].value == 174508
    assert parsed["Q3_aging_rate"].value == pytest.approx(34.1)
    assert parsed["Q4_areas"].value == 12
    assert parsed["Q6_1_med"].value == 1
    assert parsed["Q6_2_med"].value == frozenset({1})
    assert parsed["Q6_2_med"].bad == [BadCell("D64", "済", NOT_A_MARK)]
    assert parsed["Q6_6_med_m1"].value == 7
    assert parsed["Q8_1_current"].value == 3
    assert [qid for qid, item in parsed.items() if item.bad] == ["Q6_2_med"]
