"""Parsing raw cell values into answers (renkei_desktop.answers) against the bundled codebooks.

The raw values are what staff really type into the returned forms (README, 読み取りのルール): option
wordings with or without their number, full-width digits, ○-like marks, numbers with commas and
units, percent-formatted rates. Every unreadable cell must come back as a BadCell naming its cell.
Rank and table items and whole forms: test_answers_forms.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from renkei_desktop.answers import (
    BadCell,
    parse_item,
    parse_multi,
    parse_numeric,
    parse_single,
    parse_text,
)
from renkei_desktop.codebook import Codebook, load_codebooks

NOT_AN_OPTION = "選択肢にない値です"
NOT_A_MARK = "○ 以外の値です"
NOT_A_NUMBER = "数値ではありません"


@pytest.fixture(scope="module")
def municipal() -> Codebook:
    return load_codebooks()["municipal"]


@pytest.fixture(scope="module")
def prefectural() -> Codebook:
    return load_codebooks()["prefectural"]


# ---------------------------------------------------------------- single answers


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("随時", 7),  # the label alone
        ("7. 随時", 7),  # the dropdown value
        ("7．随時", 7),  # full-width full stop
        ("７. 随時", 7),  # full-width digit
        ("(7)随時", 7),  # number in brackets
        (" 随 時 ", 7),  # stray spaces
        ("7", 7),  # a bare option number as text
        ("７", 7),  # ... full-width
        (7, 7),  # ... as a number cell
        (7.0, 7),  # ... as Excel's float
        ("6. 一年に1回程度", 6),  # the report's wording of option 6
        ("1年に一回程度", 6),  # the form's wording of option 6
        ("月に２～３回", 2),
        ("1. 週に1回以上", 1),
    ],
)
def test_single_reads_what_staff_type(municipal, typed, code):
    item = parse_single(municipal.question("Q6_6_med_m1"), {"F111": typed}, municipal)
    assert item.value == code
    assert item.bad == []
    assert item.has_content is True


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("毎日", "毎日"),
        ("8", "8"),
        (8, "8"),
        (8.0, "8"),
        (0, "0"),
        (7.5, "7.5"),
        (True, "True"),
        ("わからない", "わからない"),
    ],
)
def test_single_unknown_value_is_a_bad_cell(municipal, typed, shown):
    item = parse_single(municipal.question("Q6_6_med_m1"), {"F111": typed}, municipal)
    assert item.value is None
    assert item.has_content is True
    assert item.bad == [BadCell("F111", shown, NOT_AN_OPTION)]


@pytest.mark.parametrize("blank", [None, "", "   ", "\u3000"])
def test_single_blank_is_no_answer_and_no_content(municipal, blank):
    raw = {} if blank is None else {"D55": blank}
    item = parse_single(municipal.question("Q6_1_med"), raw, municipal)
    assert item.value is None and item.bad == []
    # a cell holding only spaces still counts as typed-in content (not an empty cell)
    assert item.has_content is (blank is not None)


def test_single_reads_the_cell_of_its_own_question(municipal):
    raw = {"D55": "連携している", "G55": "連携していない"}
    assert parse_single(municipal.question("Q6_1_med"), raw, municipal).value == 1
    assert parse_single(municipal.question("Q6_1_oth"), raw, municipal).value == 2


def test_single_report_label_selects_the_option(municipal):
    # Q5_dept option 2 is printed as 「…部課室がない」 in the report, 「…部課室はない」 on the form
    q = municipal.question("Q5_dept")
    assert parse_single(q, {"E44": "連携を推進する専門の部課室はない"}, municipal).value == 2
    assert parse_single(q, {"E44": "連携を推進する専門の部課室がない"}, municipal).value == 2
    assert parse_single(q, {"E44": "連携を推進する専門の部課室がある"}, municipal).value == 1


def test_single_other_text_is_kept_by_option_code(municipal):
    q = municipal.question("Q6_7")
    item = parse_single(q, {"E130": "6. その他", "E131": "  社会福祉協議会 "}, municipal)
    assert item.value == 6
    assert item.other_texts == {6: "社会福祉協議会"}
    bare = parse_single(q, {"E130": "その他"}, municipal)  # the report label
    assert bare.value == 6 and bare.other_texts == {}
    # その他 text typed without choosing その他: kept as content, no code
    text_only = parse_single(q, {"E131": "社協"}, municipal)
    assert text_only.value is None and text_only.has_content is True
    assert text_only.other_texts == {6: "社協"}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("茨城県", 8),
        ("茨城", 8),  # without 県
        ("東京", 13),
        (" 長野県 ", 20),
        (8, 8),  # the JIS code as a number
        ("8", 8),
        ("北海道", 1),  # any of the 47 prefectures (a nationwide survey)
        ("大阪府", 27),
        ("沖縄", 47),
    ],
)
def test_prefecture_reads_any_of_the_47(municipal, prefectural, typed, code):
    assert parse_single(municipal.question("Q1_prefecture"), {"E12": typed}, municipal).value == code
    assert parse_single(prefectural.question("Q1_prefecture"), {"D12": typed}, prefectural).value == code


@pytest.mark.parametrize("typed", ["ニューヨーク", 99, "茨城市"])
def test_prefecture_unknown_is_a_bad_cell(prefectural, typed):
    item = parse_single(prefectural.question("Q1_prefecture"), {"D12": typed}, prefectural)
    assert item.value is None
    assert item.bad == [BadCell("D12", str(typed), NOT_AN_OPTION)]


# ---------------------------------------------------------------- multi answers (○ cells)

SELECTING = ["○", "〇", "◯", "●", "◎", "✓", "✔", "レ", "ﾚ", "1", "１", 1, 1.0, True, "TRUE", "true", " ○ "]
NOT_SELECTING = ["×", "✕", "-", "0", 0, 0.0, False, "FALSE", "", "  "]


@pytest.mark.parametrize("mark", SELECTING)
def test_multi_marks_that_select(municipal, mark):
    item = parse_multi(municipal.question("Q6_2_med"), {"D61": "○", "D63": mark})
    assert item.value == frozenset({1, 3})
    assert item.bad == []


@pytest.mark.parametrize("mark", NOT_SELECTING)
def test_multi_marks_that_do_not_select(municipal, mark):
    item = parse_multi(municipal.question("Q6_2_med"), {"D61": "○", "D63": mark})
    assert item.value == frozenset({1})
    assert item.bad == []


def test_multi_only_unselected_marks_is_content_without_answer(municipal):
    item = parse_multi(municipal.question("Q6_2_med"), {"D61": "×", "D63": "-"})
    assert item.value is None
    assert item.has_content is True  # something was typed: not the same as an untouched item
    assert parse_multi(municipal.question("Q6_2_med"), {}).has_content is False


@pytest.mark.parametrize(
    ("mark", "shown"), [("△", "△"), ("はい", "はい"), (2, "2"), ("✗", "✗"), (0.5, "0.5")]
)
def test_multi_unknown_mark_is_a_bad_cell_and_others_still_count(municipal, mark, shown):
    item = parse_multi(municipal.question("Q6_2_med"), {"D61": "○", "D64": mark})
    assert item.value == frozenset({1})
    assert item.bad == [BadCell("D64", shown, NOT_A_MARK)]


def test_multi_reads_med_and_oth_columns_apart(municipal):
    raw = {"D146": "○", "D152": "○", "G153": "○"}
    assert parse_multi(municipal.question("Q7_1_med"), raw).value == frozenset({1, 7})
    assert parse_multi(municipal.question("Q7_1_oth"), raw).value == frozenset({8})


def test_multi_other_text(municipal):
    q = municipal.question("Q6_2_med")
    item = parse_multi(q, {"D61": "○", "D73": "○", "E74": " 地域共生社会の推進 "})
    assert item.value == frozenset({1, 13})
    assert item.other_texts == {13: "地域共生社会の推進"}
    unticked = parse_multi(q, {"E74": "地域共生社会の推進"})
    assert unticked.value is None and unticked.other_texts == {13: "地域共生社会の推進"}


def test_multi_exclusive_option_is_parsed_as_typed(municipal, prefectural):
    """「連携したい事業や取組はない」(14) with another option is kept as typed; validation flags it."""
    q = municipal.question("Q7_1_med")
    assert [o.code for o in q.options if o.exclusive] == [14]
    assert parse_multi(q, {"D160": "○"}).value == frozenset({14})
    assert parse_multi(q, {"D146": "○", "D160": "○"}).value == frozenset({1, 14})
    q43 = prefectural.question("Q4_3")
    assert [o.code for o in q43.options if o.exclusive] == [12]
    assert parse_multi(q43, {"C124": "◯"}).value == frozenset({12})


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        (52341, 52341),
        (52341.0, 52341),
        ("52341", 52341),
        ("52,341", 52341),
        ("５２３４１", 52341),  # full-width digits
        ("５２，３４１", 52341),  # full-width comma
        ("52,341人", 52341),  # with the unit
        ("52,341 人", 52341),
        (0, 0),
        (10_000_000, 10_000_000),  # the upper limit itself
    ],
)
def test_population_is_an_integer(municipal, typed, number):
    item = parse_numeric(municipal.question("Q3_population"), {"E23": typed})
    assert item.value == number and isinstance(item.value, int)
    assert item.bad == []


@pytest.mark.parametrize(
    ("typed", "shown", "reason"),
    [
        ("52341.5", "52341.5", "整数ではありません"),
        (52341.5, "52341.5", "整数ではありません"),
        (-5, "-5", "0 未満の値です"),
        ("24.5%", "24.5%", NOT_A_NUMBER),  # a percent sign on a count
        ("約5万", "約5万", NOT_A_NUMBER),
        ("5万人", "5万人", NOT_A_NUMBER),
        ("52,341円", "52,341円", NOT_A_NUMBER),  # another unit
        (True, "True", NOT_A_NUMBER),
        (dt.datetime(2020, 4, 1), "2020-04-01T00:00:00", NOT_A_NUMBER),  # Excel turned it into a date
    ],
)
def test_population_bad_values(municipal, typed, shown, reason):
    item = parse_numeric(municipal.question("Q3_population"), {"E23": typed})
    assert item.value is None
    assert item.has_content is True
    assert item.bad == [BadCell("E23", shown, reason)]


def test_population_over_the_limit_message_is_readable(municipal):
    item = parse_numeric(municipal.question("Q3_population"), {"E23": 10_000_001})
    assert item.value is None
    (bad,) = item.bad
    assert bad.cell == "E23" and bad.raw == "10000001"
    assert bad.reason == "10,000,000 を超える値です"


@pytest.mark.parametrize(
    ("typed", "rate"),
    [
        (24.5, 24.5),
        ("24.5", 24.5),
        ("24.5%", 24.5),
        ("24.5％", 24.5),  # full-width percent sign
        ("２４．５", 24.5),
        (0.245, 24.5),  # a percent-formatted cell holds the fraction
        ("0.245", 24.5),
        ("0.5%", 0.5),  # an explicit % sign: already in percent
        (1, 1.0),  # 1 is not strictly between 0 and 1: read as 1 %
        (0, 0.0),
        (100, 100.0),
    ],
)
def test_rates_read_percent_cells(municipal, typed, rate):
    for qid, cell in (("Q3_aging_rate", "E24"), ("Q3_care_rate", "E25")):
        item = parse_numeric(municipal.question(qid), {cell: typed})
        assert item.value == pytest.approx(rate, abs=1e-9), qid
        assert item.bad == []


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (101, "100 を超える値です"),
        ("101%", "100 を超える値です"),
        (-1, "0 未満の値です"),
        ("二十", NOT_A_NUMBER),
    ],
)
def test_rate_out_of_range(municipal, typed, reason):
    item = parse_numeric(municipal.question("Q3_aging_rate"), {"E24": typed})
    assert item.value is None
    assert item.bad == [BadCell("E24", str(typed), reason)]


def test_areas_unit_and_limits(municipal):
    q = municipal.question("Q4_areas")
    assert parse_numeric(q, {"E30": "8圏域"}).value == 8
    assert parse_numeric(q, {"E30": "８"}).value == 8
    assert parse_numeric(q, {"E30": 999}).value == 999
    assert parse_numeric(q, {"E30": 0}).bad == [BadCell("E30", "0", "1 未満の値です")]
    assert parse_numeric(q, {"E30": 1000}).bad == [BadCell("E30", "1000", "999 を超える値です")]
    assert parse_numeric(q, {"E30": 8.5}).bad == [BadCell("E30", "8.5", "整数ではありません")]
    assert parse_numeric(q, {"E30": "8人"}).bad == [BadCell("E30", "8人", NOT_A_NUMBER)]


def test_blank_number_is_no_answer(municipal):
    q = municipal.question("Q3_population")
    empty = parse_numeric(q, {})
    assert (empty.value, empty.bad, empty.has_content) == (None, [], False)
    spaces = parse_numeric(q, {"E23": "  "})
    assert (spaces.value, spaces.bad) == (None, [])


# ---------------------------------------------------------------- free text


def test_text_is_trimmed_and_kept(municipal):
    q = municipal.question("C_tel")
    assert parse_text(q, {"F240": "  029-000-0000 "}).value == "029-000-0000"
    assert parse_text(q, {"F240": 290000000.0}).value == "290000000"  # a number cell, shown as typed
    for raw in ({}, {"F240": ""}, {"F240": " \u3000 "}):
        item = parse_text(q, raw)
        assert (item.value, item.has_content) == (None, False)


def test_municipality_name_is_text(municipal):
    item = parse_item(municipal.question("Q2_municipality"), {"E17": " 水戸市 "}, municipal)
    assert item.value == "水戸市" and item.bad == []
