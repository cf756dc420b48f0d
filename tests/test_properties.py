"""Property tests of the tabulation on datasets drawn from the sample workbooks (hypothesis).

The sample's 258 workbooks are read once; each example builds a dataset from a random subset of
those reads (``build_dataset`` is pure), possibly shuffled, renamed or with duplicated files, and
checks invariants of the simple tables and cross tables:

* counts never exceed their base, and every share is at most 100 % (multi-answer shares may sum to
  more than 100 %; single-answer rows plus 無回答 add up to the base exactly);
* the order of the files and their names never change a number;
* a duplicated file changes nothing but the duplicate list;
* the 全体 row of a cross table equals the simple table of the same item.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei_desktop.codebook import load_codebooks
from renkei_desktop.crosstab import crosstab, row_variables
from renkei_desktop.items import NO_ANSWER, tab_items
from renkei_desktop.loader import build_dataset
from renkei_desktop.tabulate import simple_table, tabulate_all
from renkei_desktop.targets import resolve_targets
from renkei_desktop.workbooks.reader import FileRead, read_workbook

CODEBOOKS = load_codebooks()
TARGETS = resolve_targets(None)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def reads() -> list[FileRead]:
    from renkei_desktop.sample import ensure_sample

    root = ensure_sample()
    files = sorted(p for p in root.rglob("*.xlsx"))
    out = [read_workbook(p, p.relative_to(root).as_posix(), CODEBOOKS) for p in files]
    assert all(r.ok for r in out) and len(out) > 200
    return out


def _numbers(tables: dict) -> dict:
    """Every number of every simple table, keyed by (survey, item, option)."""
    return {
        (survey, t.item_id, row.code): (row.count, row.percent, t.base)
        for survey, ts in tables.items()
        for t in ts
        for row in t.rows
    } | {
        (survey, t.item_id, "stats"): tuple(sorted((t.stats or {}).items()))
        for survey, ts in tables.items()
        for t in ts
    }


subsets = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=40, unique=True)


def _pick(reads: list[FileRead], picks: list[int]) -> list[FileRead]:
    return [reads[i % len(reads)] for i in dict.fromkeys(i % len(reads) for i in picks)]


@SETTINGS
@given(picks=subsets)
def test_counts_within_bases(reads, picks):
    data = build_dataset(_pick(reads, picks), TARGETS, CODEBOOKS)
    for survey, tables in tabulate_all(data).items():
        n = len(data.of(survey))
        for t in tables:
            assert 0 <= t.base <= n
            for row in t.rows:
                assert 0 <= row.count <= t.base, (t.item_id, row)
                if row.percent is not None:
                    assert 0 <= row.percent <= 100.0
                else:
                    assert t.base == 0
            if t.item.kind in ("single", "bands", "prefecture") and t.base:
                assert sum(r.count for r in t.rows) == t.base, t.item_id
            if t.item.kind == "multi" and t.base:
                answered = t.base - sum(r.count for r in t.rows if r.code == NO_ANSWER)
                assert sum(r.count for r in t.option_rows) >= answered  # may exceed: several choices


@SETTINGS
@given(picks=subsets, seed=st.integers(0, 2**32 - 1))
def test_order_and_names_never_change_a_number(reads, picks, seed):
    chosen = _pick(reads, picks)
    reference = _numbers(tabulate_all(build_dataset(chosen, TARGETS, CODEBOOKS)))
    rng = random.Random(seed)
    shuffled = chosen[:]
    rng.shuffle(shuffled)
    assert _numbers(tabulate_all(build_dataset(shuffled, TARGETS, CODEBOOKS))) == reference
    renamed = [
        dataclasses.replace(r, display=f"受信/{rng.getrandbits(32):08x}.xlsx", path=f"/x/{i}.xlsx")
        for i, r in enumerate(shuffled)
    ]
    assert _numbers(tabulate_all(build_dataset(renamed, TARGETS, CODEBOOKS))) == reference


@SETTINGS
@given(picks=subsets, which=st.integers(0, 10_000), newer=st.booleans())
def test_duplicate_changes_only_the_duplicate_list(reads, picks, which, newer):
    chosen = _pick(reads, picks)
    original = chosen[which % len(chosen)]
    copy = dataclasses.replace(
        original,
        display="再提出/" + original.display.rsplit("/", 1)[-1],
        mtime=original.mtime + (60 if newer else -60),
        raw=dict(original.raw),
    )
    before = build_dataset(chosen, TARGETS, CODEBOOKS)
    after = build_dataset([*chosen, copy], TARGETS, CODEBOOKS)
    assert _numbers(tabulate_all(after)) == _numbers(tabulate_all(before))
    dup_rows = [r for r in after.status_rows if r.status == "duplicate"]
    assert len(dup_rows) == 1 + sum(1 for r in before.status_rows if r.status == "duplicate")
    assert {r.file for r in dup_rows} - {r.file for r in before.status_rows if r.status == "duplicate"} == {
        original.display if newer else copy.display
    }
    returned = lambda d: {(r.survey, r.code) for r in d.status_rows if r.status == "returned"}  # noqa: E731
    assert returned(after) == returned(before)
    kinds = lambda d: sorted(f.kind for f in d.findings)  # noqa: E731
    assert (
        kinds(after) == sorted([*kinds(before), "duplicate"]) or len(kinds(after)) == len(kinds(before)) + 1
    )


@SETTINGS
@given(picks=subsets, item_pick=st.integers(0, 10_000), row_pick=st.integers(0, 10_000))
def test_cross_tables(reads, picks, item_pick, row_pick):
    data = build_dataset(_pick(reads, picks), TARGETS, CODEBOOKS)
    for survey in ("municipal", "prefectural"):
        respondents = data.of(survey)
        items = [i for i in tab_items(CODEBOOKS[survey]) if i.kind in ("single", "multi", "bands")]
        variables = row_variables(CODEBOOKS[survey], respondents)
        if not items or not variables:
            continue
        item = items[item_pick % len(items)]
        variable = variables[row_pick % len(variables)]
        ct = crosstab(data, survey, item.item_id, variable.key)
        for group in (*ct.groups, ct.total):
            assert all(0 <= n <= group.base for n in group.counts)
            assert all(p is None or 0 <= p <= 100.0 for p in group.percents)
        assert sum(g.base for g in ct.groups) <= ct.total.base
        simple = simple_table(item, respondents)
        assert ct.total.base == simple.base
        assert list(ct.total.counts) == [r.count for r in simple.rows]
