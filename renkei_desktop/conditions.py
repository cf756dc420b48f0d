"""Skip-logic conditions (``asked_if``) of the codebooks: parse once, evaluate per respondent.

Grammar (from the codebook's ``condition_syntax``)::

    expr   := clause ((' and ' | ' or ') clause)*      # 'and' binds tighter than 'or'; no parentheses
    clause := ID '==' k | ID '!=' k | ID 'has' k | ID 'lacks' k | ID 'answered'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

_CLAUSE = re.compile(
    r"^(?P<id>[A-Za-z][A-Za-z0-9_.]*)\s+(?P<op>==|!=|has|lacks|answered)(?:\s+(?P<k>-?\d+))?$"
)


class ConditionError(ValueError):
    """A condition that does not follow the documented syntax or names an unknown item."""


@dataclass(frozen=True)
class Clause:
    item_id: str
    op: str
    code: int | None

    def evaluate(self, value_of: Callable[[str], Any]) -> bool:
        value = value_of(self.item_id)
        if self.op == "answered":
            return is_answered(value)
        if self.op == "==":
            return bool(value == self.code)
        if self.op == "!=":
            return is_answered(value) and value != self.code
        selected = value if isinstance(value, frozenset | set | tuple) else frozenset()
        if self.op == "has":
            return self.code in selected
        return self.code not in selected  # lacks

    def __str__(self) -> str:
        return f"{self.item_id} {self.op}" + ("" if self.code is None else f" {self.code}")


@dataclass(frozen=True)
class Condition:
    """A disjunction of conjunctions of clauses."""

    text: str
    any_of: tuple[tuple[Clause, ...], ...]

    @property
    def clauses(self) -> Iterable[Clause]:
        for group in self.any_of:
            yield from group

    @property
    def item_ids(self) -> frozenset[str]:
        return frozenset(c.item_id for c in self.clauses)

    def evaluate(self, value_of: Callable[[str], Any]) -> bool:
        return any(all(c.evaluate(value_of) for c in group) for group in self.any_of)


def is_answered(value: Any) -> bool:
    """True for a non-empty effective answer (a code, a number, text, or a non-empty selection)."""
    if value is None:
        return False
    if isinstance(value, frozenset | set | tuple | list | str):
        return len(value) > 0
    return True


def parse_condition(text: str, known_ids: Iterable[str] | None = None) -> Condition:
    """Parse an ``asked_if`` expression; with ``known_ids``, reject references to unknown items."""
    if not text or not text.strip():
        raise ConditionError("empty condition")
    known = None if known_ids is None else set(known_ids)
    groups: list[tuple[Clause, ...]] = []
    for disjunct in text.strip().split(" or "):
        clauses: list[Clause] = []
        for raw in disjunct.split(" and "):
            clause = _parse_clause(raw.strip(), text)
            if known is not None and clause.item_id not in known:
                raise ConditionError(f"condition {text!r} refers to unknown item {clause.item_id!r}")
            clauses.append(clause)
        groups.append(tuple(clauses))
    return Condition(text=text.strip(), any_of=tuple(groups))


def _parse_clause(raw: str, whole: str) -> Clause:
    match = _CLAUSE.match(raw)
    if not match:
        raise ConditionError(f"cannot parse clause {raw!r} in condition {whole!r}")
    op, k = match.group("op"), match.group("k")
    if op == "answered":
        if k is not None:
            raise ConditionError(f"'answered' takes no value in {whole!r}")
        return Clause(match.group("id"), op, None)
    if k is None:
        raise ConditionError(f"operator {op!r} needs an option code in {whole!r}")
    return Clause(match.group("id"), op, int(k))
