from __future__ import annotations

import datetime as dt

import pytest

from renkei_desktop.codebook import load_codebook
from renkei_desktop.normalize import Invalid, OptionMatcher, parse_mark, parse_number, squash


@pytest.fixture(scope="module")
def frequency():
    return OptionMatcher.build(load_codebook("municipal").question("Q6_6_med_m1").options)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("7. 随時", 7),  # the dropdown value
        ("随時", 7),  # label without its number
        ("7．随時", 7),  # full-width full stop
        ("７．随時", 7),  # full-width digits (NFKC)
        ("7 随時", 7),  # number and a space
        (" 随 時 ", 7),  # spaces anywhere
        ("一年に1回程度", 6),  # the report's wording
        ("6. 1年に一回程度", 6),
        ("月に２～３回", 2),
        ("3", 3),  # a bare option number
        (3.0, 3),
        (None, None),
        ("   ", None),
    ],
)
def test_single_answer_matching(frequency, typed, code):
    assert frequency.match(typed) == code


@pytest.mark.parametrize("typed", ["毎日", "9", 9, True, "8. その他"])
def test_single_answer_invalid(frequency, typed):
    assert isinstance(frequency.match(typed), Invalid)


@pytest.mark.parametrize("mark", ["○", "〇", "◯", "●", "◎", "✓", "✔", "レ", "1", 1, 1.0, True, "TRUE", " ○ "])
def test_selected_marks(mark):
    assert parse_mark(mark) is True


@pytest.mark.parametrize("mark", [None, "", " ", "×", "✕", "-", "0", 0, False])
def test_unselected_marks(mark):
    assert parse_mark(mark) is False


@pytest.mark.parametrize("mark", ["x", "はい", 2, "○○?"])
def test_invalid_marks(mark):
    assert isinstance(parse_mark(mark), Invalid)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("52,341", 52341),
        ("５２３４１", 52341),
        ("52,341人", 52341),
        (52341, 52341),
        (52341.0, 52341),
        (" 52341 ", 52341),
    ],
)
def test_population_numbers(typed, expected):
    value = parse_number(typed, integer=True, minimum=0, maximum=10_000_000, unit="人")
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("24.5%", 24.5),
        ("２４．５", 24.5),
        ("２４．５％", 24.5),
        (24.5, 24.5),
        (0.245, 24.5),
        ("0.245", 24.5),
        (40, 40.0),
    ],
)
def test_percent_numbers(typed, expected):
    assert parse_number(typed, minimum=0, maximum=100, unit="%") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("typed", "kwargs", "reason"),
    [
        ("約5万", {"integer": True, "unit": "人"}, "数値ではありません"),
        (52341.5, {"integer": True, "unit": "人"}, "整数ではありません"),
        (120, {"maximum": 100, "unit": "%"}, "100 を超える値です"),
        (0, {"minimum": 1, "integer": True}, "1 未満の値です"),
        ("24.5%", {"integer": True, "unit": "人"}, "数値ではありません"),
        (dt.datetime(2020, 4, 1), {"integer": True}, "数値ではありません"),
        (True, {}, "数値ではありません"),
    ],
)
def test_invalid_numbers(typed, kwargs, reason):
    assert parse_number(typed, **kwargs) == Invalid(reason)


def test_squash_removes_all_whitespace_and_folds_width():
    assert squash(" 千 代\u3000田区\n") == "千代田区"
    assert squash("ＡＢＣ１２３") == "ABC123"
