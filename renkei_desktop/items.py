"""The tabulated items of a survey (codebook items, table columns, derived variables) and their bases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from renkei_desktop.bands import bands_for
from renkei_desktop.codebook import Codebook, Question
from renkei_desktop.dataset import Respondent
from renkei_desktop.validation import ItemStatus

STAGE_DIFFERENCE = "stage_difference"
STAGE_CODES = (1, 2, 3, 4, 5)
SCOPE_LABELS = {
    "med": "医療・介護・福祉分野を担当している部課室",
    "oth": "医療・介護・福祉分野以外を担当している部課室",
}
NO_ANSWER = "no_answer"
NO_ANSWER_LABEL = "無回答"

# kinds: single, multi, bands, prefecture, rank, table_column, derived
MULTI_KINDS = frozenset({"multi", "rank", "table_column"})


@dataclass(frozen=True)
class TabItem:
    survey: str
    item_id: str
    question_id: str
    number: str
    title: str
    kind: str
    base_rule: str
    options: tuple[tuple[int, str], ...]
    scope: str | None = None

    @property
    def is_multi(self) -> bool:
        return self.kind in MULTI_KINDS

    @property
    def has_no_answer_row(self) -> bool:
        return self.base_rule in ("all", "asked") and self.kind != "prefecture"

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS.get(self.scope or "", "")


def _options(question: Question) -> tuple[tuple[int, str], ...]:
    if question.type in ("integer", "decimal"):
        return tuple((b.index, b.label) for b in bands_for(question.id))
    return tuple((o.code, o.display_label) for o in question.options)


def _kind(question: Question) -> str:
    return {
        "single": "single",
        "multi": "multi",
        "integer": "bands",
        "decimal": "bands",
        "prefecture": "prefecture",
        "rank": "rank",
    }[question.type]


def tab_items(codebook: Codebook) -> list[TabItem]:
    """Every tabulated item of a survey, in form order."""
    items: list[TabItem] = []
    for q in codebook.questions:
        if q.type == "table":
            for col in q.columns:
                if col.type == "single" and (col.base or q.base):
                    items.append(
                        TabItem(
                            codebook.survey,
                            f"{q.id}.{col.key}",
                            q.id,
                            col.number,
                            col.label,
                            "table_column",
                            col.base or q.base or "answered",
                            tuple((o.code, o.display_label) for o in col.options),
                            q.scope,
                        )
                    )
            continue
        if q.base is None:
            continue
        items.append(
            TabItem(
                codebook.survey, q.id, q.id, q.number, q.short_text, _kind(q), q.base, _options(q), q.scope
            )
        )
    return items


def stage_difference_item() -> TabItem:
    codes = tuple((d, f"{d:+d}段階" if d else "0（現状維持）") for d in range(-4, 5))
    return TabItem(
        "municipal",
        STAGE_DIFFERENCE,
        "Q8_1_current",
        "質問8-(1)",
        "現状と目指したい連携の段階の差分",
        "derived",
        "answered",
        codes,
    )


def find_item(codebook: Codebook, item_id: str) -> TabItem:
    if item_id == STAGE_DIFFERENCE and codebook.survey == "municipal":
        return stage_difference_item()
    for item in tab_items(codebook):
        if item.item_id == item_id:
            return item
    raise KeyError(f"{codebook.survey}: no tabulated item {item_id!r}")


def stage_difference(respondent: Respondent) -> int | None:
    current = respondent.values.get("Q8_1_current")
    target = respondent.values.get("Q8_1_target")
    if current in STAGE_CODES and target in STAGE_CODES:
        return int(target) - int(current)
    return None


def item_value(item: TabItem, respondent: Respondent) -> Any:
    """The respondent's effective answer to the item (a code, a set of codes, a number or None)."""
    if item.item_id == STAGE_DIFFERENCE:
        return stage_difference(respondent)
    return respondent.values.get(item.item_id)


def is_asked(item: TabItem, respondent: Respondent) -> bool:
    if item.item_id == STAGE_DIFFERENCE:
        return True
    status = respondent.statuses.get(item.question_id)
    return status not in (ItemStatus.NOT_ASKED, ItemStatus.NOT_ASKED_BUT_ANSWERED)


def has_answer(value: Any) -> bool:
    return value is not None and value != frozenset() and value != ()


def base_members(item: TabItem, respondents: Iterable[Respondent]) -> list[Respondent]:
    """The respondents in the item's base (N) under its base rule."""
    asked = [r for r in respondents if is_asked(item, r)]
    if item.base_rule == "answered":
        return [r for r in asked if has_answer(item_value(item, r))]
    return asked
