"""Reading real files: xlsx, LibreOffice-saved xlsx/xlsm/xls, xlwt .xls, shifted layouts, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from forms import fill_form, libreoffice_convert, write_xls_with_xlwt

from renkei_desktop.workbooks.layout import format_address, parse_address, shift_address
from renkei_desktop.workbooks.reader import read_workbook
from renkei_desktop.workbooks.scan import discover


def test_blank_form_is_recognised(tmp_path):
    from renkei_desktop.paths import resource_path

    for survey in ("municipal", "prefectural"):
        read = read_workbook(resource_path("forms", f"{survey}_form.xlsx"))
        assert (read.status, read.survey, read.offset, read.raw) == ("ok", survey, (0, 0), {})


def test_filled_form_raw_cells(tmp_path):
    read = read_workbook(fill_form(tmp_path / "a.xlsx", "municipal", {"E23": "52,341人"}))
    assert read.status == "ok" and read.survey == "municipal" and read.sheet == "調査票"
    assert read.raw["E12"] == "茨城県" and read.raw["E17"] == "水戸市"
    assert read.raw["E23"] == "52,341人"
    assert read.raw["D61"] == "○"
    assert "B10" not in read.raw  # status formulas are never read


def test_shifted_layout_is_compensated(tmp_path):
    read = read_workbook(fill_form(tmp_path / "s.xlsx", "municipal", {}, insert_rows=3, insert_cols=1))
    assert read.status == "ok" and read.offset == (3, 1)
    assert read.raw["E17"] == "水戸市"  # codebook address, value found at F20
    assert read.actual_cell("E17") == "F20"


def test_renamed_sheet_is_found(tmp_path):
    import openpyxl

    path = fill_form(tmp_path / "r.xlsx", "prefectural", {})
    wb = openpyxl.load_workbook(path)
    wb["調査票"].title = "回答"
    wb.save(path)
    read = read_workbook(path)
    assert (read.status, read.survey, read.sheet) == ("ok", "prefectural", "回答")


@pytest.mark.parametrize(
    ("filter_spec", "suffix"),
    [("xls", ".xls"), ("xlsm:Calc MS Excel 2007 VBA XML", ".xlsm"), ("xlsx:Calc MS Excel 2007 XML", ".xlsx")],
)
def test_libreoffice_saved_files(tmp_path, filter_spec, suffix):
    src = fill_form(tmp_path / "src" / "lo.xlsx", "municipal", {"E23": 52341, "F111": "随時"})
    out = libreoffice_convert(src, filter_spec, tmp_path / "out")
    assert out.suffix == suffix
    read = read_workbook(out)
    assert (read.status, read.survey) == ("ok", "municipal")
    assert read.raw["E17"] == "水戸市" and read.raw["E23"] == 52341 and read.raw["F111"] == "随時"


def test_xlwt_legacy_xls(tmp_path):
    read = read_workbook(write_xls_with_xlwt(tmp_path / "old.xls", "prefectural", {"D12": "長野県"}))
    assert (read.status, read.survey, read.raw["D12"]) == ("ok", "prefectural", "長野県")


def _encrypted(tmp_path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    src = fill_form(tmp_path / "plain.xlsx", "municipal", {})
    out = tmp_path / "locked.xlsx"
    with open(src, "rb") as plain, open(out, "wb") as locked:
        OOXMLFile(plain).encrypt("secret", locked)
    return out


def test_bad_files_have_japanese_reasons(tmp_path):
    good = fill_form(tmp_path / "good.xlsx", "municipal", {})
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "truncated.xlsx").write_bytes(good.read_bytes()[:3000])
    (tmp_path / "text.xlsx").write_text("これは Excel ではありません", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "notexcel.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w/>")
    cases = {
        "empty.xlsx": "ファイルが空です",
        "truncated.xlsx": "ファイルが壊れています",
        "text.xlsx": "Excel ブックではありません",
        "notexcel.xlsx": "Excel ブックではありません",
        "locked.xlsx": "パスワードが必要です",
    }
    _encrypted(tmp_path)
    for name, reason in cases.items():
        read = read_workbook(tmp_path / name)
        assert read.status == "unreadable", name
        assert read.message.startswith(reason), (name, read.message)


def test_other_workbook_is_wrong_form(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "売上集計"
    wb.save(tmp_path / "sales.xlsx")
    read = read_workbook(tmp_path / "sales.xlsx")
    assert read.status == "wrong_form"
    assert "調査票の様式と一致しません" in read.message


def test_discover_skips_lock_hidden_and_other_files(tmp_path):
    fill_form(tmp_path / "a" / "01.xlsx", "municipal", {})
    (tmp_path / "a" / "~$01.xlsx").write_bytes(b"lock")
    (tmp_path / "a" / ".hidden.xlsx").write_bytes(b"x")
    (tmp_path / "a" / "memo.txt").write_text("memo", encoding="utf-8")
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "b" / "02.XLSM").write_bytes(b"x")
    (tmp_path / "a" / "b" / "03.xls").write_bytes(b"x")
    found = discover([tmp_path / "a", tmp_path / "a" / "01.xlsx"])
    assert [f.display_name for f in found] == ["01.xlsx", "b/02.XLSM", "b/03.xls"]


def test_addresses():
    assert parse_address("E12") == (11, 4)
    assert parse_address("AA1") == (0, 26)
    assert format_address(11, 4) == "E12" and format_address(0, 26) == "AA1"
    assert shift_address("E17", (3, 1)) == "F20"
