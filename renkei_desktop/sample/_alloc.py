"""Allocation primitives: hand out exact answer counts to respondents.

Respondents are plain ints (indices). Every function takes an explicit ``random.Random`` so the
result only depends on the seed. Counts are always met exactly; band quotas (population band or any
other grouping) are met exactly too, so tilts such as "band 4 above the overall share" are guaranteed
rather than left to chance.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence

Weight = Callable[[int], float]


class PlanError(RuntimeError):
    """The requested allocation is impossible or a constraint check failed."""


def weighted_sample(
    rng: random.Random, items: Iterable[int], k: int, weight: Weight | None = None
) -> list[int]:
    """``k`` distinct items, each drawn with probability proportional to ``weight`` (Efraimidis-Spirakis)."""
    pool = sorted(items)
    if not 0 <= k <= len(pool):
        raise PlanError(f"cannot pick {k} of {len(pool)}")
    if weight is None:
        return sorted(rng.sample(pool, k))
    keyed = []
    for item in pool:
        w = weight(item)
        u = 1.0 - rng.random()  # in (0, 1]
        keyed.append((math.log(u) / w if w > 0 else -math.inf, item))
    keyed.sort(key=lambda t: (-t[0], t[1]))
    return sorted(item for _, item in keyed[:k])


def deal(rng: random.Random, pool: Iterable[int], counts: Mapping[int | None, int]) -> dict[int, int | None]:
    """Give each respondent in ``pool`` one code; ``counts`` (None = 無回答) must add up to the pool size."""
    people = sorted(pool)
    if sum(counts.values()) != len(people):
        raise PlanError(f"counts add up to {sum(counts.values())}, pool has {len(people)}")
    rng.shuffle(people)
    out: dict[int, int | None] = {}
    pos = 0
    for code, n in counts.items():
        for person in people[pos : pos + n]:
            out[person] = code
        pos += n
    return out


def deal_by_group(
    rng: random.Random,
    group_of: Mapping[int, int],
    pool: Iterable[int],
    quotas: Mapping[int, Mapping[int | None, int]],
) -> dict[int, int | None]:
    """:func:`deal` separately within each group (e.g. population band) with per-group counts."""
    out: dict[int, int | None] = {}
    members: dict[int, list[int]] = {}
    for person in sorted(pool):
        members.setdefault(group_of[person], []).append(person)
    for group, counts in quotas.items():
        out.update(deal(rng, members.pop(group, []), counts))
    if any(members.values()):
        raise PlanError(f"no quota for groups {sorted(members)}")
    return out


def tilted_quota(count: int, base: int, n_group: int, factor: float, capacity: int) -> int:
    """How many of a group's ``n_group`` respondents get an option so its share is above (factor > 1)
    or below (factor < 1) the overall share ``count / base``."""
    share = count / base
    if factor > 1:
        q = max(math.floor(share * n_group) + 1, round(share * n_group * factor))
        return min(q, capacity, count)
    q = min(math.ceil(share * n_group) - 1, round(share * n_group * factor))
    return max(q, 0)


def allocate_multi(
    rng: random.Random,
    pool: Iterable[int],
    counts: Mapping[int, int],
    *,
    group_of: Mapping[int, int],
    exclusive: int | None = None,
    weight: Weight | None = None,
    exclusive_weight: Weight | None = None,
    tilt: Mapping[int, Mapping[int, float]] | None = None,
    exact: Mapping[int, Mapping[int, int]] | None = None,
) -> dict[int, tuple[int, ...]]:
    """Multiple answers for everyone in ``pool`` (each gets at least one code).

    ``counts``: code -> number of respondents ticking it. ``exclusive``: the code that must stand alone
    (特にない). ``tilt``: code -> {group: factor}, pushes that group's share above/below the overall
    share. ``exact``: code -> {group: count}, fixed counts within groups (the rest of the code's count
    goes to the other groups). The result maps respondent -> sorted codes.
    """
    people = sorted(pool)
    base = len(people)
    chosen: dict[int, set[int]] = {p: set() for p in people}
    in_group: dict[int, list[int]] = {}
    for p in people:
        in_group.setdefault(group_of[p], []).append(p)
    rest = set(people)
    if exclusive is not None and counts.get(exclusive, 0):
        picked = _pick(
            rng,
            exclusive,
            counts[exclusive],
            rest,
            base,
            in_group,
            group_of,
            exclusive_weight or weight,
            tilt,
            exact,
        )
        for p in picked:
            chosen[p].add(exclusive)
        rest -= set(picked)
    for code, n in counts.items():
        if code == exclusive or n == 0:
            continue
        for p in _pick(rng, code, n, rest, base, in_group, group_of, weight, tilt, exact):
            chosen[p].add(code)
    _repair_empty(rng, chosen, rest, group_of)
    return {p: tuple(sorted(codes)) for p, codes in chosen.items()}


def _pick(
    rng: random.Random,
    code: int,
    n: int,
    eligible: set[int],
    base: int,
    in_group: Mapping[int, list[int]],
    group_of: Mapping[int, int],
    weight: Weight | None,
    tilt: Mapping[int, Mapping[int, float]] | None,
    exact: Mapping[int, Mapping[int, int]] | None,
) -> list[int]:
    quotas: dict[int, int] = dict((exact or {}).get(code, {}))
    for group, factor in (tilt or {}).get(code, {}).items():
        capacity = sum(1 for p in in_group.get(group, []) if p in eligible)
        quotas[group] = tilted_quota(n, base, len(in_group.get(group, [])), factor, capacity)
    picked: list[int] = []
    for group, q in sorted(quotas.items()):
        members = [p for p in in_group.get(group, []) if p in eligible]
        picked += weighted_sample(rng, members, q, weight)
    others = [p for p in eligible if group_of[p] not in quotas]
    remaining = n - len(picked)
    if remaining < 0:
        raise PlanError(f"code {code}: group quotas {quotas} exceed count {n}")
    picked += weighted_sample(rng, others, remaining, weight)
    return picked


def _repair_empty(
    rng: random.Random, chosen: dict[int, set[int]], rest: set[int], group_of: Mapping[int, int]
) -> None:
    """Move one tick from a same-group donor with two or more ticks to each empty respondent."""
    for person in sorted(rest):
        if chosen[person]:
            continue
        donors = sorted(d for d in rest if group_of[d] == group_of[person] and len(chosen[d]) >= 2)
        if not donors:
            raise PlanError(f"respondent {person}: no donor in group {group_of[person]}")
        donor = rng.choice(donors)
        code = rng.choice(sorted(chosen[donor]))
        chosen[donor].remove(code)
        chosen[person].add(code)


def pick_one(rng: random.Random, pool: Sequence[int]) -> int:
    return rng.choice(sorted(pool))
