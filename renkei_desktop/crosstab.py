"""Cross tabulation (クロス集計) of any item by a categorical row variable.

Each group's base is the group's part of the item's base; percents are row percents (of respondents,
so a multi-answer row can add up to more than 100 %). The 全体 row is the simple tabulation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from renkei_desktop.bands import band_of, bands_for, percent
from renkei_desktop.codebook import Codebook
from renkei_desktop.dataset import Dataset, Respondent
from renkei_desktop.items import (
    NO_ANSWER,
    NO_ANSWER_LABEL,
    STAGE_DIFFERENCE,
    TabItem,
    base_members,
    find_item,
    stage_difference,
    stage_difference_item,
)
from renkei_desktop.tabulate import codes_of

TOTAL_LABEL = "全体"


@dataclass(frozen=True)
class RowVariable:
    key: str
    label: str
    groups: tuple[tuple[int, str], ...]
    group_of: Callable[[Respondent], int | None]


def _band_group(item_id: str, respondent: Respondent) -> int | None:
    return band_of(item_id, respondent.values.get(item_id))


def _answer_group(item_id: str, respondent: Respondent) -> int | None:
    value = respondent.values.get(item_id)
    return value if isinstance(value, int) else None


def _band_variable(key: str, item_id: str, label: str) -> RowVariable:
    return RowVariable(
        key,
        label,
        tuple((b.index, b.label) for b in bands_for(item_id)),
        functools.partial(_band_group, item_id),
    )


def row_variables(codebook: Codebook, respondents: Sequence[Respondent] = ()) -> list[RowVariable]:
    """The row variables a user can pick for a survey."""
    variables: list[RowVariable] = []
    if codebook.survey == "municipal":
        variables += [
            _band_variable("population_band", "Q3_population", "人口規模"),
            _band_variable("aging_band", "Q3_aging_rate", "高齢化率区分"),
            _band_variable("care_band", "Q3_care_rate", "要介護認定率区分"),
        ]
    prefectures = dict(sorted({(int(r.body.prefecture_code), r.body.prefecture) for r in respondents}))
    pref_q = codebook.by_id.get("Q1_prefecture")
    if pref_q is not None:
        prefectures = {o.code: o.label for o in pref_q.options} | prefectures
    variables.append(
        RowVariable(
            "prefecture",
            "都県",
            tuple(sorted(prefectures.items())),
            lambda r: int(r.body.prefecture_code),
        )
    )
    for q in codebook.questions:
        if q.type == "single" and q.base is not None:
            variables.append(
                RowVariable(
                    f"item:{q.id}",
                    f"{q.number} {q.short_text}"[:60],
                    tuple((o.code, o.display_label) for o in q.options),
                    functools.partial(_answer_group, q.id),
                )
            )
    if codebook.survey == "municipal":
        variables.append(
            RowVariable(
                STAGE_DIFFERENCE,
                "段階の差分（目指したい−現在）",
                stage_difference_item().options,
                stage_difference,
            )
        )
    return variables


def find_row_variable(codebook: Codebook, key: str, respondents: Sequence[Respondent] = ()) -> RowVariable:
    for var in row_variables(codebook, respondents):
        if var.key == key:
            return var
    raise KeyError(f"{codebook.survey}: no row variable {key!r}")


@dataclass(frozen=True)
class CrossGroup:
    code: int | None  # None on the 全体 row
    label: str
    base: int
    counts: tuple[int, ...]

    @property
    def percents(self) -> tuple[float | None, ...]:
        return tuple(percent(n, self.base) for n in self.counts)


@dataclass(frozen=True)
class CrossTab:
    item: TabItem
    row_variable: RowVariable
    columns: tuple[tuple[int | str, str], ...]
    groups: tuple[CrossGroup, ...]
    total: CrossGroup

    def group(self, code: int | None) -> CrossGroup:
        return self.total if code is None else next(g for g in self.groups if g.code == code)

    def count(self, group: int | None, column: int | str) -> int:
        return self.group(group).counts[[c for c, _ in self.columns].index(column)]

    def share(self, group: int | None, columns: Iterable[int | str]) -> tuple[int, int]:
        """(respondents choosing any of ``columns``, base) in a group: e.g. 4+5 of 図表19."""
        wanted = set(columns)
        g = self.group(group)
        return sum(n for (c, _), n in zip(self.columns, g.counts, strict=True) if c in wanted), g.base

    def to_frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(counts with a base column, row percents) indexed by group label."""
        import pandas as pd

        labels = [label for _, label in self.columns]
        rows = [*self.groups, self.total]
        index = [g.label for g in rows]
        counts = pd.DataFrame([g.counts for g in rows], index=index, columns=labels)
        counts.insert(0, "N", [g.base for g in rows])
        percents = pd.DataFrame([g.percents for g in rows], index=index, columns=labels)
        return counts, percents


def crosstab(
    dataset: Dataset,
    survey: str,
    item_id: str,
    row_key: str,
    *,
    row_codes: Sequence[int] | None = None,
    column_codes: Sequence[int] | None = None,
) -> CrossTab:
    """Cross-tabulate ``item_id`` by the row variable ``row_key``.

    ``row_codes`` keeps only those groups; ``column_codes`` keeps only respondents whose answer is one
    of those codes (e.g. 図表22: current 1–5 × target 1–5, わからない and 無回答 excluded).
    """
    codebook = dataset.codebooks[survey]
    respondents = dataset.of(survey)
    item = find_item(codebook, item_id)
    variable = find_row_variable(codebook, row_key, respondents)
    members = base_members(item, respondents)
    if column_codes is not None:
        keep = set(column_codes)
        members = [r for r in members if codes_of(item, r) and codes_of(item, r) <= keep]
        columns: tuple[tuple[int | str, str], ...] = tuple((c, lbl) for c, lbl in item.options if c in keep)
    else:
        columns = tuple(item.options)
        if item.has_no_answer_row:
            columns += ((NO_ANSWER, NO_ANSWER_LABEL),)
    groups_spec = [g for g in variable.groups if row_codes is None or g[0] in set(row_codes)]
    group_codes = {code for code, _ in groups_spec}

    def tally(rs: list[Respondent], code: int | None, label: str) -> CrossGroup:
        selections = [codes_of(item, r) for r in rs]
        counts = tuple(
            sum(1 for s in selections if not s) if c == NO_ANSWER else sum(1 for s in selections if c in s)
            for c, _ in columns
        )
        return CrossGroup(code, label, len(rs), counts)

    by_group: dict[int, list[Respondent]] = {code: [] for code in group_codes}
    for r in members:
        g = variable.group_of(r)
        if g in by_group:
            by_group[g].append(r)
    groups = tuple(tally(by_group[code], code, label) for code, label in groups_spec)
    in_groups = (
        [r for r in members if variable.group_of(r) in group_codes] if row_codes is not None else members
    )
    return CrossTab(item, variable, columns, groups, tally(in_groups, None, TOTAL_LABEL))


if TYPE_CHECKING:  # pandas is imported only when a frame is asked for (keeps the CLI start fast)
    import pandas as pd
