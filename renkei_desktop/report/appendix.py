"""資料編 of the Word report: the simple tabulation of every question as Word tables (参考資料① / ③), and the
free-text answers (optional; the contact block is never included, nor the bodies' names)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from renkei_desktop.charts.model import item_title
from renkei_desktop.codebook import SURVEY_LABELS, SURVEYS
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.free_text import free_text_entries
from renkei_desktop.tabulate import SimpleTable

APPENDIX_HEADING = "資料編"
TABLE_HEADER = ("選択肢", "回答数", "割合（%）")
STAT_LABELS = {"min": "最小値", "max": "最大値", "mean": "平均値", "median": "中央値"}
REFERENCE_NAMES = {
    "municipal": "参考資料① 市区町村向けアンケート 単純集計",
    "prefectural": "参考資料③ 都県向けアンケート 単純集計",
}
FREE_TEXT_HEADING = "自由記述（{survey}向けアンケート）"
TABLE_STYLE = "Table Grid"
COLUMN_WIDTHS = (Cm(11.0), Cm(2.5), Cm(2.5))


def percent_cell(value: float | None) -> str:
    return "－" if value is None else f"{value:.1f}"


def count_cell(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def table_rows(table: SimpleTable) -> list[tuple[str, str, str]]:
    """The rows of one 資料編 table: options (with 無回答), then the statistics of a numeric item."""
    rows = [(r.label, count_cell(r.count), percent_cell(r.percent)) for r in table.rows]
    if table.stats:
        rows += [(STAT_LABELS[k], count_cell(table.stats[k]), "－") for k in STAT_LABELS]
    return rows


def add_tabulation(doc: Document, table: SimpleTable) -> None:
    """Heading, N and the 選択肢 / 回答数 / 割合 table of one item."""
    doc.add_heading(item_title(table.item), level=3)
    note = doc.add_paragraph(f"N={table.base:,}")
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rows = table_rows(table)
    grid = doc.add_table(rows=1 + len(rows), cols=3)
    grid.style = doc.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, (row, values) in enumerate(zip(grid.rows, [TABLE_HEADER, *rows], strict=True)):
        for col, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = COLUMN_WIDTHS[col]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(9)
            run.bold = row_index == 0
            if col > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def add_appendix(
    doc: Document, data: Dataset, tables: Mapping[str, Sequence[SimpleTable]], *, free_text: bool = True
) -> int:
    """資料編: one table per tabulated item of both surveys; returns how many tables were written."""
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading(APPENDIX_HEADING, level=1)
    written = 0
    for survey in SURVEYS:
        doc.add_heading(REFERENCE_NAMES.get(survey, survey), level=2)
        for table in tables.get(survey, ()):
            add_tabulation(doc, table)
            written += 1
    if free_text:
        for survey in SURVEYS:
            add_free_text(doc, data, survey)
    return written


def add_free_text(doc: Document, data: Dataset, survey: str) -> None:
    """The free-text answers of one survey, grouped by question (no names, no contact data)."""
    entries = list(free_text_entries(data, survey))
    if not entries:
        return
    doc.add_heading(FREE_TEXT_HEADING.format(survey=SURVEY_LABELS[survey]), level=2)
    current = None
    for e in entries:
        if e.item_id != current:
            current = e.item_id
            doc.add_heading(f"{e.number} {e.item_label}", level=3)
        doc.add_paragraph(f"・{e.text.strip()}")  # a plain paragraph: styled ones cost a style lookup each
