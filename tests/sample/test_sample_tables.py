"""The plan's clean answers, tallied independently of the generator, reproduce the report.

Every count, percent (half-up, 1 decimal) and base of ``published_tables.json``, the response
rates, and the chapter-2 facts of ``published_crosstab_facts.json``. Errata are applied where the
printed figure is inconsistent (E1, E3, E8).
"""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from renkei_desktop.paths import resource_path
from renkei_desktop.sample import SampleRespondent
from renkei_desktop.sample._codebook import questions

Answers = Mapping[str, Any]
NA = "no_answer"
EDGES: dict[str, tuple[float, ...]] = {
    "Q3_population": (25000, 75000, 200000),
    "Q3_aging_rate": (25, 35, 40),
    "Q3_care_rate": (10, 15, 20),
    "Q4_areas": (6, 10, 15, 20),
}


def pct(count: int, base: int) -> float:
    return float((Decimal(100 * count) / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def asked(expr: str | None, a: Answers) -> bool:
    """Independent reading of the codebook condition syntax."""
    if expr is None:
        return True

    def clause(text: str) -> bool:
        if text.endswith(" answered"):
            return bool(a.get(text.removesuffix(" answered")))
        m = re.fullmatch(r"(\w+) (==|!=|has|lacks) (\d+)", text)
        assert m is not None, text
        qid, op, k = m.group(1), m.group(2), int(m.group(3))
        value = a.get(qid)
        if op == "==":
            return value == k
        if op == "!=":
            return value is not None and value != k
        ticked = k in (value or ())
        return ticked if op == "has" else not ticked

    return any(all(clause(c) for c in conj.split(" and ")) for conj in expr.split(" or "))


def band(qid: str, value: float) -> int:
    return 1 + sum(value >= edge for edge in EDGES[qid])


def tally(survey: str, qid: str, people: Sequence[Answers]) -> tuple[int, Counter[Any]]:
    """(base, counts) under the report's base conventions; 無回答 counted as "no_answer"."""
    if qid == "Q2_2_3_4.leader":
        q = questions(survey)["Q2_2_3_4"]
        rows = [a["Q2_2_3_4"] for a in people if asked(q["asked_if"], a) and a.get("Q2_2_3_4")]
        return len(rows), Counter(code for r in rows for code in {row["leader"] for row in r})
    q = questions(survey)[qid]
    pool = [a for a in people if asked(q["asked_if"], a)]
    if q["type"] in ("integer", "decimal"):
        values = [a[qid] for a in pool if qid in a]
        base = len(values) if q["base"] == "answered" else len(pool)
        counts = Counter(band(qid, v) for v in values)
        counts[NA] = len(pool) - len(values) if q["base"] != "answered" else 0
        return base, counts
    if q["type"] in ("multi", "rank"):
        ticked = [a[qid] for a in pool if a.get(qid)]
        return len(ticked), Counter(code for codes in ticked for code in codes)
    return len(pool), Counter(NA if a.get(qid) is None else a[qid] for a in pool)


@pytest.fixture(scope="module")
def by_survey(
    municipal: list[SampleRespondent], prefectural: list[SampleRespondent]
) -> dict[str, list[Answers]]:
    return {"municipal": [r.answers for r in municipal], "prefectural": [r.answers for r in prefectural]}


@pytest.fixture(scope="module")
def errata(published: dict[str, Any]) -> dict[tuple[str, str, Any, str], Any]:
    out = {}
    for e in published["errata"]:
        for aff in (x for x in e["affects"] if "consistent" in x):
            out[(e["survey"], e["question_id"], aff.get("option_code"), aff["field"])] = aff["consistent"]
    return out


def _table_ids(published: dict[str, Any]) -> list[str]:
    return [f"{t['survey']}:{t['question_id']}" for t in published["tables"]]


def test_every_published_table_is_reproduced(
    published: dict[str, Any],
    by_survey: dict[str, list[Answers]],
    errata: dict[tuple[str, str, Any, str], Any],
) -> None:
    checked = 0
    for table in published["tables"]:
        survey, qid = table["survey"], table["question_id"]
        base, counts = tally(survey, qid, by_survey[survey])
        where = f"{survey} {qid}"
        assert base == table["base"], where
        printed_codes = {row["option_code"] for row in table["rows"]}
        for row in table["rows"]:
            code = row["option_code"]
            assert counts.get(code, 0) == row["count"], f"{where} option {code}"
            if row["percent"] is not None:
                want = errata.get((survey, qid, code, "percent"), row["percent"])
                assert pct(counts.get(code, 0), base) == want, f"{where} option {code} percent"
            checked += 1
        for code, n in counts.items():  # nothing outside the printed rows (E8: 無回答 row missing, 0)
            if code not in printed_codes:
                assert n == errata.get((survey, qid, code, "count"), 0), f"{where} unprinted {code}: {n}"
        total = table.get("total_printed")
        if total and "count" in total and table["kind"] in ("multi", "table_column_any_row", "rank_top2"):
            assert sum(n for c, n in counts.items() if c != NA) == total["count"], f"{where} 合計"
        elif total and "count" in total and table["kind"] != "count_by_prefecture":
            assert total["count"] == base, where
    assert checked == sum(len(t["rows"]) for t in published["tables"]) > 350


def test_area_summary_matches_consistent_figures(
    published: dict[str, Any], municipal: list[SampleRespondent]
) -> None:
    table = next(t for t in published["tables"] if t["question_id"] == "Q4_areas")
    want = table["summary_consistent"]
    values = [r.answers["Q4_areas"] for r in municipal]
    assert min(values) == want["min"] == 1
    assert max(values) == want["max"] == 148
    assert pct(sum(values), 100 * len(values)) == want["mean"]
    assert statistics.median(values) == want["median"]
    assert len(values) == want["n"]


def test_response_rates(
    published: dict[str, Any], municipal: list[SampleRespondent], prefectural: list[SampleRespondent]
) -> None:
    with resource_path("reference", "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        targets = Counter(int(r["code"][:2]) for r in csv.DictReader(fh) if r["bureau"] == "関東信越厚生局")
    returned = Counter(r.answers["Q1_prefecture"] for r in municipal)
    for row in published["response_rate"]:
        if row["code"] is None:
            assert (len(municipal), sum(targets.values())) == (row["returned"], row["targets"]) == (248, 450)
            assert pct(len(municipal), sum(targets.values())) == row["rate"] == 55.1
            continue
        assert returned[row["code"]] == row["returned"], row["prefecture"]
        assert targets[row["code"]] == row["targets"], row["prefecture"]
        assert pct(row["returned"], row["targets"]) == row["rate"]
    assert sorted(int(r.code) for r in prefectural) == [8, 9, 10, 11, 12, 13, 14, 15, 19, 20]


# -- chapter 2 facts ------------------------------------------------------------------------------------


def population_band(a: Answers) -> int:
    return band("Q3_population", a["Q3_population"])


def stage_pairs(people: Sequence[Answers]) -> list[Answers]:
    return [a for a in people if a.get("Q8_1_current") in range(1, 6) and a.get("Q8_1_target") in range(1, 6)]


def hits(a: Answers, qid: str, codes: Sequence[int]) -> bool:
    value = a.get(qid)
    ticked = set(value) if isinstance(value, tuple) else {value}
    return bool(ticked & set(codes))


def support_any(a: Answers) -> bool:
    return any(row.get("support") not in (None, "特になし") for row in a.get("Q4_1_2") or [])


def fact_count(fact: dict[str, Any], by_survey: dict[str, list[Answers]]) -> tuple[int, int]:
    """(count, base) of one fact, computed from the answers."""
    people = by_survey[fact["survey"]]
    qid, codes = fact["question_id"], fact["option_codes"]
    if fact["kind"] == "sample":
        return (len(people), 450) if fact["survey"] == "municipal" else (len(people), 10)
    if qid == "stage_difference":
        pairs = stage_pairs(people)
        return sum(a["Q8_1_target"] - a["Q8_1_current"] in codes for a in pairs), len(pairs)
    if qid == "Q4_1_2_support_any":
        rows = [
            a
            for a in people
            if fact["row_variable"] is None or a.get(fact["row_variable"]) == fact["row_value"]
        ]
        return sum(support_any(a) for a in rows), len(rows)
    if fact["row_variable"] is None:
        base, counts = tally(fact["survey"], qid, people)
        return sum(counts.get(c, 0) for c in codes), base
    if fact["row_variable"] == "population_band":
        rows = [a for a in people if population_band(a) == fact["row_value"]]
    else:  # Q8_1_current: within the 233 with both stages 1..5
        rows = [a for a in stage_pairs(people) if a[fact["row_variable"]] == fact["row_value"]]
    q = questions(fact["survey"])[qid]
    if q["base"] == "asked" or q["asked_if"]:
        rows = [a for a in rows if asked(q["asked_if"], a)]
    if q["base"] == "answered":
        rows = [a for a in rows if a.get(qid)]
    return sum(hits(a, qid, codes) for a in rows), len(rows)


def test_crosstab_and_derived_facts(
    crosstab_facts: dict[str, Any], by_survey: dict[str, list[Answers]]
) -> None:
    for fact in crosstab_facts["facts"]:
        got = fact_count(fact, by_survey)
        if "inferred_candidates" in fact:
            allowed = {(c["count"], c["base"]) for c in fact["inferred_candidates"]}
        elif "inferred_count" in fact:
            allowed = {(fact["inferred_count"], fact["inferred_base"])}
        else:
            allowed = {(fact["count"], fact["base"])}
        assert got in allowed, f"{fact['id']} {fact['statement']}: {got} not in {allowed}"
        if fact["percent"] is not None and fact["kind"] != "sample":
            assert pct(*got) == fact["percent"], fact["id"]


def test_named_crosstab_numbers(by_survey: dict[str, list[Answers]]) -> None:
    """The cross facts spelled out with their concrete numbers."""
    people = by_survey["municipal"]
    bands = Counter(population_band(a) for a in people)
    assert [bands[b] for b in (1, 2, 3, 4)] == [88, 61, 58, 41]
    q67 = [a for a in people if a.get("Q6_1_med") == 1 or a.get("Q6_1_oth") == 1]
    assert len(q67) == 227
    b4 = [a for a in q67 if population_band(a) == 4]
    b1 = [a for a in q67 if population_band(a) == 1]
    assert (sum(a.get("Q6_7") == 2 for a in b4), len(b4)) == (20, 37)
    assert (sum(a.get("Q6_7") == 1 for a in b1), len(b1)) == (5, 80)
    cur45 = {
        b: sum(a.get("Q8_1_current") in (4, 5) for a in people if population_band(a) == b) for b in (1, 4)
    }
    assert cur45 == {1: 13, 4: 6}
    assert sum(a.get("Q8_1_target") in (4, 5) for a in people if population_band(a) == 4) == 34
    pairs = stage_pairs(people)
    diff = Counter(a["Q8_1_target"] - a["Q8_1_current"] for a in pairs)
    assert (len(pairs), diff[0], diff[2], diff[1] + diff[2] + diff[3]) == (233, 26, 69, 197)
    assert diff[2] == max(diff.values())
    for cur, want in ((1, (7, 18)), (2, (98, 135))):
        row = [a["Q8_1_target"] for a in pairs if a["Q8_1_current"] == cur]
        assert (sum(t in (4, 5) for t in row), len(row)) == want
    oth_b1 = [a for a in people if population_band(a) == 1 and a.get("Q6_3_oth")]
    assert (sum(8 in a["Q6_3_oth"] for a in oth_b1), len(oth_b1)) == (55, 62)


# -- qualitative statements -----------------------------------------------------------------------------


def share(
    people: Sequence[Answers],
    qid: str,
    codes: Sequence[int],
    band_values: Sequence[int] | None = None,
    base: str = "answered",
) -> float:
    rows = [a for a in people if band_values is None or population_band(a) in band_values]
    if base == "answered":
        rows = [a for a in rows if a.get(qid)]
    elif base == "asked":
        rows = [a for a in rows if asked(questions("municipal")[qid]["asked_if"], a)]
    return sum(hits(a, qid, codes) for a in rows) / len(rows)


def _above(qid: str, codes: Sequence[int], bands: Sequence[int], factor: float = 1.0) -> Callable[..., bool]:
    return lambda m, p: all(share(m, qid, [c], bands) > factor * share(m, qid, [c]) for c in codes)


def _top_in_every_band(qid: str, code: int, base: str = "answered") -> Callable[..., bool]:
    def check(m: Sequence[Answers], p: Sequence[Answers]) -> bool:
        codes = [o["code"] for o in questions("municipal")[qid]["options"]]
        return all(
            share(m, qid, [code], [b], base) > max(share(m, qid, [c], [b], base) for c in codes if c != code)
            for b in (1, 2, 3, 4)
        )

    return check


QUALITATIVE: dict[tuple[str, tuple[int, ...]], Callable[[Sequence[Answers], Sequence[Answers]], bool]] = {
    # E10: the text also names 7, which the table contradicts; only 10 holds (35.5% vs 19.6%)
    ("図表5", (10, 7)): lambda m, p: share(m, "Q6_2_oth", [10]) > share(m, "Q6_2_med", [10]),
    ("図表7", (1, 5)): _above("Q6_3_med", [1, 5], [4]),
    ("図表9", (2, 4)): _above("Q6_3_oth", [2, 4], [4]),
    ("図表9", (1, 3, 5, 6)): _above("Q6_3_oth", [1, 3, 5, 6], [4]),
    ("図表11", (6, 7)): lambda m, p: all(
        1.7 < share(m, "Q6_5_med", [c]) / share(m, "Q6_5_oth", [c]) < 2.3 for c in (6, 7)
    ),
    ("図表11", (4,)): lambda m, p: share(m, "Q6_5_oth", [4]) > share(m, "Q6_5_med", [4]),
    ("図表12", (1,)): _top_in_every_band("Q6_5_med", 1),
    ("図表12", (2, 4)): _above("Q6_5_med", [2, 4], [4]),
    ("図表12", (6, 7)): _above("Q6_5_med", [6, 7], [1]),
    ("図表13", (1,)): _top_in_every_band("Q6_5_oth", 1),
    ("図表13", (3, 4)): _above("Q6_5_oth", [3, 4], [4]),
    ("図表13", (2, 4)): _above("Q6_5_oth", [2, 4], [4]),
    ("図表14", (2,)): _top_in_every_band("Q6_7", 2, base="asked"),
    ("図表19", (4, 5)): lambda m, p: all(
        share(m, "Q8_1_current", [4, 5], [b], "all") > share(m, "Q8_1_current", [4, 5], None, "all")
        for b in (1, 4)
    ),
    ("図表22", (1, 2, 3, 4, 5)): lambda m, p: _mean_targets(m) == sorted(_mean_targets(m)),
    ("図表23", (4, 2, 3)): lambda m, p: all(
        share(m, "Q9_1_oth", [c]) > share(m, "Q9_1_med", [c]) for c in (4, 2, 3)
    ),
    ("図表24", (7, 3)): lambda m, p: (
        _above("Q9_1_med", [7, 3], [4], factor=1.3)(m, p)
        and sum(share(m, "Q9_1_med", [c], [4]) > share(m, "Q9_1_med", [c]) for c in range(1, 12)) >= 9
    ),
    ("図表25", (4,)): lambda m, p: (
        share(m, "Q9_1_oth", [4], [2, 3]) > share(m, "Q9_1_oth", [4])
        and all(share(m, "Q9_1_oth", [4], [b]) < share(m, "Q9_1_oth", [4]) for b in (1, 4))
    ),
    ("図表29", (2,)): lambda m, p: (
        Counter(c for a in p for c in a.get("Q2_5", ())).most_common(1)[0] == (2, 9)
    ),
    ("図表29", (4, 5)): lambda m, p: all(sum(c in a.get("Q2_5", ()) for a in p) <= 3 for c in (4, 5)),
    ("図表34", (5, 8)): lambda m, p: (
        {c for c, n in Counter(c for a in p for c in a.get("Q4_3", ())).items() if n == 5} == {5, 8}
    ),
}


def _mean_targets(m: Sequence[Answers]) -> list[float]:
    pairs = stage_pairs(m)
    return [statistics.mean(a["Q8_1_target"] for a in pairs if a["Q8_1_current"] == c) for c in range(1, 6)]


def test_qualitative_statements(crosstab_facts: dict[str, Any], by_survey: dict[str, list[Answers]]) -> None:
    statements = crosstab_facts["qualitative_statements"]
    keys = {(s["figure"], tuple(s["option_codes"])) for s in statements}
    assert keys == set(QUALITATIVE), "every qualitative statement needs a check"
    for s in statements:
        check = QUALITATIVE[(s["figure"], tuple(s["option_codes"]))]
        assert check(by_survey["municipal"], by_survey["prefectural"]), f"{s['figure']}: {s['statement']}"


# -- skip logic -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("survey", ["municipal", "prefectural"])
def test_skip_logic_and_exclusive_options(survey: str, by_survey: dict[str, list[Answers]]) -> None:
    qs = questions(survey)
    for i, a in enumerate(by_survey[survey]):
        for key, value in a.items():
            qid = key.split(".")[0]
            q = qs[qid]
            assert asked(q["asked_if"], a), f"#{i} {key} answered but not asked ({q['asked_if']})"
            if key.endswith(".other"):
                other = [o["code"] for o in q["options"] if "text_cell" in o]
                assert hits(a, qid, other), f"#{i} {key} without その他"
            elif q["type"] == "multi":
                assert value and len(set(value)) == len(value), f"#{i} {qid} = {value!r}"
                exclusive = {o["code"] for o in q["options"] if o.get("exclusive")}
                assert not (exclusive & set(value)) or len(value) == 1, f"#{i} {qid} exclusive with others"
            elif q["type"] == "rank":
                assert set(value) <= set(a.get("Q4_3", ())), f"#{i} Q4_4 {value} not marked in Q4_3"
            elif q["type"] == "single" and "options" in q:
                assert value in {o["code"] for o in q["options"]}, f"#{i} {qid} = {value!r}"


def test_asked_counts(by_survey: dict[str, list[Answers]]) -> None:
    m = by_survey["municipal"]
    for k, n in zip(range(1, 9), (207, 107, 109, 53, 73, 83, 87, 3), strict=True):
        assert sum(asked(f"Q6_5_med has {k}", a) for a in m) == n
    assert sum(asked("Q6_1_med == 1 or Q6_1_oth == 1", a) for a in m) == 227
    assert sum(asked("Q7_1_med lacks 14", a) for a in m) == 232
    assert sum(asked("Q7_1_oth lacks 14", a) for a in m) == 231
    p = by_survey["prefectural"]
    leaders = [{row["leader"] for row in a["Q2_2_3_4"]} for a in p if a.get("Q2_2_3_4")]
    assert len(leaders) == 9 and all(1 <= len(a["Q2_2_3_4"]) <= 5 for a in p if a.get("Q2_2_3_4"))
    assert sum(len(s) for s in leaders) == 16
    for a in p:
        first = (a["Q4_1_2"] or [{}])[0].get("support")
        assert (first == "特になし") == (a["Q3_1"] == 2)
