"""質問8-(1): current and target stage of 庁内連携, as (current, target) pairs dealt to respondents.

The 5x5 table below (rows current 1..5, columns target 1..5) covers the 233 respondents with both
stages in 1..5 and reproduces the report's chapter-2 facts: difference target - current is 0 for 26,
2 for 69 (the most frequent), 1..3 for 197; current 1 -> target 4/5 = 7/18; current 2 -> 98/135; the
mean target rises with the current stage. The 15 other pairs involve 6 (わからない) or 無回答 (None).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from renkei_desktop.sample._alloc import PlanError

Stage = int | None

STAGE_TABLE: tuple[tuple[int, ...], ...] = (
    (1, 3, 7, 1, 6),
    (0, 6, 31, 35, 63),
    (0, 4, 6, 17, 27),
    (0, 0, 0, 2, 13),
    (0, 0, 0, 0, 11),
)
# current 1..5 with target わからない/無回答 (5), then current わからない (6) and 無回答 (4)
OTHER_PAIRS: tuple[tuple[Stage, Stage], ...] = (
    *((1, 6), (2, 6), (2, None), (3, None), (5, None)),
    *((6, 6), (6, 6), (6, 6), (6, 3), (6, 4), (6, 5)),
    *((None, None), (None, None), (None, None), (None, 5)),
)
# per population band: how many pairs of each kind (A: current 4/5 and target 4/5, B: current 4/5 only,
# C: target 4/5 only, D: neither). Band 4: current 4+5 = 6/41, target 4+5 = 34/41; band 1: current 13/88.
BAND_KINDS: dict[int, dict[str, int]] = {
    1: {"A": 13, "B": 0, "C": 46, "D": 29},
    2: {"A": 4, "B": 1, "C": 39, "D": 17},
    3: {"A": 3, "B": 0, "C": 39, "D": 16},
    4: {"A": 6, "B": 0, "C": 28, "D": 7},
}


def all_pairs() -> list[tuple[Stage, Stage]]:
    pairs: list[tuple[Stage, Stage]] = []
    for c, row in enumerate(STAGE_TABLE, start=1):
        for t, n in enumerate(row, start=1):
            pairs += [(c, t)] * n
    return pairs + list(OTHER_PAIRS)


def _kind(pair: tuple[Stage, Stage]) -> str:
    cur = pair[0] in (4, 5)
    tgt = pair[1] in (4, 5)
    return {(True, True): "A", (True, False): "B", (False, True): "C", (False, False): "D"}[(cur, tgt)]


def deal_stages(
    rng: random.Random, band_of: Mapping[int, int], people: Sequence[int]
) -> dict[int, tuple[Stage, Stage]]:
    """(current, target) for every respondent, honouring :data:`BAND_KINDS`."""
    by_kind: dict[str, list[tuple[Stage, Stage]]] = {}
    for pair in all_pairs():
        by_kind.setdefault(_kind(pair), []).append(pair)
    for pairs in by_kind.values():
        rng.shuffle(pairs)
    out: dict[int, tuple[Stage, Stage]] = {}
    for band, kinds in sorted(BAND_KINDS.items()):
        members = sorted(p for p in people if band_of[p] == band)
        if len(members) != sum(kinds.values()):
            raise PlanError(f"band {band}: {len(members)} respondents, stage quotas {sum(kinds.values())}")
        rng.shuffle(members)
        dealt: list[tuple[Stage, Stage]] = []
        for kind, n in kinds.items():
            dealt += [by_kind[kind].pop() for _ in range(n)]
        out.update(zip(members, dealt, strict=True))
    if any(by_kind.values()):
        raise PlanError("stage pairs left over")
    return out
