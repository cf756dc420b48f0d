"""``tabulation.xlsx``: the 単純集計表 laid out like the report's 参考資料① / ③ (N, 実数, 割合 per item)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.xlsx_util import BOX, TITLE_FONT, header, put, save_workbook
from renkei_desktop.tabulate import SimpleTable, response_rates

STAT_LABELS = {"min": "最小値", "max": "最大値", "mean": "平均値", "median": "中央値"}
PERCENT_FORMAT = "0.0%"


def table_title(table: SimpleTable) -> str:
    item = table.item
    scope = f"【{item.scope_label}】" if item.scope_label else ""
    multi = "（複数回答）" if item.is_multi else ""
    return f"{item.number} {item.title}{scope}{multi}（N={table.base}）"


def write_simple_table(ws: Worksheet, row: int, table: SimpleTable) -> int:
    """Write one item's table at ``row``; return the next free row."""
    put(ws, row, 1, table_title(table)).font = TITLE_FONT
    row += 1
    header(ws, row, ["選択肢", "実数", "割合"])
    row += 1
    for r in table.rows:
        put(ws, row, 1, r.label).border = BOX
        put(ws, row, 2, r.count).border = BOX
        put(
            ws, row, 3, None if r.percent is None else r.percent / 100, number_format=PERCENT_FORMAT
        ).border = BOX
        row += 1
    total = sum(r.count for r in table.rows)
    put(ws, row, 1, "合計").border = BOX
    put(ws, row, 2, total).border = BOX
    if not table.item.is_multi and table.base:
        put(ws, row, 3, total / table.base, number_format=PERCENT_FORMAT).border = BOX
    row += 1
    if table.stats:
        for key, label in STAT_LABELS.items():
            put(ws, row, 1, label).border = BOX
            put(ws, row, 2, table.stats[key]).border = BOX
            row += 1
    return row + 1


def write_response_rates(ws: Worksheet, row: int, data: Dataset, survey: str) -> int:
    put(ws, row, 1, f"回収状況（{SURVEY_LABELS[survey]}）").font = TITLE_FONT
    row += 1
    header(ws, row, ["都県名", "回答数", "対象数", "回答率"])
    row += 1
    for r in response_rates(data, survey):
        put(ws, row, 1, r.prefecture).border = BOX
        put(ws, row, 2, r.returned).border = BOX
        put(ws, row, 3, r.targets).border = BOX
        put(ws, row, 4, None if r.rate is None else r.rate / 100, number_format=PERCENT_FORMAT).border = BOX
        row += 1
    return row + 1


def build_tabulation_workbook(data: Dataset, tables: dict[str, Sequence[SimpleTable]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for survey, survey_tables in tables.items():
        ws = wb.create_sheet(f"単純集計_{SURVEY_LABELS[survey]}")
        ws.column_dimensions["A"].width = 60
        ws.column_dimensions["B"].width = 10
        ws.column_dimensions["C"].width = 10
        ws.column_dimensions["D"].width = 10
        row = write_response_rates(ws, 1, data, survey)
        for table in survey_tables:
            row = write_simple_table(ws, row, table)
    return wb


def write_tabulation_xlsx(
    path: Path, data: Dataset, tables: dict[str, Sequence[SimpleTable]], *, overwrite: bool = True
) -> Path:
    return save_workbook(build_tabulation_workbook(data, tables), path, overwrite=overwrite)
