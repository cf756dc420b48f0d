"""The CLI's CSV outputs (UTF-8 with BOM so that Excel opens them as Japanese text)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from renkei_desktop.dataset import Dataset
from renkei_desktop.export.atomic import write_atomic
from renkei_desktop.tabulate import SimpleTable, response_rates

# Leading characters that make Excel (or another spreadsheet) read a CSV field as a formula; the
# full-width forms are included because Japanese Excel converts them to formulas as well.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
SIMPLE_COLUMNS = ["survey", "question_id", "option_code", "option_label", "count", "percent", "base"]
STATUS_COLUMNS = ["survey", "code", "prefecture", "name", "status", "file"]
FINDING_COLUMNS = ["file", "survey", "code", "question_id", "cell", "kind", "message"]
RATE_COLUMNS = ["survey", "prefecture_code", "prefecture", "returned", "targets", "rate"]


def neutralise(value: Any) -> Any:
    """Text that Excel would run as a formula gets a leading apostrophe (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def clean_cell(value: Any) -> Any:
    """A CSV field: nothing for ``None``, text neutralised and without NUL (which breaks readers)."""
    if value is None:
        return ""
    if isinstance(value, str) and "\x00" in value:
        value = value.replace("\x00", "")
    return neutralise(value)


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *, overwrite: bool = True
) -> Path:
    def writer(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle, lineterminator="\r\n")
            out.writerow(header)
            for row in rows:
                out.writerow([clean_cell(v) for v in row])

    return write_atomic(path, writer, overwrite=overwrite)


def simple_rows(tables: Iterable[SimpleTable]) -> Iterable[list[Any]]:
    for table in tables:
        for row in table.rows:
            yield [table.survey, table.item_id, row.code, row.label, row.count, row.percent, table.base]
        if table.stats:
            for key in ("min", "max", "mean", "median"):
                value = table.stats[key]
                yield [
                    table.survey,
                    table.item_id,
                    key,
                    key,
                    int(value) if float(value).is_integer() else value,
                    None,
                    table.base,
                ]


def status_rows(data: Dataset) -> Iterable[list[Any]]:
    for r in data.status_rows:
        yield [r.survey, r.code, r.prefecture, r.name, r.status, r.file]


def finding_rows(data: Dataset) -> Iterable[list[Any]]:
    for f in data.findings:
        yield [f.file, f.survey, f.code, f.question_id, f.cell, f.kind, f.message]


def rate_rows(data: Dataset) -> Iterable[list[Any]]:
    for survey in ("municipal", "prefectural"):
        for r in response_rates(data, survey):
            yield [survey, r.prefecture_code, r.prefecture, r.returned, r.targets, r.rate]
