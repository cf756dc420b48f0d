"""The questionnaire codebooks (bundled JSON) as immutable data classes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from renkei_desktop.conditions import Condition, ConditionError, parse_condition
from renkei_desktop.paths import resource_path


class Survey(StrEnum):
    """The two questionnaires (a StrEnum: it compares, prints and serialises as its value)."""

    MUNICIPAL = "municipal"
    PREFECTURAL = "prefectural"

    @property
    def label(self) -> str:
        return SURVEY_LABELS[self]


SURVEYS: tuple[Survey, ...] = tuple(Survey)
SURVEY_LABELS: dict[str, str] = {Survey.MUNICIPAL: "市区町村", Survey.PREFECTURAL: "都県"}
SCOPE_MARKS = {"med": "医", "oth": "他"}  # 医療・介護・福祉分野 / それ以外の分野, in compact labels
CONTACT_LABELS = {
    "C_dept": "部署",
    "C_tel": "電話",
    "C_mail": "メール",
    "C_person1": "担当1",
    "C_person2": "担当2",
}
QUESTION_TYPES = {
    "single",
    "multi",
    "integer",
    "decimal",
    "text",
    "prefecture",
    "municipality",
    "rank",
    "table",
}
BASE_RULES = {"all", "asked", "answered", None}
_OPERATOR_TYPES = {
    "==": {"single", "prefecture"},
    "!=": {"single", "prefecture"},
    "has": {"multi", "rank"},
    "lacks": {"multi", "rank"},
}


class CodebookError(ValueError):
    """A codebook that cannot be used (bad JSON, unknown types, broken conditions)."""


@dataclass(frozen=True)
class Option:
    code: int
    label: str
    report_label: str | None = None
    value: str | None = None
    cell: str | None = None
    text_cell: str | None = None
    exclusive: bool = False

    @property
    def display_label(self) -> str:
        """The wording used in the report's tables (falls back to the form wording)."""
        return self.report_label or self.label


@dataclass(frozen=True)
class Anchor:
    cell: str
    text: str


@dataclass(frozen=True)
class TableColumn:
    key: str
    number: str
    label: str
    type: str
    options: tuple[Option, ...] = ()
    none_value: str | None = None
    base: str | None = None
    report_n: int | None = None


@dataclass(frozen=True)
class RankCell:
    rank: int
    label: str
    cell: str


@dataclass(frozen=True)
class Question:
    id: str
    number: str
    text: str
    type: str
    scope: str | None = None
    scope_header: str | None = None
    cell: str | None = None
    options: tuple[Option, ...] = ()
    asked_if: Condition | None = None
    status_cell: str | None = None
    anchor: Anchor | None = None
    base: str | None = None
    report_n: int | None = None
    validation: dict[str, Any] = field(default_factory=dict)
    rank_cells: tuple[RankCell, ...] = ()
    columns: tuple[TableColumn, ...] = ()
    rows: tuple[dict[str, str], ...] = ()
    row_filled_if: str | None = None
    required: bool = False
    personal_data: bool = False
    method_label: str | None = None
    support_from: str | None = None

    def option(self, code: int) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def is_tabulated(self) -> bool:
        return self.base is not None

    @property
    def short_label(self) -> str:
        """A compact two-line label for grids and narrow headers: ``6-(2)`` / ``医``, ``8-(1)`` / ``目標``,
        ``連絡先`` / ``メール``."""
        number = self.number.replace("質問", "") or "連絡先"
        extra = SCOPE_MARKS.get(self.scope or "", "")
        if self.method_label:
            extra += self.id.rsplit("_m", 1)[-1]
        if self.id in CONTACT_LABELS:
            extra = CONTACT_LABELS[self.id]
        elif self.type == "text":
            extra = (extra + "記述") if extra else "記述"
        if self.id.endswith(("_current", "_target")):
            extra = "現在" if self.id.endswith("_current") else "目標"
        return f"{number}\n{extra}" if extra else number

    @property
    def short_text(self) -> str:
        """The item's own wording: the 【…】 part when the question text has one."""
        if "【" in self.text and self.text.endswith("】"):
            return self.text[self.text.rindex("【") + 1 : -1]
        return self.text

    def answer_cells(self) -> list[str]:
        """Every cell this item reads (answer cells, ○ cells, その他 text cells, table and rank cells)."""
        cells: list[str] = []
        if self.cell:
            cells.append(self.cell)
        for opt in self.options:
            if opt.cell:
                cells.append(opt.cell)
            if opt.text_cell:
                cells.append(opt.text_cell)
        cells.extend(rc.cell for rc in self.rank_cells)
        for row in self.rows:
            cells.extend(row.values())
        return cells


@dataclass(frozen=True)
class Codebook:
    survey: str
    form_id: str
    title: str
    sheet: str
    questions: tuple[Question, ...]
    targets_label: str = ""

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, question_id: str) -> Question:
        try:
            return self.by_id[question_id]
        except KeyError:
            raise KeyError(f"{self.survey}: no question {question_id!r}") from None

    def anchors(self) -> list[Anchor]:
        """Distinct label anchors used to recognise the form and its layout shift."""
        seen: dict[tuple[str, str], Anchor] = {}
        for q in self.questions:
            if q.anchor and (q.anchor.cell, q.anchor.text) not in seen:
                seen[(q.anchor.cell, q.anchor.text)] = q.anchor
        return list(seen.values())

    @cached_property
    def cells(self) -> tuple[str, ...]:
        """Every cell any item reads, each once, in form order."""
        cells: list[str] = []
        for q in self.questions:
            cells.extend(q.answer_cells())
        return tuple(dict.fromkeys(cells))

    def all_cells(self) -> list[str]:
        return list(self.cells)


def _option(raw: dict[str, Any]) -> Option:
    return Option(
        code=int(raw["code"]),
        label=str(raw["label"]),
        report_label=raw.get("report_label"),
        value=raw.get("value"),
        cell=raw.get("cell"),
        text_cell=raw.get("text_cell"),
        exclusive=bool(raw.get("exclusive", False)),
    )


def _question(raw: dict[str, Any], known_ids: list[str]) -> Question:
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise CodebookError(f"question {raw.get('id')!r}: unknown type {qtype!r}")
    if raw.get("base") not in BASE_RULES:
        raise CodebookError(f"question {raw['id']!r}: unknown base {raw.get('base')!r}")
    asked_if = None
    if raw.get("asked_if"):
        try:
            asked_if = parse_condition(raw["asked_if"], known_ids)
        except ConditionError as exc:
            raise CodebookError(f"question {raw['id']!r}: {exc}") from exc
    anchor = raw.get("anchor")
    columns = tuple(
        TableColumn(
            key=c["key"],
            number=c.get("number", ""),
            label=c.get("label", c["key"]),
            type=c["type"],
            options=tuple(_option(o) for o in c.get("options", [])),
            none_value=c.get("none_value"),
            base=c.get("base"),
            report_n=c.get("report_n"),
        )
        for c in raw.get("columns", [])
    )
    method = raw.get("method")
    return Question(
        id=raw["id"],
        number=raw.get("number", ""),
        text=raw.get("text", ""),
        type=qtype,
        scope=raw.get("scope"),
        scope_header=raw.get("scope_header"),
        cell=raw.get("cell"),
        options=tuple(_option(o) for o in raw.get("options", [])),
        asked_if=asked_if,
        status_cell=raw.get("status_cell"),
        anchor=Anchor(anchor["cell"], anchor["text"]) if anchor else None,
        base=raw.get("base"),
        report_n=raw.get("report_n"),
        validation=dict(raw.get("validation") or {}),
        rank_cells=tuple(
            RankCell(int(c["rank"]), c.get("label", ""), c["cell"]) for c in raw.get("cells", [])
        ),
        columns=columns,
        rows=tuple(dict(r["cells"]) for r in raw.get("rows", [])),
        row_filled_if=raw.get("row_filled_if"),
        required=bool(raw.get("required", False)),
        personal_data=bool(raw.get("personal_data", False)),
        method_label=method.get("label") if isinstance(method, dict) else None,
        support_from=raw.get("support_from"),
    )


def _check_condition_types(questions: list[Question]) -> None:
    types = {q.id: q.type for q in questions}
    for q in questions:
        if not q.asked_if:
            continue
        for clause in q.asked_if.clauses:
            allowed = _OPERATOR_TYPES.get(clause.op)
            if allowed and types[clause.item_id] not in allowed:
                raise CodebookError(
                    f"question {q.id!r}: operator {clause.op!r} does not apply to "
                    f"{clause.item_id!r} of type {types[clause.item_id]!r}"
                )


def codebook_from_dict(data: dict[str, Any], survey: str) -> Codebook:
    """Build a codebook from its JSON data, validating types and conditions."""
    try:
        raw_questions = data["questions"]
        ids = [q["id"] for q in raw_questions]
    except (KeyError, TypeError) as exc:
        raise CodebookError(f"codebook has no valid 'questions' list: {exc}") from exc
    if len(set(ids)) != len(ids):
        raise CodebookError("codebook has duplicate question ids")
    questions = [_question(q, ids) for q in raw_questions]
    _check_condition_types(questions)
    return Codebook(
        survey=survey,
        form_id=data.get("form_id", survey),
        title=data.get("subtitle") or data.get("title", ""),
        sheet=data.get("sheet", "調査票"),
        questions=tuple(questions),
        targets_label=(data.get("sample") or {}).get("area", ""),
    )


def load_codebook_file(path: Path, survey: str) -> Codebook:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CodebookError(f"cannot read codebook {path}: {exc}") from exc
    return codebook_from_dict(data, survey)


@cache
def load_codebook(survey: str) -> Codebook:
    """The bundled codebook of ``survey`` ('municipal' or 'prefectural')."""
    if survey not in SURVEYS:
        raise CodebookError(f"unknown survey {survey!r}")
    return load_codebook_file(resource_path("forms", f"{survey}_codebook.json"), survey)


def load_codebooks() -> dict[str, Codebook]:
    return {s: load_codebook(s) for s in SURVEYS}
