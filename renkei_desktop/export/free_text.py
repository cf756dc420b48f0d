"""``free_text.xlsx``: every free-text answer (自由記述一覧), per survey and item, with the body's name.

The contact block (担当者名・電話・メール) is personal data and is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from renkei_desktop.codebook import SURVEY_LABELS, Codebook
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.xlsx_lists import ListSheet, write_list_workbook

COLUMNS = ["設問番号", "設問", "都県", "団体コード", "団体名", "回答"]


@dataclass(frozen=True)
class FreeTextEntry:
    survey: str
    item_id: str
    number: str
    item_label: str
    prefecture: str
    code: str
    name: str
    text: str


def _item_labels(codebook: Codebook) -> dict[str, tuple[str, str]]:
    labels: dict[str, tuple[str, str]] = {}
    for q in codebook.questions:
        if q.personal_data:
            continue
        scope = f"【{q.scope_header}】" if q.scope_header and q.type == "text" else ""
        if q.type == "text":
            labels[q.id] = (q.number, f"{q.short_text}{scope}"[:120])
        for col in q.columns:
            if col.type == "text":
                labels[f"{q.id}.{col.key}"] = (col.number, col.label)
        for opt in q.options:
            if opt.text_cell:
                labels[f"{q.id}#{opt.code}"] = (
                    q.number,
                    f"{q.short_text[:40]}：{opt.display_label}（自由記述）",
                )
    return labels


def free_text_entries(data: Dataset, survey: str) -> Iterator[FreeTextEntry]:
    """Free-text answers in form order, then by body code."""
    labels = _item_labels(data.codebooks[survey])
    order = {key: i for i, key in enumerate(labels)}
    entries: list[FreeTextEntry] = []
    for r in data.of(survey):
        texts = dict(r.texts)
        for qid, by_code in r.other_texts.items():
            for code, text in by_code.items():
                texts[f"{qid}#{code}"] = text
        for key, text in texts.items():
            if key in labels:
                number, label = labels[key]
                entries.append(
                    FreeTextEntry(survey, key, number, label, r.body.prefecture, r.code, r.body.name, text)
                )
    entries.sort(key=lambda e: (order[e.item_id], e.code))
    return iter(entries)


def write_free_text_xlsx(path: Path, data: Dataset, *, overwrite: bool = True) -> Path:
    sheets = [
        ListSheet(
            f"自由記述_{SURVEY_LABELS[survey]}",
            COLUMNS,
            (
                (e.number, e.item_label, e.prefecture, e.code, e.name, e.text)
                for e in free_text_entries(data, survey)
            ),
            widths=(12, 50, 10, 10, 14, 80),
            wrap=True,
        )
        for survey in ("municipal", "prefectural")
    ]
    return write_list_workbook(path, sheets, overwrite=overwrite)
