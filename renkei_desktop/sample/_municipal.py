"""Clean answers of the 248 municipal respondents (質問1-9 and the contact block).

Answers are keyed by codebook question id: single -> option code, multi -> tuple of codes, numbers,
text. ``"<id>.other"`` holds the free text of an その他 option. A missing key means 無回答.
Every stage draws from its own ``random.Random`` seeded from the plan seed and the stage name, so
changing one stage leaves the others as they were.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from renkei_desktop.sample import _numeric, _stages
from renkei_desktop.sample._alloc import allocate_multi, deal, deal_by_group, weighted_sample
from renkei_desktop.sample._respondents import Municipality
from renkei_desktop.sample._targets import MUNICIPAL, counts_with_na
from renkei_desktop.sample._texts import FORMULA_LIKE, sample_text

Answers = dict[str, object]
RngFactory = Callable[[str], random.Random]

# 質問6-(1) (med, oth) combinations and their counts per population band. 227 respondents link with
# at least one side (base of 質問6-(7)); per band 80/56/54/37; 62 of band 1 link with 上記以外 (Q6_3_oth).
Q6_1_COMBOS: dict[int, tuple[int | None, int | None]] = {
    0: (1, 1),
    1: (1, 2),
    2: (1, None),
    3: (2, 1),
    4: (2, 2),
    5: (2, None),
    6: (None, 2),
    7: (None, None),
}
Q6_1_BY_BAND: dict[int, dict[int | None, int]] = {
    1: {0: 62, 1: 16, 2: 2, 4: 3, 5: 1, 6: 1, 7: 3},
    2: {0: 38, 3: 1, 1: 16, 2: 1, 4: 3, 5: 1, 7: 1},
    3: {0: 38, 1: 15, 2: 1, 4: 2, 5: 1, 6: 1},
    4: {0: 33, 1: 4, 4: 2, 7: 2},
}
# 質問6-(7) per band within the 227 asked: band 4 option 2 = 20/37, band 1 option 1 = 5/80;
# option 2 is the most frequent in every band.
Q6_7_BY_BAND: dict[int, dict[int | None, int]] = {
    1: {1: 5, 2: 28, 3: 20, 4: 12, 6: 14, None: 1},
    2: {1: 1, 2: 21, 3: 16, 4: 9, 6: 8, None: 1},
    3: {1: 1, 2: 19, 3: 16, 4: 9, 6: 9},
    4: {2: 20, 3: 8, 4: 7, 6: 2},
}
OTHER_TEXT = {  # multi/single question -> (その他 code, text pool)
    "Q6_2_med": (13, "other.project"),
    "Q6_2_oth": (13, "other.project"),
    "Q6_3_med": (10, "other.dept"),
    "Q6_3_oth": (10, "other.dept"),
    "Q6_4_med": (7, "other.aim"),
    "Q6_4_oth": (7, "other.aim"),
    "Q6_5_med": (8, "other.method"),
    "Q6_5_oth": (8, "other.method"),
    "Q6_7": (6, "other.leader"),
    "Q7_1_med": (13, "other.project"),
    "Q7_1_oth": (13, "other.project"),
    "Q7_2_med": (10, "other.dept"),
    "Q7_2_oth": (10, "other.dept"),
    "Q9_1_med": (11, "other.issue"),
    "Q9_1_oth": (11, "other.issue"),
}
CONTACT_DEPTS = ("高齢福祉課", "地域包括ケア推進課", "介護保険課", "福祉課", "健康福祉課", "長寿支援課")


def _counts(qid: str) -> dict[int, int]:
    return MUNICIPAL[qid][1]


class _Builder:
    def __init__(self, munis: Sequence[Municipality], rng_for: RngFactory) -> None:
        self.munis = munis
        self.rng_for = rng_for
        self.people = list(range(len(munis)))
        self.band = {i: m.band for i, m in enumerate(munis)}
        self.ans: list[Answers] = [{} for _ in munis]
        act_rng = rng_for("activity")
        self.activity = [act_rng.lognormvariate(0.0, 0.45) for _ in munis]

    def weight(self, person: int) -> float:
        return self.activity[person]

    def codes(self, person: int, qid: str) -> tuple[int, ...]:
        value = self.ans[person].get(qid, ())
        return value if isinstance(value, tuple) else ()

    def put(self, qid: str, values: dict[int, object]) -> None:
        for person, value in values.items():
            if value is not None:
                self.ans[person][qid] = value

    def multi(self, qid: str, pool: Sequence[int], **kw: Any) -> None:
        rng = self.rng_for(qid)
        chosen = allocate_multi(rng, pool, _counts(qid), group_of=self.band, weight=self.weight, **kw)
        self.put(qid, dict(chosen))

    def blanks(self, stage: str, pool: Sequence[int], n: int, prefer: Sequence[int] = ()) -> set[int]:
        """``n`` respondents of ``pool`` who leave an item blank, drawn from ``prefer`` first."""
        rng = self.rng_for(stage)
        members = set(pool)
        preferred = [p for p in prefer if p in members]
        first = weighted_sample(rng, preferred, min(n, len(preferred)))
        rest = weighted_sample(rng, [p for p in pool if p not in first], n - len(first))
        return set(first) | set(rest)

    # -- 質問1-5 ------------------------------------------------------------------------------------
    def profile(self) -> None:
        rng = self.rng_for("numeric")
        pops = _numeric.populations(rng, self.munis)
        aging = _numeric.aging_rates(rng, self.munis, pops)
        care = _numeric.care_rates(rng, aging)
        areas = _numeric.area_counts(rng, pops)
        for i, m in enumerate(self.munis):
            a = self.ans[i]
            a["Q1_prefecture"] = int(m.pref_code)
            a["Q2_municipality"] = m.name
            a["Q3_population"] = pops[i]
            a["Q3_aging_rate"] = aging[i]
            if care[i] is not None:
                a["Q3_care_rate"] = care[i]
            a["Q4_areas"] = areas[i]
        rng = self.rng_for("Q5")
        size_w = {1: 1.0, 2: 1.3, 3: 1.8, 4: 2.5}
        has_dept = weighted_sample(rng, self.people, _counts("Q5_dept")[1], lambda p: size_w[self.band[p]])
        no_answer = set(rng.sample(sorted(set(self.people) - set(has_dept)), MUNICIPAL["Q5_dept"][2] or 0))
        for p in self.people:
            if p in has_dept:
                self.ans[p]["Q5_dept"] = 1
                if rng.random() < 0.6:
                    self.ans[p]["Q5_role"] = sample_text(rng, "Q5_role")
            elif p not in no_answer:
                self.ans[p]["Q5_dept"] = 2

    # -- 質問6 --------------------------------------------------------------------------------------
    def linkage(self) -> None:
        combos = deal_by_group(self.rng_for("Q6_1"), self.band, self.people, Q6_1_BY_BAND)
        for p, combo in combos.items():
            med, oth = Q6_1_COMBOS[combo or 0]
            self.put("Q6_1_med", {p: med})
            self.put("Q6_1_oth", {p: oth})
        med1 = [p for p in self.people if self.ans[p].get("Q6_1_med") == 1]
        oth1 = [p for p in self.people if self.ans[p].get("Q6_1_oth") == 1]
        self.multi("Q6_2_med", sorted(set(med1) - self.blanks("Q6_2_med.blank", med1, 1)))
        self.multi("Q6_3_med", med1, tilt={1: {4: 1.3}, 5: {4: 1.25}})
        self.multi("Q6_4_med", med1)
        self.multi(
            "Q6_5_med",
            sorted(set(med1) - self.blanks("Q6_5_med.blank", med1, 10)),
            tilt={2: {4: 1.3}, 4: {4: 1.4}, 6: {1: 1.25}, 7: {1: 1.25}},
        )
        self.multi("Q6_2_oth", oth1)
        mid = [p for p in oth1 if self.band[p] in (2, 3)]
        skip_34 = self.blanks("Q6_3_oth.blank", mid, 1)
        oth_rest = sorted(set(oth1) - skip_34)
        self.multi(
            "Q6_3_oth", oth_rest, exact={8: {1: 55}}, tilt={code: {4: 1.35} for code in (1, 2, 3, 4, 5, 6)}
        )
        self.multi("Q6_4_oth", oth_rest)
        self.multi(
            "Q6_5_oth",
            sorted(set(oth1) - self.blanks("Q6_5_oth.blank", oth1, 12)),
            tilt={2: {4: 1.35}, 3: {4: 1.35}, 4: {4: 1.4}},
        )
        for scope in ("med", "oth"):
            for method in range(1, 9):
                qid = f"Q6_6_{scope}_m{method}"
                asked = [p for p in self.people if method in self.codes(p, f"Q6_5_{scope}")]
                self.put(qid, dict(deal(self.rng_for(qid), asked, counts_with_na(MUNICIPAL[qid]))))
        union = sorted(set(med1) | set(oth1))
        self.put("Q6_7", dict(deal_by_group(self.rng_for("Q6_7"), self.band, union, Q6_7_BY_BAND)))
        rng = self.rng_for("Q6_8")
        writers = weighted_sample(rng, union, 80)
        for p in writers:
            self.ans[p]["Q6_8"] = sample_text(rng, "Q6_8")
        self.ans[writers[len(writers) // 2]]["Q6_8"] = FORMULA_LIKE

    # -- 質問7 --------------------------------------------------------------------------------------
    def wishes(self) -> None:
        for scope, n_blank in (("med", 4), ("oth", 13)):
            q1 = f"Q7_1_{scope}"
            quiet = [p for p in self.people if f"Q6_1_{scope}" not in self.ans[p]]
            blank1 = self.blanks(f"{q1}.blank", self.people, n_blank, prefer=quiet)
            not_linked = {p for p in self.people if self.ans[p].get(f"Q6_1_{scope}") != 1}
            self.multi(
                q1,
                sorted(set(self.people) - blank1),
                exclusive=14,
                exclusive_weight=lambda p, nl=not_linked: 5.0 if p in nl else 1.0,
            )
            q2 = f"Q7_2_{scope}"
            asked = [p for p in self.people if 14 not in self.codes(p, q1)]
            n_blank2 = len(asked) - MUNICIPAL[q2][0]
            blank2 = self.blanks(f"{q2}.blank", asked, n_blank2, prefer=sorted(blank1))
            self.multi(q2, sorted(set(asked) - blank2))
            rng = self.rng_for(f"Q7_3_{scope}")
            for p in weighted_sample(rng, sorted(set(asked) - blank2), 45):
                self.ans[p][f"Q7_3_{scope}"] = sample_text(rng, "Q7_3")

    # -- 質問8-9 ------------------------------------------------------------------------------------
    def stages_and_issues(self) -> None:
        for p, (cur, tgt) in _stages.deal_stages(self.rng_for("Q8_1"), self.band, self.people).items():
            self.put("Q8_1_current", {p: cur})
            self.put("Q8_1_target", {p: tgt})
        rng = self.rng_for("Q8_2")
        for p in weighted_sample(rng, self.people, 60):
            self.ans[p]["Q8_2"] = sample_text(rng, "Q8_2")
        for scope, n_blank, tilt in (
            ("med", 5, {**{c: {4: 1.25} for c in range(1, 12)}, 3: {4: 1.6}, 7: {4: 1.5}, 12: {4: 0.4}}),
            ("oth", 14, {4: {1: 0.65, 4: 0.6}}),
        ):
            qid = f"Q9_1_{scope}"
            quiet = [p for p in self.people if f"Q7_1_{scope}" not in self.ans[p]]
            blank = self.blanks(f"{qid}.blank", self.people, n_blank, prefer=quiet)
            self.multi(qid, sorted(set(self.people) - blank), exclusive=12, tilt=tilt)
        rng = self.rng_for("Q9_2")
        for p in weighted_sample(rng, self.people, 70):
            self.ans[p]["Q9_2"] = sample_text(rng, "Q9_2")
        rng = self.rng_for("Q9_3")
        for scope in ("med", "oth"):
            for src in ("pref", "natl", "priv"):
                for p in weighted_sample(rng, self.people, 30):
                    self.ans[p][f"Q9_3_{scope}_{src}"] = sample_text(rng, f"Q9_3_{src}")

    # -- その他 texts and contact ------------------------------------------------------------------
    def finish(self) -> None:
        rng = self.rng_for("other_text")
        for qid, (code, pool) in OTHER_TEXT.items():
            for p in self.people:
                value = self.ans[p].get(qid)
                if value == code or (isinstance(value, tuple) and code in value):
                    self.ans[p][f"{qid}.other"] = sample_text(rng, pool)
        rng = self.rng_for("contact")
        for p in self.people:
            a = self.ans[p]
            a["C_dept"] = "（サンプル）" + rng.choice(CONTACT_DEPTS)
            a["C_tel"] = "000-0000-0000"
            a["C_mail"] = "sample@example.invalid"
            a["C_person1"] = "サンプル 太郎"
            if rng.random() < 0.4:
                a["C_person2"] = "サンプル 花子"


def build_municipal_answers(munis: Sequence[Municipality], rng_for: RngFactory) -> list[Answers]:
    b = _Builder(munis, rng_for)
    b.profile()
    b.linkage()
    b.wishes()
    b.stages_and_issues()
    b.finish()
    return b.ans
