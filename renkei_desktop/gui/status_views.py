"""What the 回収状況 tab shows, computed from a dataset without Qt: grid rows, rates and problem files.

The load worker prepares these off the GUI thread (:func:`prepare_status_views`), so that showing a
freshly loaded survey only swaps ready-made lists into the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from renkei_desktop import dataset as ds
from renkei_desktop.codebook import SURVEYS, Question
from renkei_desktop.dataset import Dataset, Respondent, StatusRow
from renkei_desktop.file_status import PROBLEM_STATUSES, STATUS_LABELS
from renkei_desktop.findings import KIND_LABELS
from renkei_desktop.tabulate import response_rates
from renkei_desktop.validation import ItemStatus


@dataclass(frozen=True)
class GridRow:
    status_row: StatusRow
    row_status: str  # returned / missing / duplicate / unreadable
    respondent: Respondent | None
    has_query: bool


@dataclass(frozen=True)
class GridContent:
    """One survey's status grid: rows, item columns and each cell's status (precomputed for painting)."""

    rows: list[GridRow] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    statuses: list[list[ItemStatus | None]] = field(default_factory=list)  # [row][item]


@dataclass(frozen=True)
class StatusViews:
    data: Dataset
    grids: dict[str, GridContent]
    rates: dict[str, pd.DataFrame]
    problems: pd.DataFrame


def row_status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def build_rows(data: Dataset, survey: str) -> list[GridRow]:
    respondents = {r.code: r for r in data.of(survey)}
    extra: dict[str, str] = {}
    for r in data.status_rows:
        if (
            r.survey == survey
            and r.code
            and r.status in (ds.DUPLICATE, ds.UNREADABLE, ds.WRONG_FORM)
            and not r.quiet
        ):
            extra.setdefault(r.code, ds.DUPLICATE if r.status == ds.DUPLICATE else ds.UNREADABLE)
    query_codes = {f.code for f in data.findings if f.survey == survey and f.needs_query}
    rows: list[GridRow] = []
    for r in data.status_rows:
        if r.survey != survey or r.status not in (ds.RETURNED, ds.MISSING):
            continue
        status = r.status
        if r.code in extra and (status == ds.MISSING or extra[r.code] == ds.DUPLICATE):
            status = extra[r.code]
        rows.append(GridRow(r, status, respondents.get(r.code), r.code in query_codes))
    return rows


def grid_content(data: Dataset | None, survey: str) -> GridContent:
    if data is None:
        return GridContent()
    rows = build_rows(data, survey)
    questions = list(data.codebooks[survey].questions)
    ids = [q.id for q in questions]
    statuses: list[list[ItemStatus | None]] = [
        [row.respondent.statuses.get(qid) for qid in ids] if row.respondent else [None] * len(ids)
        for row in rows
    ]
    return GridContent(rows, questions, statuses)


def rates_frame(data: Dataset, survey: str) -> pd.DataFrame:
    rows = [(r.prefecture, r.returned, r.targets, r.rate) for r in response_rates(data, survey)]
    return pd.DataFrame(rows, columns=["都県名", "回答数", "対象数", "回答率"])


def problems_frame(data: Dataset) -> pd.DataFrame:
    reasons = {f.file: f.message for f in data.findings if f.kind in PROBLEM_STATUSES}
    rows = [
        (STATUS_LABELS[r.status], r.file, r.name or "", reasons.get(r.file, ""))
        for r in data.status_rows
        if r.status in PROBLEM_STATUSES
    ]
    return pd.DataFrame(rows, columns=["種別", "ファイル", "団体", "理由"])


def findings_frame(data: Dataset, survey: str, code: str) -> pd.DataFrame:
    rows = []
    codebook = data.codebooks[survey]
    for f in data.findings_for(survey, code):
        q = codebook.by_id.get(f.question_id or "")
        rows.append(
            (q.number if q else "", f.cell or "", f.raw or "", KIND_LABELS.get(f.kind, f.kind), f.message)
        )
    return pd.DataFrame(rows, columns=["設問", "セル", "入力値", "種別", "内容"])


def prepare_status_views(data: Dataset) -> StatusViews:
    """Everything the status tab shows for ``data``, for both surveys."""
    return StatusViews(
        data,
        {s: grid_content(data, s) for s in SURVEYS},
        {s: rates_frame(data, s) for s in SURVEYS},
        problems_frame(data),
    )
