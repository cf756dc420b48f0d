"""Clean answers of the 10 prefectural respondents (都県票 質問1-4 and the contact block).

Table answers are lists of row dicts keyed by the codebook column keys; rank answers are tuples of
codes in rank order (優先度1, 優先度2).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from renkei_desktop.sample._alloc import PlanError, allocate_multi
from renkei_desktop.sample._targets import PREFECTURAL
from renkei_desktop.sample._texts import pool, sample_text

Answers = dict[str, object]
RngFactory = Callable[[str], random.Random]
NONE_VALUE = "特になし"
# 質問4-(4) priorities over the 8 prefectures answering 質問4-(3): code -> times named (total 14);
# one prefecture answers only 12 (特にない) and names it as 優先度1.
RANK_CODES: dict[int, int] = {5: 3, 1: 2, 3: 2, 7: 2, 8: 2, 6: 1, 11: 1}


def _spread(
    rng: random.Random,
    people: Sequence[int],
    occurrences: dict[int, int],
    max_each: int,
    taken: dict[int, set[int]] | None = None,
) -> dict[int, list[int]]:
    """Spread code occurrences over ``people``, at most once per person and code (``taken``: codes a
    person already has elsewhere), fewest-first."""
    order = list(people)
    rng.shuffle(order)
    held: dict[int, list[int]] = {p: [] for p in order}
    taken = taken or {}
    for code, n in sorted(occurrences.items(), key=lambda kv: (-kv[1], kv[0])):
        for _ in range(n):
            free = [
                p
                for p in order
                if code not in held[p] and code not in taken.get(p, ()) and len(held[p]) < max_each
            ]
            if not free:
                raise PlanError(f"cannot place code {code}")
            target = min(free, key=lambda p: len(held[p]))
            held[target].append(code)
    return held


def build_prefectural_answers(prefs: Sequence[tuple[str, str]], rng_for: RngFactory) -> list[Answers]:
    rng = rng_for("prefectural")
    people = list(range(len(prefs)))
    ans: list[Answers] = [{"Q1_prefecture": int(code)} for code, _ in prefs]
    not_linked = rng.choice(people)
    linked = [p for p in people if p != not_linked]
    for p in people:
        ans[p]["Q2_1"] = 2 if p == not_linked else 1
    # the order of the steps is part of the sample (one random stream)
    _q2_leaders(rng, ans, people, linked)
    _q2_partners(rng, ans, people, prefs)
    _q3_q4_support(rng, ans, people, linked)
    _q4_issues(rng, ans, people)
    _free_texts_and_contacts(rng, ans, people)
    return ans


def _q2_leaders(rng: random.Random, ans: list[Answers], people: list[int], linked: list[int]) -> None:
    # 質問2-(2)(3)(4): leader codes per prefecture (16 code memberships over 9 prefectures)
    leaders = _spread(rng, linked, {c: n for c, n in PREFECTURAL["Q2_2_3_4.leader"][1].items() if n}, 5)
    for p in linked:
        codes = leaders[p]
        n_rows = rng.randint(len(codes), 5)
        repeatable = [c for c in codes if c != 5] or codes  # その他 rarely fills several rows
        row_codes = codes + [rng.choice(repeatable) for _ in range(n_rows - len(codes))]
        rng.shuffle(row_codes)
        rows = []
        for code, activity in zip(row_codes, rng.sample(pool("P.activity"), n_rows), strict=True):
            row: dict[str, object] = {
                "activity": "（サンプル）" + activity,
                "departments": sample_text(rng, "P.departments"),
                "leader": code,
            }
            if code == 5:
                row["leader_other"] = sample_text(rng, "P.leader_other")
            rows.append(row)
        ans[p]["Q2_2_3_4"] = rows
        ans[p]["Q2_6"] = sample_text(rng, "P.Q2_6")
        ans[p]["Q2_7"] = sample_text(rng, "P.Q2_7")
    group = dict.fromkeys(people, 0)
    for p, linked_codes in allocate_multi(rng, linked, PREFECTURAL["Q2_5"][1], group_of=group).items():
        ans[p]["Q2_5"] = linked_codes


def _q2_partners(
    rng: random.Random, ans: list[Answers], people: list[int], prefs: Sequence[tuple[str, str]]
) -> None:
    # 質問2-(8)(9): partner organisations outside the prefectural office (asked of all)
    for p in people:
        if rng.random() < 0.2:
            ans[p]["Q2_8_9"] = [{"organization": NONE_VALUE}]
            continue
        office = "都" if prefs[p][1].endswith("都") else "県"
        names = rng.sample(pool("P.organization"), rng.randint(1, 3))
        ans[p]["Q2_8_9"] = [
            {
                "organization": "（サンプル）" + name.replace("県", office, 1),
                "content": sample_text(rng, "P.content"),
            }
            for name in names
        ]


def _q3_q4_support(rng: random.Random, ans: list[Answers], people: list[int], linked: list[int]) -> None:
    # 質問3: grasping the municipalities' situation; the same 3 give support in 質問4-(1)
    grasp = sorted(rng.sample(linked, PREFECTURAL["Q3_1"][1][1]))
    for p in people:
        if p in grasp:
            ans[p].update({"Q3_1": 1, "Q3_2": sample_text(rng, "P.Q3_2"), "Q3_3": 1})
            supports = rng.sample(pool("P.support"), rng.randint(1, 3))
            ans[p]["Q4_1_2"] = [
                {"support": "（サンプル）" + text, "start": f"{2015 + i + rng.randrange(4)}年4月"}
                for i, text in enumerate(supports)
            ]
        else:
            ans[p]["Q3_1"] = 2
            ans[p]["Q4_1_2"] = [{"support": NONE_VALUE}]


def _q4_issues(rng: random.Random, ans: list[Answers], people: list[int]) -> None:
    # 質問4-(3)(4): issues and the two priorities; 2 prefectures leave 質問4-(3) blank
    answering = sorted(rng.sample(people, PREFECTURAL["Q4_3"][0]))
    nothing = rng.choice(answering)
    ranked = [p for p in answering if p != nothing]
    ranks = _spread(rng, ranked, RANK_CODES, 2)
    issues: dict[int, set[int]] = {p: set(ranks[p]) for p in ranked}
    remaining = {
        c: n - sum(c in ranks[p] for p in ranked) for c, n in PREFECTURAL["Q4_3"][1].items() if c != 12
    }
    extra = _spread(rng, ranked, {c: n for c, n in remaining.items() if n > 0}, 11, taken=issues)
    for p in ranked:
        issues[p] |= set(extra[p])
        ans[p]["Q4_3"] = tuple(sorted(issues[p]))
        order = list(ranks[p])
        rng.shuffle(order)
        ans[p]["Q4_4"] = tuple(order)
        if 11 in issues[p]:
            ans[p]["Q4_3.other"] = sample_text(rng, "P.issue")
    ans[nothing]["Q4_3"] = (12,)
    ans[nothing]["Q4_4"] = (12,)


def _free_texts_and_contacts(rng: random.Random, ans: list[Answers], people: list[int]) -> None:
    for p in people:
        ans[p]["Q4_5"] = sample_text(rng, "P.Q4_5")
        if rng.random() < 0.7:
            ans[p]["Q4_6"] = sample_text(rng, "P.Q4_6")
        if rng.random() < 0.6:
            ans[p]["Q4_7_natl"] = sample_text(rng, "P.Q4_7_natl")
        if rng.random() < 0.4:
            ans[p]["Q4_7_priv"] = sample_text(rng, "P.Q4_7_priv")
        ans[p].update(
            {
                "C_dept": "（サンプル）高齢者福祉課",
                "C_tel": "000-0000-0000",
                "C_mail": "sample@example.invalid",
                "C_person1": "サンプル 太郎",
            }
        )
