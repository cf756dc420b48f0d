"""Parse a workbook's raw cells into typed answers per codebook item (before skip logic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from renkei_desktop.codebook import Codebook, Question
from renkei_desktop.normalize import (
    Invalid,
    OptionMatcher,
    clean_text,
    display_raw,
    parse_mark,
    parse_number,
)


@dataclass(frozen=True)
class BadCell:
    """A cell whose content could not be read as an answer."""

    cell: str  # codebook address
    raw: str
    reason: str


@dataclass
class ParsedItem:
    """One item's answer as typed, cleaned.

    ``value`` is an option code (single/prefecture), a frozenset of codes (multi, and the union of a
    table's coded column), a number, text, a tuple of codes in rank order (rank) or a tuple of row
    dicts (table); ``None`` when nothing usable was given.
    """

    value: Any = None
    bad: list[BadCell] = field(default_factory=list)
    has_content: bool = False  # anything at all typed in the item's cells (valid or not)
    other_texts: dict[int, str] = field(default_factory=dict)  # その他 free text by option code


@cache
def _matcher(survey: str, question_id: str, column: str | None = None) -> OptionMatcher:
    from renkei_desktop.codebook import load_codebook

    question = load_codebook(survey).question(question_id)
    if column is None:
        return OptionMatcher.build(question.options)
    col = next(c for c in question.columns if c.key == column)
    return OptionMatcher.build(col.options)


def _matcher_for(codebook: Codebook, question: Question, column: str | None = None) -> OptionMatcher:
    try:
        return _matcher(codebook.survey, question.id, column)
    except KeyError:  # a codebook that is not the bundled one
        options = (
            question.options
            if column is None
            else next(c.options for c in question.columns if c.key == column)
        )
        return OptionMatcher.build(options)


def _coded(raw: dict[str, Any], cell: str, matcher: OptionMatcher, item: ParsedItem) -> int | None:
    value = raw.get(cell)
    if value is None:
        return None
    item.has_content = True
    code = matcher.match(value)
    if isinstance(code, Invalid):
        item.bad.append(BadCell(cell, display_raw(value), code.reason))
        return None
    return code


def _other_texts(question: Question, raw: dict[str, Any], item: ParsedItem) -> None:
    for opt in question.options:
        if opt.text_cell and raw.get(opt.text_cell) is not None:
            text = clean_text(raw[opt.text_cell])
            if text:
                item.other_texts[opt.code] = text
                item.has_content = True


@cache
def _prefecture_matcher() -> OptionMatcher:
    """Any of the 47 prefectures (code = JIS X 0401), so a nationwide survey reads like the bureau's."""
    from renkei_desktop.codebook import Option
    from renkei_desktop.targets import load_master

    options = []
    for body in load_master().prefectures:
        short = body.name[:-1] if body.name.endswith(("都", "府", "県")) else body.name
        options.append(Option(int(body.code), body.name, report_label=short, value=body.name))
    return OptionMatcher.build(options)


def parse_single(question: Question, raw: dict[str, Any], codebook: Codebook) -> ParsedItem:
    item = ParsedItem()
    matcher = _prefecture_matcher() if question.type == "prefecture" else _matcher_for(codebook, question)
    item.value = _coded(raw, question.cell or "", matcher, item)
    _other_texts(question, raw, item)
    return item


def parse_multi(question: Question, raw: dict[str, Any]) -> ParsedItem:
    item = ParsedItem()
    selected: set[int] = set()
    for opt in question.options:
        value = raw.get(opt.cell or "")
        if value is None:
            continue
        item.has_content = True
        mark = parse_mark(value)
        if isinstance(mark, Invalid):
            item.bad.append(BadCell(opt.cell or "", display_raw(value), mark.reason))
        elif mark:
            selected.add(opt.code)
    _other_texts(question, raw, item)
    item.value = frozenset(selected) if selected else None
    return item


def parse_numeric(question: Question, raw: dict[str, Any]) -> ParsedItem:
    item = ParsedItem()
    value = raw.get(question.cell or "")
    if value is None:
        return item
    item.has_content = True
    rules = question.validation
    number = parse_number(
        value,
        integer=question.type == "integer",
        minimum=rules.get("min"),
        maximum=rules.get("max"),
        unit=rules.get("unit"),
    )
    if isinstance(number, Invalid):
        item.bad.append(BadCell(question.cell or "", display_raw(value), number.reason))
    else:
        item.value = number
    return item


def parse_text(question: Question, raw: dict[str, Any]) -> ParsedItem:
    item = ParsedItem()
    text = clean_text(raw.get(question.cell or ""))
    if text:
        item.value = text
        item.has_content = True
    return item


def parse_rank(question: Question, raw: dict[str, Any], codebook: Codebook) -> ParsedItem:
    item = ParsedItem()
    matcher = _matcher_for(codebook, question)
    codes = [_coded(raw, rc.cell, matcher, item) for rc in sorted(question.rank_cells, key=lambda r: r.rank)]
    ranked = tuple(dict.fromkeys(c for c in codes if c is not None))
    item.value = ranked or None
    return item


def parse_table(question: Question, raw: dict[str, Any], codebook: Codebook) -> ParsedItem:
    item = ParsedItem()
    filled_key = (question.row_filled_if or "").split(" ")[0] or None
    rows: list[dict[str, Any]] = []
    for cells in question.rows:
        row: dict[str, Any] = {}
        for col in question.columns:
            address = cells.get(col.key)
            if not address:
                continue
            if col.type == "single":
                code = _coded(raw, address, _matcher_for(codebook, question, col.key), item)
                if code is not None:
                    row[col.key] = code
            else:
                text = clean_text(raw.get(address))
                if text:
                    row[col.key] = text
                    item.has_content = True
        if row:
            row["_filled"] = filled_key is None or filled_key in row
            rows.append(row)
    item.value = tuple(rows) or None
    return item


def parse_item(question: Question, raw: dict[str, Any], codebook: Codebook) -> ParsedItem:
    kind = question.type
    if kind in ("single", "prefecture"):
        return parse_single(question, raw, codebook)
    if kind == "multi":
        return parse_multi(question, raw)
    if kind in ("integer", "decimal"):
        return parse_numeric(question, raw)
    if kind == "rank":
        return parse_rank(question, raw, codebook)
    if kind == "table":
        return parse_table(question, raw, codebook)
    return parse_text(question, raw)


def parse_answers(raw: dict[str, Any], codebook: Codebook) -> dict[str, ParsedItem]:
    """Every item of the codebook parsed from a workbook's raw cells."""
    return {q.id: parse_item(q, raw, codebook) for q in codebook.questions}


def table_column_codes(value: Any, key: str) -> frozenset[int] | None:
    """The set of codes a table's coded column holds in any row (``Q2_2_3_4.leader``)."""
    if not value:
        return None
    codes = frozenset(row[key] for row in value if isinstance(row.get(key), int))
    return codes or None
