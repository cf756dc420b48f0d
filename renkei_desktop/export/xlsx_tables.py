"""``tabulation.xlsx``: the 単純集計表 laid out like the report's 参考資料① / ③ (N, 実数, 割合 per item).

Next to each item's table sits a native (editable) Excel bar chart of its 割合 column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MethodType
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element

from renkei_desktop.codebook import SURVEY_LABELS
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.xlsx_util import BOX, TITLE_FONT, header, put, save_workbook
from renkei_desktop.tabulate import SimpleTable, response_rates

STAT_LABELS = {"min": "最小値", "max": "最大値", "mean": "平均値", "median": "中央値"}
PERCENT_FORMAT = "0.0%"
CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHART_ANCHOR_COLUMN = "F"
CHART_WIDTH_CM = 13.0
ROW_HEIGHT_CM = 0.53  # Excel's default row height (15 pt)
CHART_COLOR = "0072B2"  # the figures' blue (Okabe–Ito)


def _write_untitled(chart: BarChart) -> Any:
    """``chart._write`` plus ``autoTitleDeleted``, so Excel does not invent a title from the series name.

    (openpyxl builds the element lists per class, so subclassing BarChart would serialise an empty chart.)
    """
    tree = BarChart._write(chart)
    node = tree.find("chart")
    if node is None:
        node = tree.find(f"{{{CHART_NS}}}chart")
    if node is not None and node.find("autoTitleDeleted") is None:
        node.insert(0, Element("autoTitleDeleted", val="1"))
    return tree


def share_chart(
    table: SimpleTable, ws: Worksheet, first_row: int, last_row: int, height_cm: float
) -> BarChart:
    """A native horizontal bar chart of the 割合 cells ``C{first_row}:C{last_row}`` (labels from column A),
    option 1 on top, 0–100 % axis, % at the bar ends. Editable in Excel like any chart."""
    chart = BarChart()
    chart._write = MethodType(_write_untitled, chart)
    chart.type = "bar"
    chart.style = 2
    chart.title = None  # the table's title (with N) is right beside the chart
    chart.legend = None
    chart.add_data(Reference(ws, min_col=3, min_row=first_row, max_row=last_row), titles_from_data=False)
    series = chart.series[0]
    labels = Reference(ws, min_col=1, min_row=first_row, max_row=last_row)
    series.cat = AxDataSource(strRef=StrRef(f=str(labels)))  # text labels (set_categories gives numRef)
    series.tx = SeriesLabel(v="割合")
    series.graphicalProperties.solidFill = CHART_COLOR
    series.graphicalProperties.line.solidFill = CHART_COLOR
    chart.gapWidth = 60
    chart.x_axis.scaling.orientation = "maxMin"  # first option at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.2
    chart.y_axis.number_format = "0%"
    chart.y_axis.crosses = "max"  # keep the % axis at the bottom despite the reversed categories
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True  # number format linked to the 0.0% cells
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.dataLabels.showPercent = False
    chart.width = CHART_WIDTH_CM
    chart.height = height_cm
    return chart


def chartable(table: SimpleTable) -> bool:
    """A chart only where there is something to draw: respondents in the base and at least two rows."""
    return table.base > 0 and len(table.rows) >= 2


def add_share_chart(
    ws: Worksheet, table: SimpleTable, title_row: int, first_row: int, last_row: int, next_row: int
) -> None:
    """Anchor the item's chart at column F below its title row (the long title stays readable), no taller
    than the rest of its table block."""
    if not chartable(table):
        return
    top = title_row + 1
    height = max((next_row - top) * ROW_HEIGHT_CM - 0.1, 3.0)
    ws.add_chart(share_chart(table, ws, first_row, last_row, height), f"{CHART_ANCHOR_COLUMN}{top}")


def table_title(table: SimpleTable) -> str:
    item = table.item
    scope = f"【{item.scope_label}】" if item.scope_label else ""
    multi = "（複数回答）" if item.is_multi else ""
    return f"{item.number} {item.title}{scope}{multi}（N={table.base}）"


def write_simple_table(ws: Worksheet, row: int, table: SimpleTable, *, chart: bool = True) -> int:
    """Write one item's table at ``row`` (and its chart beside it); return the next free row."""
    title_row = row
    put(ws, row, 1, table_title(table)).font = TITLE_FONT
    row += 1
    header(ws, row, ["選択肢", "実数", "割合"])
    row += 1
    first_data_row = row
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
    if chart:
        add_share_chart(ws, table, title_row, first_data_row, first_data_row + len(table.rows) - 1, row + 1)
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


def build_tabulation_workbook(data: Dataset, tables: Mapping[str, Sequence[SimpleTable]]) -> Workbook:
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
    path: Path, data: Dataset, tables: Mapping[str, Sequence[SimpleTable]], *, overwrite: bool = True
) -> Path:
    return save_workbook(build_tabulation_workbook(data, tables), path, overwrite=overwrite)
