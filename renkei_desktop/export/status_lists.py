"""Lists for reminders and queries: 未提出一覧 and 要確認一覧 (Excel).

The contact block (担当部署・電話・メール・担当者) is personal data: it is written only when the caller
asks for it (``include_contacts=True``), for sending reminders and queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from renkei_desktop import dataset as ds
from renkei_desktop import findings as fk
from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.xlsx_lists import ListSheet, write_list_workbook

CONTACT_ITEMS = ("C_dept", "C_tel", "C_mail", "C_person1")
CONTACT_LABELS = ["担当部署", "電話番号", "メールアドレス", "担当者"]


def missing_rows(data: Dataset) -> list[list[str]]:
    return [
        [SURVEY_LABELS.get(r.survey, r.survey), r.prefecture, r.code, r.name]
        for r in data.status_rows
        if r.status == ds.MISSING
    ]


def query_rows(
    data: Dataset, *, include_contacts: bool = False, kinds: frozenset[str] = fk.QUERY_KINDS
) -> list[list[Any]]:
    """One row per finding of the given kinds, with the body and (optionally) its contact."""
    respondents = {(r.survey, r.code): r for s in ("municipal", "prefectural") for r in data.of(s)}
    rows: list[list[Any]] = []
    for f in data.findings:
        if f.kind not in kinds:
            continue
        resp = respondents.get((f.survey or "", f.code or ""))
        if resp is None:
            continue
        question = data.codebooks[resp.survey].by_id.get(f.question_id or "")
        row = [
            SURVEY_LABELS.get(resp.survey, resp.survey),
            resp.body.prefecture,
            resp.code,
            resp.body.name,
            question.number if question else "",
            f.cell or "",
            f.raw or "",
            f.kind_label,
            f.message,
            f.file,
        ]
        if include_contacts:
            row += [resp.texts.get(item, "") for item in CONTACT_ITEMS]
        rows.append(row)
    return rows


QUERY_COLUMNS = ["調査", "都県", "団体コード", "団体名", "設問", "セル", "入力値", "種別", "内容", "ファイル"]


def write_missing_list(path: Path, data: Dataset, *, overwrite: bool = True) -> Path:
    sheet = ListSheet(
        "未提出一覧", ["調査", "都県", "団体コード", "団体名"], missing_rows(data), (10, 10, 12, 16)
    )
    return write_list_workbook(path, [sheet], overwrite=overwrite)


def write_query_list(
    path: Path, data: Dataset, *, include_contacts: bool = False, overwrite: bool = True
) -> Path:
    columns = QUERY_COLUMNS + (CONTACT_LABELS if include_contacts else [])
    sheets = [
        ListSheet(
            title,
            columns,
            query_rows(data, include_contacts=include_contacts, kinds=kinds),
            widths=(8, 10, 10, 14, 12, 7, 16, 22, 60, 30),
            wrap=True,
        )
        for title, kinds in (("要確認一覧", fk.QUERY_KINDS), ("未回答の設問", frozenset({fk.UNANSWERED})))
    ]
    return write_list_workbook(path, sheets, overwrite=overwrite)
