"""Lists for reminders and queries: 未提出一覧 and 要確認一覧 (Excel).

The contact block (担当部署・電話・メール・担当者) is personal data: it is written only when the caller
asks for it (``include_contacts=True``), for sending reminders and queries.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renkei_desktop import dataset as ds
from renkei_desktop import findings as fk
from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset, StatusRow
from renkei_desktop.export.xlsx_lists import ListSheet, write_list_workbook

CONTACT_ITEMS = ("C_dept", "C_tel", "C_mail", "C_person1")
CONTACT_LABELS = ["担当部署", "電話番号", "メールアドレス", "担当者"]


MISSING_COLUMNS = ["調査", "都県", "団体コード", "団体名", "状況", "理由"]
NOT_RECEIVED = "未提出"
RECEIVED_UNREADABLE = "受領・読込不可"
RECEIVED_PASSWORD = "受領・パスワード待ち"
RECEIVED_STATUSES = (ds.UNREADABLE, ds.WRONG_FORM)
Codes = Collection[tuple[str, str]]  # (survey, code) of the bodies to list


def received_label(row: StatusRow, message: str) -> str:
    """Whether a body's unreadable file waits for its password or cannot be read at all: the only place
    that tells the two apart (the reader marks a file whose password is not known yet as
    ``password_pending``; older reads are recognised by the message naming the password)."""
    return RECEIVED_PASSWORD if row.password_pending or "パスワード" in message else RECEIVED_UNREADABLE


@dataclass(frozen=True)
class Receipt:
    """A body that sent a file the app could not use: what it is, why, and which file."""

    label: str
    reason: str
    file: str


def receipts(data: Dataset) -> dict[tuple[str, str], Receipt]:
    """The bodies without a usable return that did send a file (password, corrupt, wrong form)."""
    reasons = {f.file: f.message for f in data.findings if f.kind in RECEIVED_STATUSES}
    found: dict[tuple[str, str], Receipt] = {}
    for r in data.status_rows:
        if r.status in RECEIVED_STATUSES and r.code:
            reason = reasons.get(r.file, r.status_label)
            found.setdefault((r.survey, r.code), Receipt(received_label(r, reason), reason, r.file))
    return found


def missing_rows(data: Dataset, codes: Codes | None = None) -> list[list[str]]:
    """Bodies without a usable return (only those in ``codes`` when given), with 状況 and 理由: 未提出,
    or a file that was received but could not be read (so no reminder goes to a body that answered)."""
    received = receipts(data)
    rows = []
    for r in data.status_rows:
        if r.status != ds.MISSING or (codes is not None and (r.survey, r.code) not in codes):
            continue
        receipt = received.get((r.survey, r.code))
        state = [receipt.label, f"{receipt.reason}（{receipt.file}）"] if receipt else [NOT_RECEIVED, ""]
        rows.append([SURVEY_LABELS.get(r.survey, r.survey), r.prefecture, r.code, r.name, *state])
    return rows


def query_rows(
    data: Dataset,
    *,
    include_contacts: bool = False,
    kinds: frozenset[str] = fk.QUERY_KINDS,
    codes: Codes | None = None,
) -> list[list[Any]]:
    """One row per finding of the given kinds, with the body and (optionally) its contact; only the
    bodies in ``codes`` when given."""
    respondents = {(r.survey, r.code): r for s in ("municipal", "prefectural") for r in data.of(s)}
    rows: list[list[Any]] = []
    for f in data.findings:
        if f.kind not in kinds or (codes is not None and (f.survey, f.code) not in codes):
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


def receipt_query_rows(data: Dataset, codes: Codes | None = None, width: int = 10) -> list[list[Any]]:
    """The 要確認 rows of bodies whose file was received but not read (ask them for a readable copy)."""
    rows: list[list[Any]] = []
    received = receipts(data)
    for r in data.status_rows:
        key = (r.survey, r.code)
        if r.status != ds.MISSING or key not in received or (codes is not None and key not in codes):
            continue
        receipt = received[key]
        row = [SURVEY_LABELS.get(r.survey, r.survey), r.prefecture, r.code, r.name, "", "", ""]
        row += [receipt.label, receipt.reason, receipt.file]
        rows.append(row + [""] * (width - len(row)))
    return rows


QUERY_COLUMNS = ["調査", "都県", "団体コード", "団体名", "設問", "セル", "入力値", "種別", "内容", "ファイル"]


def write_missing_list(
    path: Path, data: Dataset, *, codes: Codes | None = None, overwrite: bool = True
) -> Path:
    """The 未提出一覧 (only the bodies in ``codes`` when given)."""
    sheet = ListSheet("未提出一覧", MISSING_COLUMNS, missing_rows(data, codes), (10, 10, 12, 16, 18, 60))
    return write_list_workbook(path, [sheet], overwrite=overwrite)


def write_query_list(
    path: Path,
    data: Dataset,
    *,
    include_contacts: bool = False,
    codes: Codes | None = None,
    overwrite: bool = True,
) -> Path:
    """The 要確認一覧 (with the received but unreadable files) and the 未回答の設問."""
    columns = QUERY_COLUMNS + (CONTACT_LABELS if include_contacts else [])
    queries = query_rows(data, include_contacts=include_contacts, codes=codes)
    queries += receipt_query_rows(data, codes, len(columns))
    unanswered = query_rows(
        data, include_contacts=include_contacts, kinds=frozenset({fk.UNANSWERED}), codes=codes
    )
    widths = (8, 10, 10, 14, 12, 7, 16, 22, 60, 30)
    sheets = [
        ListSheet("要確認一覧", columns, queries, widths=widths, wrap=True),
        ListSheet("未回答の設問", columns, unanswered, widths=widths, wrap=True),
    ]
    return write_list_workbook(path, sheets, overwrite=overwrite)


def list_size(data: Dataset, which: str, codes: Codes | None = None) -> int:
    """How many rows the 未提出一覧 (``"missing"``) or the 要確認一覧 (``"queries"``) would have."""
    if which == "missing":
        return len(missing_rows(data, codes))
    return len(query_rows(data, codes=codes)) + len(receipt_query_rows(data, codes))
