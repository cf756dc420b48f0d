"""What a chart draws, taken from the tabulation results (``SimpleTable`` / ``CrossTab``), and its labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from renkei_desktop.crosstab import CrossGroup, CrossTab
from renkei_desktop.items import NO_ANSWER, TabItem
from renkei_desktop.tabulate import SimpleTable

MULTI_NOTE = "（複数回答可）"
UNKNOWN_WORDS = ("わからない", "分からない")


@dataclass(frozen=True)
class Category:
    code: int | str
    label: str  # as drawn: "1.在宅医療・介護連携推進事業", "無回答"
    raw: str = ""  # the option wording alone

    @property
    def is_no_answer(self) -> bool:
        return self.code == NO_ANSWER

    @property
    def is_unknown(self) -> bool:
        return (self.raw or self.label).strip() in UNKNOWN_WORDS


@dataclass(frozen=True)
class Series:
    """One bar (stacked charts) or one set of bars (bar charts): a group of respondents and its counts."""

    label: str
    base: int
    counts: tuple[int, ...]
    percents: tuple[float | None, ...]


def option_label(code: int | str, label: str) -> str:
    """The report's style: ``1.在宅医療・介護連携推進事業``; 無回答 has no number."""
    return f"{code}.{label}" if isinstance(code, int) else label


def categories_of(table: SimpleTable, include_no_answer: bool = True) -> tuple[Category, ...]:
    return tuple(
        Category(r.code, option_label(r.code, r.label), r.label)
        for r in table.rows
        if include_no_answer or r.code != NO_ANSWER
    )


def series_of(table: SimpleTable, label: str, include_no_answer: bool = True) -> Series:
    rows = [r for r in table.rows if include_no_answer or r.code != NO_ANSWER]
    return Series(label, table.base, tuple(r.count for r in rows), tuple(r.percent for r in rows))


def crosstab_categories(ct: CrossTab, include_no_answer: bool = True) -> tuple[Category, ...]:
    return tuple(
        Category(code, option_label(code, label), label)
        for code, label in ct.columns
        if include_no_answer or code != NO_ANSWER
    )


def _group_series(group: CrossGroup, keep: Sequence[bool]) -> Series:
    counts = [n for n, k in zip(group.counts, keep, strict=True) if k]
    pcts = [p for p, k in zip(group.percents, keep, strict=True) if k]
    return Series(group.label, group.base, tuple(counts), tuple(pcts))


def crosstab_series(
    ct: CrossTab, *, include_total: bool = True, total_first: bool = True, include_no_answer: bool = True
) -> list[Series]:
    """One series per row group, and the 全体 row (first or last)."""
    keep = [include_no_answer or code != NO_ANSWER for code, _ in ct.columns]
    groups = [_group_series(g, keep) for g in ct.groups]
    if not include_total:
        return groups
    total = _group_series(ct.total, keep)
    return [total, *groups] if total_first else [*groups, total]


def n_text(n: int, symbol: str = "N") -> str:
    return f"{symbol}={n:,}"


def with_n(label: str, n: int, symbol: str = "n") -> str:
    return f"{label}（{n_text(n, symbol)}）"


def percent_text(value: float | None, sign: bool = True) -> str:
    if value is None:
        return "－"
    return f"{value:.1f}%" if sign else f"{value:.1f}"


def item_title(item: TabItem) -> str:
    """A default chart title for any item: number, wording without its "(1)" prefix, scope."""
    text = item.title
    if text.startswith("(") and ")" in text[:5]:
        text = text[text.index(")") + 1 :]
    scope = f"（{item.scope_label}）" if item.scope_label else ""
    return f"{item.number} {text}{scope}"


def chart_title(title: str, *, n: int | None = None, multi: bool = False) -> str:
    """``title（複数回答可）（N=248）``: the multi note unless the title already says 複数回答."""
    if multi and "複数回答" not in title:
        title += MULTI_NOTE
    if n is not None:
        title += f"（{n_text(n)}）"
    return title
