from __future__ import annotations

import pytest

from renkei_desktop.conditions import ConditionError, parse_condition


def values(**kw):
    return lambda qid: kw.get(qid)


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("A == 1", {"A": 1}, True),
        ("A == 1", {"A": 2}, False),
        ("A == 1", {}, False),
        ("A != 1", {"A": 2}, True),
        ("A != 1", {"A": 1}, False),
        ("A != 1", {}, False),  # blank is not "answered with another code"
        ("A has 3", {"A": frozenset({1, 3})}, True),
        ("A has 3", {"A": frozenset({1})}, False),
        ("A has 3", {}, False),
        ("A lacks 14", {"A": frozenset({1})}, True),
        ("A lacks 14", {"A": frozenset({14})}, False),
        ("A lacks 14", {}, True),  # nothing marked lacks everything
        ("A answered", {"A": frozenset({2})}, True),
        ("A answered", {"A": "text"}, True),
        ("A answered", {"A": frozenset()}, False),
        ("A answered", {}, False),
        ("A has 1", {"A": (3, 1)}, True),  # rank answers are tuples
    ],
)
def test_each_operator(text, answers, expected):
    assert parse_condition(text).evaluate(values(**answers)) is expected


def test_and_binds_tighter_than_or():
    cond = parse_condition("A == 1 or B == 1 and C == 1")
    assert cond.evaluate(values(A=1)) is True  # A alone satisfies the first disjunct
    assert cond.evaluate(values(B=1)) is False  # B needs C as well
    assert cond.evaluate(values(B=1, C=1)) is True
    assert [[str(c) for c in g] for g in cond.any_of] == [["A == 1"], ["B == 1", "C == 1"]]


def test_codebook_condition_q6_7():
    cond = parse_condition("Q6_1_med == 1 or Q6_1_oth == 1", ["Q6_1_med", "Q6_1_oth"])
    assert cond.item_ids == {"Q6_1_med", "Q6_1_oth"}
    assert cond.evaluate(values(Q6_1_med=2, Q6_1_oth=1)) is True
    assert cond.evaluate(values(Q6_1_med=2, Q6_1_oth=2)) is False


@pytest.mark.parametrize(
    "bad", ["", "A = 1", "A == x", "A has", "A answered 3", "(A == 1)", "A == 1 xor B == 2"]
)
def test_syntax_errors(bad):
    with pytest.raises(ConditionError):
        parse_condition(bad)


def test_unknown_id_is_rejected():
    with pytest.raises(ConditionError, match="unknown item 'Q99'"):
        parse_condition("Q99 == 1", ["Q1", "Q2"])
