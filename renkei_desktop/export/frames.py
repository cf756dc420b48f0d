"""Save any result table (a DataFrame) as an Excel sheet, text always kept as text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from renkei_desktop.export.xlsx_lists import ListSheet, write_list_workbook


def write_frame_xlsx(
    path: Path, frame: pd.DataFrame, *, index: bool = False, sheet: str = "表", overwrite: bool = True
) -> Path:
    labels = ([""] if index else []) + [str(c) for c in frame.columns]
    rows = (
        ([str(label)] if index else [])
        + [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row]
        for label, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    )
    return write_list_workbook(path, [ListSheet(sheet, labels, rows)], overwrite=overwrite)
