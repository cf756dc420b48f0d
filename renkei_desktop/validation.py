"""Per-item status with skip logic: answered / unanswered / not asked / not asked but answered /
invalid value / exclusive conflict.

Skip logic is evaluated on *effective* answers, in form order: an invalid answer or an answer to an
item that was not asked is never effective, so it can never make a later item asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from renkei_desktop import findings as fk
from renkei_desktop.answers import ParsedItem, parse_answers, table_column_codes
from renkei_desktop.codebook import Codebook, Question
from renkei_desktop.conditions import is_answered


class ItemStatus(StrEnum):
    ANSWERED = "answered"
    UNANSWERED = "unanswered"
    NOT_ASKED = "not_asked"
    NOT_ASKED_BUT_ANSWERED = "not_asked_but_answered"
    INVALID = "invalid_value"
    EXCLUSIVE_CONFLICT = "exclusive_conflict"


STATUS_LABELS = {
    ItemStatus.ANSWERED: "回答済",
    ItemStatus.UNANSWERED: "未回答",
    ItemStatus.NOT_ASKED: "対象外",
    ItemStatus.NOT_ASKED_BUT_ANSWERED: "要確認（回答不要の設問に回答）",
    ItemStatus.INVALID: "要確認（不正な値）",
    ItemStatus.EXCLUSIVE_CONFLICT: "要確認（排他選択の矛盾）",
}
SHORT_SCOPE_LABELS = {"med": "医療・介護・福祉分野", "oth": "それ以外の分野"}
QUERY_STATUSES = frozenset(
    {ItemStatus.NOT_ASKED_BUT_ANSWERED, ItemStatus.INVALID, ItemStatus.EXCLUSIVE_CONFLICT}
)


@dataclass(frozen=True)
class ItemFinding:
    """A finding about one item, before the file and respondent are attached."""

    question_id: str
    cell: str | None  # codebook address
    kind: str
    message: str
    raw: str | None = None


@dataclass
class Validated:
    values: dict[str, Any] = field(default_factory=dict)  # effective answers (None = no answer)
    statuses: dict[str, ItemStatus] = field(default_factory=dict)
    findings: list[ItemFinding] = field(default_factory=list)
    other_texts: dict[str, dict[int, str]] = field(default_factory=dict)


def describe_condition(question: Question, codebook: Codebook) -> str:
    """``Q6_1_med == 1`` → 「質問6-(1)で『連携している』を選んだ」 (Japanese, for messages)."""
    if question.asked_if is None:
        return ""
    groups = []
    for group in question.asked_if.any_of:
        parts = []
        for clause in group:
            target = codebook.by_id.get(clause.item_id)
            number = target.number if target else clause.item_id
            if target and target.scope:
                number += f"（{SHORT_SCOPE_LABELS.get(target.scope, target.scope)}）"
            option = target.option(clause.code) if target and clause.code is not None else None
            label = f"『{option.display_label}』" if option else str(clause.code)
            parts.append(
                {
                    "==": f"{number}で{label}を選んだ",
                    "!=": f"{number}で{label}以外を選んだ",
                    "has": f"{number}で{label}に○を付けた",
                    "lacks": f"{number}で{label}に○を付けていない",
                    "answered": f"{number}に回答した",
                }[clause.op]
            )
        groups.append("かつ".join(parts))
    return "、または".join(groups)


def _first_cell(question: Question) -> str | None:
    cells = question.answer_cells()
    return cells[0] if cells else None


def _exclusive_conflict(question: Question, value: Any) -> bool:
    if question.type != "multi" or not value or len(value) < 2:
        return False
    exclusive = {o.code for o in question.options if o.exclusive}
    return bool(exclusive & value)


def _wants_unanswered_finding(question: Question) -> bool:
    if question.type in ("text", "municipality"):
        return question.required
    return question.type != "table" or question.base is not None


def validate_raw(raw: dict[str, Any], codebook: Codebook) -> Validated:
    """Parse and validate the raw cell values of one file (pure and per file: it runs in the reading
    worker processes, next to the reading)."""
    return validate(parse_answers(raw, codebook), codebook)


def validate(parsed: dict[str, ParsedItem], codebook: Codebook) -> Validated:
    """Statuses, effective values and findings of every item, in codebook order (skip logic sees the
    effective values of the items before it)."""
    out = Validated()
    for q in codebook.questions:
        item = parsed[q.id]
        asked = q.asked_if is None or q.asked_if.evaluate(lambda qid: out.values.get(qid))
        if asked:
            _check_asked(q, item, out)
        else:
            _check_not_asked(q, item, codebook, out)
    return out


def _check_not_asked(q: Question, item: ParsedItem, codebook: Codebook, out: Validated) -> None:
    if item.has_content:
        out.statuses[q.id] = ItemStatus.NOT_ASKED_BUT_ANSWERED
        out.findings.append(
            ItemFinding(
                q.id,
                _first_cell(q),
                fk.NOT_ASKED_BUT_ANSWERED,
                f"{q.number}: この設問は{describe_condition(q, codebook)}場合に回答します。"
                "回答不要なのに回答があるため、集計から除外しました",
            )
        )
    else:
        out.statuses[q.id] = ItemStatus.NOT_ASKED
    out.values[q.id] = None


def _check_asked(q: Question, item: ParsedItem, out: Validated) -> None:
    value = item.value
    for bad in item.bad:
        out.findings.append(
            ItemFinding(
                q.id,
                bad.cell,
                fk.INVALID_VALUE,
                f"{q.number}: 「{bad.raw}」は読み取れません（{bad.reason}）。無回答として扱います",
                bad.raw,
            )
        )
    if item.other_texts:
        out.other_texts[q.id] = dict(item.other_texts)
    if item.bad:
        out.statuses[q.id] = ItemStatus.INVALID
    elif not is_answered(value):
        out.statuses[q.id] = ItemStatus.UNANSWERED
        if _wants_unanswered_finding(q):
            out.findings.append(ItemFinding(q.id, _first_cell(q), fk.UNANSWERED, f"{q.number}: 未回答です"))
    elif _exclusive_conflict(q, value):
        out.statuses[q.id] = ItemStatus.EXCLUSIVE_CONFLICT
        labels = "、".join(o.display_label for o in q.options if o.exclusive and o.code in value)
        out.findings.append(
            ItemFinding(
                q.id,
                next((o.cell for o in q.options if o.exclusive and o.code in value), None),
                fk.EXCLUSIVE_CONFLICT,
                f"{q.number}: 「{labels}」と他の選択肢が同時に選ばれています（そのまま集計します）",
            )
        )
    else:
        out.statuses[q.id] = ItemStatus.ANSWERED
    out.values[q.id] = value if is_answered(value) else None
    if q.type == "table":
        for col in q.columns:
            if col.type == "single":
                out.values[f"{q.id}.{col.key}"] = table_column_codes(out.values[q.id], col.key)
