"""List workbooks (XlsxWriter): layout, types, and the real exports that use them, read back by openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import tempfile

import openpyxl
import pytest

from renkei_desktop.export.free_text import COLUMNS, free_text_entries, write_free_text_xlsx
from renkei_desktop.export.status_lists import write_missing_list, write_query_list
from renkei_desktop.export.xlsx_lists import ListSheet, list_workbook_bytes, write_list_workbook


def test_list_sheet_layout_and_types(tmp_path):
    rows = [
        ["=1+1", 12, None, 3.5],
        ["@SUM(A1)", float("nan"), "改行\nあり\x01", dt.date(2026, 11, 27)],
        ["https://example.invalid", True, "", "007"],
    ]
    path = write_list_workbook(
        tmp_path / "list.xlsx",
        [
            ListSheet("一覧", ["式", "数", "文", "他"], rows, widths=(20, 8), wrap=True),
            ListSheet("空", ["a"], []),
        ],
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["一覧", "空"]
    ws = wb["一覧"]
    assert [c.value for c in ws[1]] == ["式", "数", "文", "他"]
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D4"
    assert ws.column_dimensions["A"].width == pytest.approx(20, abs=1)
    # text stays text: never a formula, a number or a link
    assert (ws["A2"].value, ws["A2"].data_type) == ("=1+1", "s")
    assert (ws["A3"].value, ws["A4"].value, ws["D4"].value) == ("@SUM(A1)", "https://example.invalid", "007")
    assert ws["A4"].hyperlink is None
    assert (ws["B2"].value, ws["B3"].value, ws["B4"].value, ws["D2"].value) == (12, None, True, 3.5)
    assert ws["C3"].value == "改行\nあり"  # the control character is dropped
    assert ws["D3"].value == "2026-11-27"
    assert ws["C2"].value is None and ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top"
    assert wb["空"].max_row == 1


def test_list_workbook_leaves_no_temporary_files(tmp_path, monkeypatch):
    """Built in memory: nothing is written to %TEMP% (nor anywhere but the target)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    rows = [[f"回答{i}", i] for i in range(5000)]
    data = list_workbook_bytes([ListSheet("a", ["x", "n"], rows)])
    assert data.startswith(b"PK\x03\x04") and list(temp.iterdir()) == []
    assert openpyxl.load_workbook(io.BytesIO(data))["a"].max_row == 5001


def test_free_text_export_on_the_sample(sample_data, tmp_path):
    path = write_free_text_xlsx(tmp_path / "free_text.xlsx", sample_data)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["自由記述_市区町村", "自由記述_都県"]
    for survey, title in (("municipal", "自由記述_市区町村"), ("prefectural", "自由記述_都県")):
        ws = wb[title]
        entries = list(free_text_entries(sample_data, survey))
        assert [c.value for c in ws[1]] == COLUMNS
        assert ws.max_row == len(entries) + 1 > 10
        first = entries[0]
        assert [c.value for c in ws[2]] == [
            first.number,
            first.item_label,
            first.prefecture,
            first.code,
            first.name,
            first.text,
        ]
        assert all(c.data_type == "s" for c in ws[2])  # body codes such as 08201 keep their leading zero


def test_status_lists_on_the_sample(sample_data, tmp_path):
    missing = openpyxl.load_workbook(write_missing_list(tmp_path / "m.xlsx", sample_data))["未提出一覧"]
    assert missing.max_row == 1 + (450 - 248)
    queries = openpyxl.load_workbook(
        write_query_list(tmp_path / "q.xlsx", sample_data, include_contacts=True)
    )
    assert queries.sheetnames == ["要確認一覧", "未回答の設問"]
    header = [c.value for c in queries["要確認一覧"][1]]
    assert header[:4] == ["調査", "都県", "団体コード", "団体名"] and header[-4:] == [
        "担当部署",
        "電話番号",
        "メールアドレス",
        "担当者",
    ]
