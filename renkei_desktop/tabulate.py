"""Simple tabulation (単純集計) with the report's base (N) conventions, and response rates.

Results are plain frozen data classes (with ``to_frame()``) consumed by the exporters, the chart
builders and the Qt models alike.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from renkei_desktop.bands import band_of, percent, round_half_up
from renkei_desktop.codebook import SURVEYS
from renkei_desktop.dataset import Dataset, Respondent
from renkei_desktop.items import (
    NO_ANSWER,
    NO_ANSWER_LABEL,
    TabItem,
    base_members,
    find_item,
    has_answer,
    item_value,
    tab_items,
)


@dataclass(frozen=True)
class TabRow:
    code: int | str  # option code, band index or "no_answer"
    label: str
    count: int
    percent: float | None


@dataclass(frozen=True)
class SimpleTable:
    item: TabItem
    base: int
    rows: tuple[TabRow, ...]
    stats: dict[str, float] | None = None  # numeric items: min, max, mean, median

    @property
    def survey(self) -> str:
        return self.item.survey

    @property
    def item_id(self) -> str:
        return self.item.item_id

    @property
    def option_rows(self) -> tuple[TabRow, ...]:
        return tuple(r for r in self.rows if r.code != NO_ANSWER)

    def row(self, code: int | str) -> TabRow:
        return next(r for r in self.rows if r.code == code)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [(r.code, r.label, r.count, r.percent) for r in self.rows],
            columns=["option_code", "option_label", "count", "percent"],
        )


def codes_of(item: TabItem, respondent: Respondent) -> frozenset[int]:
    """The option codes a respondent counts in (empty when no answer)."""
    value = item_value(item, respondent)
    if item.kind == "prefecture":
        return frozenset({int(respondent.body.prefecture_code)})
    if not has_answer(value):
        return frozenset()
    if item.kind == "bands":
        band = band_of(item.item_id, value)
        return frozenset() if band is None else frozenset({band})
    if isinstance(value, frozenset | set | tuple):
        return frozenset(int(v) for v in value)
    return frozenset({int(value)})


def _numeric_stats(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {
        "min": min(values),
        "max": max(values),
        "mean": round_half_up(statistics.fmean(values), 1),
        "median": round_half_up(statistics.median(values), 1),
    }


def simple_table(item: TabItem, respondents: Iterable[Respondent]) -> SimpleTable:
    members = base_members(item, respondents)
    base = len(members)
    counts: Counter[int] = Counter()
    blank = 0
    for r in members:
        codes = codes_of(item, r)
        if codes:
            counts.update(codes)
        else:
            blank += 1
    rows = [TabRow(code, label, counts[code], percent(counts[code], base)) for code, label in item.options]
    if item.has_no_answer_row:
        rows.append(TabRow(NO_ANSWER, NO_ANSWER_LABEL, blank, percent(blank, base)))
    stats = None
    if item.kind == "bands":
        stats = _numeric_stats(
            [float(item_value(item, r)) for r in members if has_answer(item_value(item, r))]
        )
    return SimpleTable(item, base, tuple(rows), stats)


def for_targets(item: TabItem, dataset: Dataset) -> TabItem:
    """A 都県 item lists the target list's prefectures (the form's 10 for the bureau, 47 nationwide)."""
    if item.kind != "prefecture":
        return item
    names = dict.fromkeys((int(b.prefecture_code), b.prefecture) for b in dataset.targets.bodies(item.survey))
    return dataclasses.replace(item, options=tuple(names)) if names else item


def tabulate_survey(dataset: Dataset, survey: str) -> list[SimpleTable]:
    respondents = dataset.of(survey)
    return [
        simple_table(for_targets(item, dataset), respondents) for item in tab_items(dataset.codebooks[survey])
    ]


def tabulate_all(dataset: Dataset) -> dict[str, list[SimpleTable]]:
    return {survey: tabulate_survey(dataset, survey) for survey in SURVEYS}


def table_for(dataset: Dataset, survey: str, item_id: str) -> SimpleTable:
    return simple_table(
        for_targets(find_item(dataset.codebooks[survey], item_id), dataset), dataset.of(survey)
    )


@dataclass(frozen=True)
class ResponseRate:
    prefecture_code: str | None  # None on the 全体 row
    prefecture: str
    returned: int
    targets: int

    @property
    def rate(self) -> float | None:
        return percent(self.returned, self.targets)


def response_rates(dataset: Dataset, survey: str) -> list[ResponseRate]:
    """回答数 / 対象数 / 回答率 per prefecture (in master-list order) and in total (参考資料①)."""
    order: dict[str, str] = {}
    targets: dict[str, int] = {}
    for body in dataset.targets.bodies(survey):
        order.setdefault(body.prefecture_code, body.prefecture)
        targets[body.prefecture_code] = targets.get(body.prefecture_code, 0) + 1
    returned: dict[str, int] = {}
    for r in dataset.of(survey):
        returned[r.body.prefecture_code] = returned.get(r.body.prefecture_code, 0) + 1
    rows = [ResponseRate(code, name, returned.get(code, 0), targets[code]) for code, name in order.items()]
    rows.append(ResponseRate(None, "全体", sum(returned.values()), sum(targets.values())))
    return rows


if TYPE_CHECKING:  # pandas is imported only when a frame is asked for (keeps the CLI start fast)
    import pandas as pd
