"""Cross tabulations the user built in the window, written by すべて出力 (one workbook each)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from renkei_desktop.crosstab import CrossTab, crosstab
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.xlsx_lists import ListSheet, write_list_workbook
from renkei_desktop.filenames import safe_file_name

CROSSTAB_DIR = "クロス集計"
Combo = tuple[str, str, str]  # (survey, item id, row variable key)


def crosstab_sheets(table: CrossTab) -> list[ListSheet]:
    """割合 (row %) and 実数, each with the group label and its base N."""
    counts, percents = table.to_frames()
    label = table.row_variable.label
    columns = [label, "N", *[str(c) for c in percents.columns]]
    percent_rows = [
        [group, int(n), *[None if p != p else round(float(p), 1) for p in row]]
        for group, n, row in zip(percents.index, counts["N"], percents.itertuples(index=False), strict=True)
    ]
    count_rows = [
        [group, *[int(v) for v in row]]
        for group, row in zip(counts.index, counts.itertuples(index=False), strict=True)
    ]
    return [
        ListSheet("割合（行%）", columns, percent_rows),
        ListSheet("実数", [label, *[str(c) for c in counts.columns]], count_rows),
    ]


def crosstab_file_name(table: CrossTab) -> str:
    item = table.item
    return safe_file_name(f"クロス集計_{table.row_variable.label}×{item.number}_{item.item_id}") + ".xlsx"


def write_crosstabs(data: Dataset, folder: Path, combos: Sequence[Combo]) -> list[Path]:
    """One workbook per cross tabulation in ``combos``, into ``folder``."""
    written = []
    for survey, item_id, row_key in combos:
        table = crosstab(data, survey, item_id, row_key)
        folder.mkdir(parents=True, exist_ok=True)
        written.append(write_list_workbook(folder / crosstab_file_name(table), crosstab_sheets(table)))
    return written
