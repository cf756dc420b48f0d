"""Turn clean answers into the cell values written on the form (A1 address -> value).

Driven by the codebook: single/rank -> the option's dropdown ``value``, multi -> 「○」 in the option's
cell (+ その他 text), numbers, text, table rows. :func:`apply_variants` then swaps a handful of cells
for harmless human variants (prefecture/county prefix, spaces, ケ/ヶ, 「52,341人」, full-width digits,
a rate typed as a fraction in a percent cell, a label without its number) that still tabulate the
same after the reader's normalisation.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from renkei_desktop.sample._codebook import column, option, questions

CIRCLE = "○"  # U+25CB
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class FormattedValue:
    """A number written together with a cell number format (e.g. 0.245 shown as 24.5%)."""

    value: float
    number_format: str


CellValue = str | int | float | FormattedValue


def answers_to_cells(survey: str, answers: Mapping[str, object]) -> dict[str, CellValue]:
    cells: dict[str, CellValue] = {}
    for qid, q in questions(survey).items():
        value = answers.get(qid)
        if value is None:
            continue
        kind = q["type"]
        other = answers.get(f"{qid}.other")
        if kind in ("single", "prefecture", "multi"):
            codes = value if isinstance(value, tuple) else (value,)
            for code in codes:
                opt = option(q, int(code))
                cells[opt["cell"] if kind == "multi" else q["cell"]] = (
                    CIRCLE if kind == "multi" else opt["value"]
                )
                if "text_cell" in opt and other is not None:
                    cells[opt["text_cell"]] = str(other)
        elif kind == "rank":
            for slot, code in zip(q["cells"], _seq(value), strict=False):
                cells[slot["cell"]] = option(q, int(code))["value"]
        elif kind == "table":
            for row_spec, row in zip(q["rows"], _seq(value), strict=False):
                for key, item in row.items():
                    col = column(q, key)
                    cell = row_spec["cells"][key]
                    cells[cell] = option(col, int(item))["value"] if col["type"] == "single" else str(item)
        elif isinstance(value, str | int | float):  # integer, decimal, text, municipality
            cells[q["cell"]] = value
        else:
            raise TypeError(f"{qid}: cannot write {value!r}")
    return cells


def _seq(value: object) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a sequence, got {value!r}")
    return value


@dataclass(frozen=True)
class Who:
    """What :func:`apply_variants` needs to know about a municipal respondent."""

    code: str
    prefecture: str
    name: str
    kind: str
    county: str


# municipalities whose 質問2 is written with a variant, by code (the rest are picked by the rng)
PREFIX_PREFECTURE = "11201"  # 埼玉県川越市
PREFIX_COUNTY = "08341"  # 那珂郡東海村
KE_SWAP = ("08208", "14207", "20210")  # 龍ケ崎市 -> 龍ヶ崎市, 茅ヶ崎市 -> 茅ケ崎市, 駒ヶ根市 -> 駒ケ根市
KEEP_EXACT = frozenset({"08201"})  # 水戸市 stays exactly as the master list (tests rely on it)


def apply_variants(
    rng: random.Random,
    people: Sequence[Who],
    answers: Sequence[Mapping[str, object]],
    cells: Sequence[dict[str, CellValue]],
) -> None:
    """Rewrite a few municipal cells in place with human variants of the same answer."""
    pick = _Picker(rng, [i for i, w in enumerate(people) if w.code not in KEEP_EXACT])
    edit = _Edit(questions("municipal"), pick, people, answers, cells)
    _name_variants(edit)  # the order of the three is part of the sample (one random stream)
    _number_variants(edit)
    _label_variants(edit)


@dataclass
class _Edit:
    q: dict[str, dict[str, Any]]
    pick: _Picker
    people: Sequence[Who]
    answers: Sequence[Mapping[str, object]]
    cells: Sequence[dict[str, CellValue]]

    def number(self, i: int, qid: str) -> float:
        value = self.answers[i][qid]
        if not isinstance(value, int | float):
            raise TypeError(f"{qid}: {value!r}")
        return value


def _name_variants(e: _Edit) -> None:
    """質問2: prefixes, spaces, ケ/ヶ."""
    people, cells, pick = e.people, e.cells, e.pick
    name_cell = e.q["Q2_municipality"]["cell"]
    idx = {w.code: i for i, w in enumerate(people)}
    for code, text in ((PREFIX_PREFECTURE, "{prefecture}{name}"), (PREFIX_COUNTY, "{county}{name}")):
        i = pick.take(idx[code])
        cells[i][name_cell] = text.format(
            prefecture=people[i].prefecture, county=people[i].county, name=people[i].name
        )
    for code in KE_SWAP:
        i = pick.take(idx[code])
        cells[i][name_cell] = people[i].name.translate(_KE_SWAP_TABLE)
    i = pick.one(lambda i: people[i].kind == "市")
    cells[i][name_cell] = people[i].prefecture + people[i].name
    i = pick.one(lambda i: people[i].county != "")
    cells[i][name_cell] = people[i].county + people[i].name
    for space in (" ", "\u3000"):
        i = pick.one(lambda i: len(people[i].name) >= 3)
        cells[i][name_cell] = people[i].name[:-1] + space + people[i].name[-1]


def _number_variants(e: _Edit) -> None:
    """質問3: numbers typed as text, a rate typed as a fraction in a percent cell, a rate with 「%」."""
    cells, pick, number = e.cells, e.pick, e.number
    pop_cell, aging_cell = (e.q[k]["cell"] for k in ("Q3_population", "Q3_aging_rate"))
    for style in ("unit", "unit", "fullwidth", "fullwidth", "comma"):
        i = pick.one(lambda i: number(i, "Q3_population") >= 1000)
        pop = int(number(i, "Q3_population"))
        cells[i][pop_cell] = {
            "unit": f"{pop:,}人",
            "fullwidth": str(pop).translate(_FULLWIDTH_DIGITS),
            "comma": f"{pop:,}",
        }[style]
    for _ in range(2):
        i = pick.one(lambda i: _safe_rate(number(i, "Q3_aging_rate")))
        cells[i][aging_cell] = FormattedValue(round(number(i, "Q3_aging_rate") / 100, 4), "0.0%")
    i = pick.one(lambda i: _safe_rate(number(i, "Q3_aging_rate")))
    cells[i][aging_cell] = f"{number(i, 'Q3_aging_rate')}%"


def _label_variants(e: _Edit) -> None:
    """Single answers typed as the label only (or with a full-width period)."""
    q, answers = e.q, e.answers
    for qid, how in (
        ("Q6_6_med_m1", "label"),
        ("Q6_6_oth_m1", "label"),
        ("Q6_6_med_m2", "label"),
        ("Q6_7", "label"),
        ("Q8_1_current", "label"),
        ("Q6_6_med_m3", "fullwidth_period"),
    ):
        # skip labels that start with a digit (「1年に一回程度」): the label alone would read as numbered
        def typed_as_label(i: int, qid: str = qid) -> bool:
            return qid in answers[i] and not _label(q[qid], answers[i][qid])[0].isdigit()

        i = e.pick.one(typed_as_label)
        opt = option(q[qid], int(e.number(i, qid)))
        e.cells[i][q[qid]["cell"]] = opt["label"] if how == "label" else opt["value"].replace(". ", "．", 1)


def _label(q: dict[str, Any], code: object) -> str:
    return str(option(q, int(str(code)))["label"])


_KE_SWAP_TABLE = str.maketrans({"ケ": "ヶ", "ヶ": "ケ"})


def _safe_rate(v: float) -> bool:
    """A rate far enough from the band edges (25/35/40) that a fraction round trip cannot move it."""
    return all(abs(v - edge) >= 0.3 for edge in (25.0, 35.0, 40.0))


class _Picker:
    """Picks distinct respondents so each gets at most one variant."""

    def __init__(self, rng: random.Random, pool: Sequence[int]) -> None:
        self.rng = rng
        self.pool = sorted(pool)
        self.used: set[int] = set()

    def take(self, i: int) -> int:
        if i in self.used:
            raise ValueError(f"respondent {i} already has a variant")
        self.used.add(i)
        return i

    def one(self, ok: Callable[[int], bool]) -> int:
        return self.take(self.rng.choice([i for i in self.pool if i not in self.used and ok(i)]))
