"""The app's own Excel outputs are recognised by their marker property and never read as returns."""

from __future__ import annotations

import shutil

import openpyxl
from forms import fill_form

from renkei_desktop.export.frames import write_frame_xlsx
from renkei_desktop.export.status_lists import write_missing_list
from renkei_desktop.loader import load_dataset
from renkei_desktop.targets import resolve_targets
from renkei_desktop.workbooks.own_outputs import OUTPUT_MARKER, is_own_output
from renkei_desktop.workbooks.scan import discover


def test_outputs_carry_the_marker_and_discovery_skips_them(tmp_path):
    import pandas as pd

    inbox = tmp_path / "inbox"
    fill_form(inbox / "水戸市.xlsx", "municipal", {})
    data = load_dataset([inbox], resolve_targets(None))
    listed = write_missing_list(inbox / "提出状況.xlsx", data)  # a name that says nothing
    table = write_frame_xlsx(inbox / "sub" / "表.xlsx", pd.DataFrame({"a": [1]}))
    assert openpyxl.load_workbook(listed).custom_doc_props[OUTPUT_MARKER].value
    assert is_own_output(listed) and is_own_output(table)
    assert not is_own_output(inbox / "水戸市.xlsx")
    renamed = shutil.copy(listed, inbox / "水戸市_回答.xlsx")  # recognised by content, not by name
    assert is_own_output(renamed)
    assert [f.path.name for f in discover([inbox])] == ["水戸市.xlsx"]
    assert discover([renamed]) == []
    again = load_dataset([inbox], resolve_targets(None))
    assert [r.status for r in again.status_rows if r.file] == ["returned"]


def test_tabulation_workbook_is_marked(tmp_path):
    from renkei_desktop.export.xlsx_tables import write_tabulation_xlsx
    from renkei_desktop.tabulate import tabulate_all

    inbox = tmp_path / "inbox"
    fill_form(inbox / "水戸市.xlsx", "municipal", {})
    data = load_dataset([inbox], resolve_targets(None))
    path = write_tabulation_xlsx(tmp_path / "tabulation.xlsx", data, tabulate_all(data))
    assert is_own_output(path)


def test_broken_and_foreign_files_are_not_ours(tmp_path):
    broken = tmp_path / "壊れた.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    assert not is_own_output(broken)
    other = openpyxl.Workbook()
    path = tmp_path / "other.xlsx"
    other.save(path)
    assert not is_own_output(path)
