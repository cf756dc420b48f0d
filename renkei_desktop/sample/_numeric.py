"""Numeric answers of 質問3/4: population, 高齢化率, 要介護認定率, 日常生活圏域数.

Each is rank-based: a plausible latent score per municipality (smaller places are older, have fewer
areas) is sorted and cut into the published band counts, then a value is drawn inside each band.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from renkei_desktop.sample._respondents import BAND_BOUNDS, Municipality

# 高齢化率 bands (<25, 25-<35, 35-<40, >=40): counts and the value range drawn inside each band
AGING_BANDS = ((53, 17.5, 25.0), (131, 25.0, 35.0), (38, 35.0, 40.0), (26, 40.0, 58.0))
# 要介護認定率 bands (<10, 10-<15, 15-<20, >=20), 3 blanks (N=245)
CARE_BANDS = ((6, 8.0, 10.0), (74, 10.0, 15.0), (141, 15.0, 20.0), (24, 20.0, 24.0))
CARE_BLANKS = 3
# 日常生活圏域数: the 248 values (bands 1-5: 183, 6-9: 31, 10-14: 16, 15-19: 9, >=20: 9;
# min 1, max 148, mean 1318/248 = 5.3, median 3)
AREA_VALUES: tuple[int, ...] = (
    (148, 48, 38, 31, 27, 25, 23, 21, 20)
    + (19, 18, 18, 17, 16, 16, 15, 15, 15)
    + (14, 14, 13, 13, 12, 12, 12, 11, 11, 11, 10, 10, 10, 10, 10, 10)
    + (9,) * 5
    + (8,) * 6
    + (7,) * 9
    + (6,) * 11
    + (5,) * 14
    + (4,) * 14
    + (3,) * 32
    + (2,) * 38
    + (1,) * 85
)
# prefecture effect on the aging score (Tokyo and Kanagawa are younger, mountain prefectures older)
_PREF_AGING = {
    "13": -0.35,
    "14": -0.2,
    "11": -0.15,
    "12": -0.05,
    "08": 0.0,
    "09": 0.0,
    "10": 0.1,
    "15": 0.2,
    "19": 0.15,
    "20": 0.2,
}


def populations(rng: random.Random, munis: Sequence[Municipality]) -> list[int]:
    """A fictitious population near the real size, kept inside the municipality's band."""
    out = []
    for m in munis:
        lo, hi = BAND_BOUNDS[m.band]
        value = round(m.approx_population * rng.uniform(0.93, 1.07))
        if value < lo:
            value = lo + rng.randrange(100, 1500)
        if hi is not None and value >= hi:
            value = hi - rng.randrange(100, 1500)
        out.append(max(value, 150))
    return out


def _banded_values(
    rng: random.Random, order: Sequence[int], bands: Sequence[tuple[int, float, float]], n: int
) -> list[float | None]:
    """``order`` lists respondents from lowest to highest score; cut it into ``bands``."""
    values: list[float | None] = [None] * n
    pos = 0
    for count, lo, hi in bands:
        members = order[pos : pos + count]
        pos += count
        for i, person in enumerate(members):
            x = lo + (i + rng.uniform(0.1, 0.9)) / count * (hi - lo)
            values[person] = min(max(round(x, 1), lo), round(hi - 0.1, 1))
    return values


def aging_rates(rng: random.Random, munis: Sequence[Municipality], pops: Sequence[int]) -> list[float]:
    score = [
        -math.log10(p) + _PREF_AGING[m.pref_code] + rng.gauss(0, 0.35)
        for m, p in zip(munis, pops, strict=True)
    ]
    order = sorted(range(len(munis)), key=lambda i: (score[i], i))
    values = _banded_values(rng, order, AGING_BANDS, len(munis))
    if any(v is None for v in values):
        raise ValueError("aging bands do not cover every respondent")
    return [float(v) for v in values if v is not None]


def care_rates(rng: random.Random, aging: Sequence[float]) -> list[float | None]:
    n = len(aging)
    blanks = set(rng.sample(range(n), CARE_BLANKS))
    score = [aging[i] + rng.gauss(0, 4.0) for i in range(n)]
    order = sorted((i for i in range(n) if i not in blanks), key=lambda i: (score[i], i))
    return _banded_values(rng, order, CARE_BANDS, n)


def area_counts(rng: random.Random, pops: Sequence[int]) -> list[int]:
    if len(pops) != len(AREA_VALUES):
        raise ValueError("area values are laid out for 248 respondents")
    score = [math.log(p) + rng.gauss(0, 0.3) for p in pops]
    order = sorted(range(len(pops)), key=lambda i: (-score[i], i))
    out = [0] * len(pops)
    for person, value in zip(order, AREA_VALUES, strict=True):
        out[person] = value
    return out
