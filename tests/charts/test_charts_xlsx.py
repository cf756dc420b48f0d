"""tabulation.xlsx: next to each item's table a native, editable Excel bar chart of its 割合 column."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest
from forms import fill_form

from renkei_desktop.export.xlsx_tables import CHART_ANCHOR_COLUMN, chartable, write_tabulation_xlsx
from renkei_desktop.loader import load_dataset
from renkei_desktop.tabulate import tabulate_all

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("xlsx")
    fill_form(root / "in" / "a.xlsx", "municipal", {})
    fill_form(root / "in" / "b.xlsx", "municipal", {"E17": "日立市", "E23": 174_508, "D55": "連携していない"})
    fill_form(root / "in" / "p.xlsx", "prefectural", {})
    data = load_dataset([root / "in"])
    tables = tabulate_all(data)
    path = write_tabulation_xlsx(root / "tabulation.xlsx", data, tables)
    return path, tables


def _charts(path):
    with zipfile.ZipFile(path) as z:
        names = sorted(
            (n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)),
            key=lambda n: int(re.search(r"\d+", n).group()),
        )
        return [ET.fromstring(z.read(n)) for n in names], z


def test_one_bar_chart_per_chartable_item(book):
    path, tables = book
    charts, _ = _charts(path)
    expected = sum(1 for ts in tables.values() for t in ts if chartable(t))
    assert expected > 20 and len(charts) == expected
    assert sum(1 for ts in tables.values() for t in ts if not chartable(t)) > 0  # N=0 items get none
    for chart in charts:
        assert chart.find(f".//{C}barDir").get("val") == "bar"  # horizontal bars
        assert chart.find(f".//{C}autoTitleDeleted").get("val") == "1"
        assert chart.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"  # option 1 on top
        val_ax = chart.find(f".//{C}valAx")
        assert val_ax.find(f"{C}scaling/{C}max").get("val") == "1"
        assert val_ax.find(f"{C}numFmt").get("formatCode") == "0%"
        assert chart.find(f".//{C}dLbls/{C}showVal").get("val") == "1"


def test_chart_series_point_at_the_percent_column_of_its_table(book):
    path, _ = book
    charts, _ = _charts(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["単純集計_市区町村"]
    title_row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("質問6-(1)"))
    first = title_row + 2
    wanted = f"'単純集計_市区町村'!$C${first}:$C${first + 2}"
    chart = next(c for c in charts if c.find(f".//{C}val//{C}f").text == wanted)
    assert chart.find(f".//{C}cat//{C}strRef/{C}f").text == f"'単純集計_市区町村'!$A${first}:$A${first + 2}"
    assert [ws.cell(first + i, 1).value for i in range(3)] == ["連携している", "連携していない", "無回答"]
    assert ws.cell(first, 3).number_format == "0.0%"


def test_charts_sit_beside_their_tables_without_overlap(book):
    path, _ = book
    with zipfile.ZipFile(path) as z:
        drawing = ET.fromstring(z.read("xl/drawings/drawing1.xml"))
    anchors = list(drawing)
    assert anchors
    col_f = ord(CHART_ANCHOR_COLUMN) - ord("A")
    spans = []
    for anchor in anchors:
        start = anchor.find(f"{XDR}from")
        assert int(start.find(f"{XDR}col").text) == col_f
        row = int(start.find(f"{XDR}row").text)
        height_emu = int(anchor.find(f"{XDR}ext").get("cy"))
        spans.append((row, row + height_emu / 360000 / 0.53))  # rows covered (0.53 cm per row)
    spans.sort()
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert end <= next_start + 0.01
    wb = openpyxl.load_workbook(path)  # the file stays readable
    assert wb.sheetnames == ["単純集計_市区町村", "単純集計_都県"]
