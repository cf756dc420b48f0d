"""Checks run at the end of :func:`build_plan`: the clean answers must reproduce the embedded targets
exactly, respect skip logic and exclusive options, and meet the chapter-2 cross facts.
Raises :class:`PlanError` listing every violation."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from renkei_desktop.conditions import parse_condition
from renkei_desktop.sample import _numeric
from renkei_desktop.sample._alloc import PlanError
from renkei_desktop.sample._codebook import questions
from renkei_desktop.sample._respondents import population_band
from renkei_desktop.sample._targets import MUNICIPAL, PREFECTURAL

Answers = Mapping[str, object]


def _asked(expr: str | None, answers: Answers) -> bool:
    """Whether an item guarded by ``expr`` is asked, by the core's condition evaluator."""
    return expr is None or parse_condition(expr).evaluate(answers.get)


_BANDS = {
    "Q3_aging_rate": (25.0, 35.0, 40.0),
    "Q3_care_rate": (10.0, 15.0, 20.0),
    "Q4_areas": (6, 10, 15, 20),
}


def _codes(value: object) -> tuple[int, ...]:
    return value if isinstance(value, tuple) else ()


def _rows(value: object) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else []


def _num(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def band_of(qid: str, value: float) -> int:
    if qid == "Q3_population":
        return population_band(value)
    return 1 + sum(value >= edge for edge in _BANDS[qid])


def tally(survey: str, qid: str, answers: Sequence[Answers]) -> tuple[int, Counter[object]]:
    """(base, counts) of one published table; 無回答 is counted under ``None``."""
    if qid == "Q2_2_3_4.leader":
        rows = [a["Q2_2_3_4"] for a in answers if a.get("Q2_2_3_4")]
        return len(rows), Counter(c for r in rows for c in {row["leader"] for row in _rows(r)})
    q = questions(survey)[qid]
    asked = [a for a in answers if _asked(q.get("asked_if"), a)]
    if q["type"] in ("integer", "decimal"):
        vals = [a[qid] for a in asked if qid in a]
        base = len(asked) if q["base"] == "all" else len(vals)
        return base, Counter(band_of(qid, _num(v)) for v in vals)
    if q["type"] in ("multi", "rank"):
        given = [a[qid] for a in asked if a.get(qid)]
        return len(given), Counter(c for codes in given for c in _codes(codes))
    return len(asked), Counter(a.get(qid) for a in asked)


def check_targets(survey: str, answers: Sequence[Answers], problems: list[str]) -> None:
    targets = MUNICIPAL if survey == "municipal" else PREFECTURAL
    for qid, (base, counts, na) in targets.items():
        got_base, got = tally(survey, qid, answers)
        want: Counter[object] = Counter({k: v for k, v in counts.items() if v})
        if na:
            want[None] = na
        got = Counter({k: v for k, v in got.items() if v})
        if got_base != base or got != want:
            problems.append(
                f"{survey} {qid}: base {got_base} (want {base}), counts {dict(got)} (want {dict(want)})"
            )


def check_skip_logic(survey: str, answers: Sequence[Answers], problems: list[str]) -> None:
    qs = questions(survey)
    for i, a in enumerate(answers):
        for key in a:
            qid = key.split(".")[0]
            if qid not in qs:
                problems.append(f"{survey} #{i}: unknown answer key {key}")
                continue
            q = qs[qid]
            if not _asked(q.get("asked_if"), a):
                problems.append(f"{survey} #{i}: {key} answered but not asked ({q['asked_if']})")
            value = a.get(qid)
            if key.endswith(".other") and value is None:
                problems.append(f"{survey} #{i}: {key} without an answer to {qid}")
            if q["type"] == "multi" and key == qid:
                codes = value if isinstance(value, tuple) else ()
                excl = {o["code"] for o in q["options"] if o.get("exclusive")}
                if not codes or (excl & set(codes) and len(codes) > 1):
                    problems.append(f"{survey} #{i}: {qid} = {value!r} (empty or exclusive not alone)")


def _pct(count: int, base: int) -> Decimal:
    return (Decimal(100 * count) / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _codes_of(value: object) -> set[object]:
    return set(value) if isinstance(value, tuple) else {value}


def check_cross_facts(answers: Sequence[Answers], problems: list[str]) -> None:
    band = [population_band(_num(a["Q3_population"])) for a in answers]

    def share(qid: str, codes: set[int], b: int, base_if: str = "all") -> tuple[int, int]:
        rows = [a for a, bb in zip(answers, band, strict=True) if bb == b]
        if base_if == "asked":
            rows = [a for a in rows if _asked(questions("municipal")[qid]["asked_if"], a)]
        elif base_if == "answered":
            rows = [a for a in rows if a.get(qid)]
        hit = sum(1 for a in rows if _codes_of(a.get(qid)) & codes)
        return hit, len(rows)

    facts: dict[str, tuple[Sequence[int], Sequence[int]]] = {
        "band sizes": ([band.count(b) for b in (1, 2, 3, 4)], [88, 61, 58, 41]),
        "Q6_7 band 4 option 2": (share("Q6_7", {2}, 4, "asked"), (20, 37)),
        "Q6_7 band 1 option 1": (share("Q6_7", {1}, 1, "asked"), (5, 80)),
        "Q6_3_oth band 1 option 8": (share("Q6_3_oth", {8}, 1, "answered"), (55, 62)),
        "Q8_1_current band 4 4+5": (share("Q8_1_current", {4, 5}, 4), (6, 41)),
        "Q8_1_current band 1 4+5": (share("Q8_1_current", {4, 5}, 1), (13, 88)),
        "Q8_1_target band 4 4+5": (share("Q8_1_target", {4, 5}, 4), (34, 41)),
    }
    pairs = [
        (a["Q8_1_current"], a["Q8_1_target"])
        for a in answers
        if a.get("Q8_1_current") in range(1, 6) and a.get("Q8_1_target") in range(1, 6)
    ]
    diff = Counter(int(_num(t) - _num(c)) for c, t in pairs)
    facts["stage difference"] = (
        (len(pairs), diff[0], diff[2], diff[1] + diff[2] + diff[3]),
        (233, 26, 69, 197),
    )
    for cur, published in ((1, (7, 18)), (2, (98, 135))):
        row = [t for c, t in pairs if c == cur]
        facts[f"current {cur} -> target 4+5"] = ((sum(t in (4, 5) for t in row), len(row)), published)
    for name, (got, want) in facts.items():
        if tuple(got) != tuple(want):
            problems.append(f"cross fact {name}: {got} (want {want})")
    areas = [int(_num(a["Q4_areas"])) for a in answers]
    summary = (min(areas), max(areas), _pct(sum(areas), 100 * len(areas)), statistics.median(areas))
    if summary != (1, 148, Decimal("5.3"), 3):
        problems.append(f"Q4_areas summary {summary} (want min 1, max 148, mean 5.3, median 3)")
    if sorted(areas) != sorted(_numeric.AREA_VALUES):
        problems.append("Q4_areas values differ from the planned multiset")


def check_prefectural(answers: Sequence[Answers], problems: list[str]) -> None:
    for i, a in enumerate(answers):
        ranks = a.get("Q4_4") or ()
        if not set(_codes(ranks)) <= set(_codes(a.get("Q4_3"))):
            problems.append(f"prefectural #{i}: Q4_4 {ranks} not all marked in Q4_3")
        support = a.get("Q4_1_2") or []
        gives = any(row.get("support") not in (None, "特になし") for row in _rows(support))
        if gives != (a.get("Q3_1") == 1):
            problems.append(f"prefectural #{i}: Q4_1_2 support {gives} but Q3_1 = {a.get('Q3_1')}")
        for row in _rows(a.get("Q2_2_3_4")):
            if not (row.get("activity") and row.get("departments") and row.get("leader")):
                problems.append(f"prefectural #{i}: incomplete Q2_2_3_4 row {row}")
            if ("leader_other" in row) != (row.get("leader") == 5):
                problems.append(f"prefectural #{i}: leader_other only with leader 5: {row}")


def verify(municipal: Sequence[Answers], prefectural: Sequence[Answers]) -> None:
    problems: list[str] = []
    check_targets("municipal", municipal, problems)
    check_targets("prefectural", prefectural, problems)
    check_skip_logic("municipal", municipal, problems)
    check_skip_logic("prefectural", prefectural, problems)
    check_cross_facts(municipal, problems)
    check_prefectural(prefectural, problems)
    if problems:
        raise PlanError("sample plan violates its constraints:\n  " + "\n  ".join(problems))
