"""Wrapping Japanese labels by display width: never cut, no forbidden line starts, numbers kept whole."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renkei_desktop.charts.textwrap_ja import NO_LINE_START, display_width, wrap, wrap_lines


def test_display_width_counts_full_width_as_two():
    assert display_width("abc") == 3
    assert display_width("連携") == 4
    assert display_width("％１２") == 6
    assert display_width("N=248（n=41）") == 5 + 2 + 4 + 2


def test_short_text_is_unchanged():
    assert wrap("1.地域医療担当", 40) == "1.地域医療担当"


def test_breaks_at_natural_points():
    assert wrap_lines("事業担当者が出席する会議体（協議会や勉強会など）を開催している", 40) == [
        "事業担当者が出席する会議体",
        "（協議会や勉強会など）を開催している",
    ]
    assert wrap_lines("8.既存業務で手一杯で、連携のための人員がいない", 40) == [
        "8.既存業務で手一杯で、",
        "連携のための人員がいない",
    ]
    assert wrap_lines("2.どの部課室と連携したらよいかわからない", 34) == [
        "2.どの部課室と",
        "連携したらよいかわからない",
    ]


def test_numbers_are_not_split():
    lines = wrap_lines("2.5万人以上7.5万人未満（n=61）", 14)
    assert all("7." not in line or "7.5" in line for line in lines)
    assert any("（n=61）" in line or "n=61" in line for line in lines)


def test_line_start_prohibition_hangs_punctuation():
    lines = wrap_lines("あいうえおかきくけこ、さしすせそ", 20)
    assert lines == ["あいうえおかきくけこ、", "さしすせそ"]


def test_existing_newlines_are_kept():
    assert wrap_lines("一行目\n二行目", 40) == ["一行目", "二行目"]


def test_width_must_be_sensible():
    with pytest.raises(ValueError):
        wrap("x", 1)


@given(
    st.text(alphabet="あいう連携部課室・、。（）0123456789.%ABCｱｲ万人", min_size=0, max_size=80),
    st.integers(6, 50),
)
def test_wrapping_never_loses_text(text, width):
    lines = wrap_lines(text, width)
    assert "".join(lines) == text
    for before, line in itertools.pairwise(lines):
        # 、。） never start a line (they hang at the end of the previous one instead)
        assert not line or line[0] not in "、。）" or before[-1] in NO_LINE_START


@given(st.text(alphabet="あいう連携部課室（「0123456789ABC", min_size=0, max_size=80), st.integers(6, 50))
def test_lines_fit_the_width(text, width):
    for line in wrap_lines(text, width):
        assert display_width(line) <= width


def _form_labels(survey: str) -> list[str]:
    from renkei_desktop.codebook import load_codebook

    codebook = load_codebook(survey)
    return sorted(
        {o.display_label for q in codebook.questions for o in q.options if len(o.display_label) > 6}
    )


@pytest.mark.parametrize("survey", ["municipal", "prefectural"])
@pytest.mark.parametrize("width", [16, 18, 20, 24, 34, 40, 52])
def test_form_labels_never_split_a_word(survey, width):
    """Every option label of both forms: breaks fall between script runs / dictionary words only."""
    from renkei_desktop.charts.textwrap_ja import WORDS, _tokens

    for label in _form_labels(survey):
        lines = wrap_lines(label, width)
        assert "".join(lines) == label.replace("\n", "")
        cuts = {len("".join(lines[:k])) for k in range(1, len(lines))}
        bounds = {0}
        for token in _tokens(label):
            bounds.add(max(bounds) + len(token))
        assert cuts <= bounds, (label, lines)
        for word in WORDS:  # a dictionary word is on one line
            assert word not in label or any(word in line for line in lines), (label, lines)


def test_the_reviewed_breaks():
    assert wrap_lines("誰が事業の担当者なのかわからない状態", 18) == [
        "誰が事業の",
        "担当者なのか",
        "わからない状態",
    ]
    assert wrap_lines("6.わからない", 10) == ["6.", "わからない"]
    assert wrap_lines("介護保険事業計画策定", 8) == ["介護保険", "事業計画", "策定"]
