"""Save any result table (a DataFrame) as an Excel sheet, text always kept as text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from renkei_desktop.export.xlsx_util import header, put, save_workbook


def write_frame_xlsx(
    path: Path, frame: pd.DataFrame, *, index: bool = False, sheet: str = "表", overwrite: bool = True
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    labels = ([""] if index else []) + [str(c) for c in frame.columns]
    header(ws, 1, labels)
    for r, (label, row) in enumerate(zip(frame.index, frame.itertuples(index=False), strict=True), start=2):
        values = ([str(label)] if index else []) + [
            None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row
        ]
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    return save_workbook(wb, path, overwrite=overwrite)
