"""Who responds: 248 of the 450 target municipalities (per-prefecture counts as published) and all
10 prefectures, chosen so that the population bands come out as in the report (88/61/58/41)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache

from renkei_desktop.paths import resource_path
from renkei_desktop.sample._alloc import PlanError
from renkei_desktop.sample._population import approx_population

BUREAU = "関東信越厚生局"

# prefecture code -> (returned, targets), 参考資料① 都県別回収状況
RETURNED: dict[str, tuple[int, int]] = {
    "08": (26, 44),
    "09": (14, 25),
    "10": (20, 35),
    "11": (36, 63),
    "12": (30, 54),
    "13": (34, 62),
    "14": (20, 33),
    "15": (15, 30),
    "19": (17, 27),
    "20": (36, 77),
}
# population band -> respondents (質問3-(1))
BAND_TOTALS: dict[int, int] = {1: 88, 2: 61, 3: 58, 4: 41}
BAND_BOUNDS: dict[int, tuple[int, int | None]] = {
    1: (0, 25000),
    2: (25000, 75000),
    3: (75000, 200000),
    4: (200000, None),
}
# always respond: used by tests and by the answer variants (prefix, county, ケ/ヶ).
FORCED = frozenset({"08201", "08208", "08341", "11201", "14100", "14207", "20210", "12224"})


@dataclass(frozen=True)
class Municipality:
    code: str  # 5-digit 全国地方公共団体コード (without check digit)
    prefecture: str
    name: str
    kind: str  # 市 / 区 / 町 / 村
    county: str
    approx_population: int

    @property
    def pref_code(self) -> str:
        return self.code[:2]

    @property
    def band(self) -> int:
        return population_band(self.approx_population)


def population_band(population: float) -> int:
    for band, (lo, hi) in BAND_BOUNDS.items():
        if population >= lo and (hi is None or population < hi):
            return band
    raise ValueError(population)


@cache
def target_municipalities() -> tuple[Municipality, ...]:
    out = []
    with resource_path("reference", "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["bureau"] != BUREAU:
                continue
            out.append(
                Municipality(
                    row["code"],
                    row["prefecture"],
                    row["name"],
                    row["kind"],
                    row["county"],
                    approx_population(row["code"][:2], row["name"]),
                )
            )
    return tuple(out)


@cache
def target_prefectures() -> tuple[tuple[str, str], ...]:
    """(2-digit code, name) of the 10 prefectures under the bureau."""
    with resource_path("reference", "prefectures.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            (row["code"], row["prefecture"]) for row in csv.DictReader(fh) if row["bureau"] == BUREAU
        )


def select_respondents(rng: random.Random) -> list[Municipality]:
    """The responding municipalities, sorted by code."""
    by_pref: dict[str, list[Municipality]] = {}
    for m in target_municipalities():
        by_pref.setdefault(m.pref_code, []).append(m)
    chosen: dict[str, list[Municipality]] = {}
    for pref, (returned, targets) in RETURNED.items():
        pool = by_pref[pref]
        if len(pool) != targets:
            raise PlanError(f"{pref}: master list has {len(pool)} targets, report says {targets}")
        forced = [m for m in pool if m.code in FORCED]
        free = [m for m in pool if m.code not in FORCED]
        chosen[pref] = forced + rng.sample(free, returned - len(forced))
    _balance_bands(rng, by_pref, chosen)
    return sorted((m for ms in chosen.values() for m in ms), key=lambda m: m.code)


def _balance_bands(
    rng: random.Random, by_pref: dict[str, list[Municipality]], chosen: dict[str, list[Municipality]]
) -> None:
    """Swap respondents within prefectures until each population band has its published size."""
    for _ in range(10_000):
        totals = {b: 0 for b in BAND_TOTALS}
        for ms in chosen.values():
            for m in ms:
                totals[m.band] += 1
        surplus = [b for b in BAND_TOTALS if totals[b] > BAND_TOTALS[b]]
        deficit = [b for b in BAND_TOTALS if totals[b] < BAND_TOTALS[b]]
        if not surplus:
            return
        swaps = []
        for pref in sorted(chosen):
            selected = {m.code for m in chosen[pref]}
            outs = [m for m in chosen[pref] if m.band in surplus and m.code not in FORCED]
            ins = [m for m in by_pref[pref] if m.band in deficit and m.code not in selected]
            swaps += [(pref, o, i) for o in outs for i in ins]
        if not swaps:
            break
        pref, out, into = rng.choice(swaps)
        chosen[pref] = [into if m is out else m for m in chosen[pref]]
    raise PlanError("could not balance population bands")
