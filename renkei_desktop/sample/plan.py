"""The deterministic sample: respondent-level answers that reproduce the report's tabulation.

:func:`build_plan` returns one :class:`SampleRespondent` per returned questionnaire: 248 municipalities
(real target municipalities, per-prefecture counts as published) and the 10 prefectures. ``answers``
holds the clean intended answer per question id; ``cells`` holds what is typed into the form, which
for a handful of respondents is a harmless human variant (see :mod:`._cells`). Pure data: the only
file IO is reading the bundled codebooks and master lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from renkei_desktop.sample._cells import CellValue, FormattedValue, Who, answers_to_cells, apply_variants
from renkei_desktop.sample._municipal import build_municipal_answers
from renkei_desktop.sample._prefectural import build_prefectural_answers
from renkei_desktop.sample._respondents import select_respondents, target_prefectures
from renkei_desktop.sample._verify import verify

__all__ = ["SEED", "CellValue", "FormattedValue", "SampleRespondent", "build_plan"]

SEED = 20201030


@dataclass(frozen=True)
class SampleRespondent:
    """One returned questionnaire of the sample."""

    survey: str  # "municipal" or "prefectural"
    code: str  # 5-digit municipality code or 2-digit prefecture code
    prefecture: str
    name: str  # master-list name (the prefecture's name for the prefectural survey)
    cells: dict[str, CellValue]  # A1 address -> value to write on sheet 調査票
    answers: dict[str, object]  # question id -> clean answer ("<id>.other": その他 text)

    @property
    def file_name(self) -> str:
        if self.survey == "municipal":
            return f"{self.code}_{self.name}_調査票.xlsx"
        return f"都県_{self.code}_{self.prefecture}_調査票.xlsx"

    @property
    def folder(self) -> str:
        return "市区町村" if self.survey == "municipal" else "都県"


def _rng_for(stage: str) -> random.Random:
    """An independent generator per stage, derived from the fixed seed (str seeds are deterministic)."""
    return random.Random(f"{SEED}:{stage}")


def build_plan() -> list[SampleRespondent]:
    """All 258 sample respondents (municipal by code, then prefectural by code); raises PlanError if
    the result does not reproduce its targets."""
    munis = select_respondents(_rng_for("respondents"))
    prefs = target_prefectures()
    muni_answers = build_municipal_answers(munis, _rng_for)
    pref_answers = build_prefectural_answers(prefs, _rng_for)
    verify(muni_answers, pref_answers)

    muni_cells = [answers_to_cells("municipal", a) for a in muni_answers]
    who = [Who(m.code, m.prefecture, m.name, m.kind, m.county) for m in munis]
    apply_variants(_rng_for("variants"), who, muni_answers, muni_cells)
    out = [
        SampleRespondent("municipal", m.code, m.prefecture, m.name, cells, answers)
        for m, cells, answers in zip(munis, muni_cells, muni_answers, strict=True)
    ]
    out += [
        SampleRespondent("prefectural", code, name, name, answers_to_cells("prefectural", answers), answers)
        for (code, name), answers in zip(prefs, pref_answers, strict=True)
    ]
    return out
