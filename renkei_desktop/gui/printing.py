"""ファイル → 印刷…: a print preview of what the current tab shows (its tables and its figure).

Tables are rendered as HTML into a QTextDocument (header rows repeat on every page, page numbers at the
foot); figures are the chart rendered to an image and scaled to the page width (and height). The same
document goes to the preview, a printer or a PDF file (QPrinter.PdfFormat), so what the test checks in the
PDF is what the user sees in the preview.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QGroupBox,
    QLabel,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from renkei_desktop.gui import charting
from renkei_desktop.gui.pdf_unicode import fix_pdf_text
from renkei_desktop.status_display import STATUS_MARKS
from renkei_desktop.validation import ItemStatus

FIGURE_DPI = 300
MAX_TABLE_ROWS = 5000  # a table longer than this prints its first rows and says so
MAX_TABLE_COLUMNS = 30  # wider tables (the status grid) print their identifying columns and a summary
WIDE_COLUMNS = 7  # a table wider than this prints landscape
IDENTIFYING_COLUMNS = 4
SUMMARY_MARKS = (STATUS_MARKS[ItemStatus.UNANSWERED], STATUS_MARKS[ItemStatus.INVALID])
SUMMARY_HEADERS = [f"「{m}」の数" for m in SUMMARY_MARKS]
MARGIN_MM = 12.0
DOC_MARGIN_CM = 2.0  # QTextDocument.print adds 2 cm margins on every side
SCREEN_DPI = 96.0


@dataclass
class PrintTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class PrintJob:
    """What a print of the current tab contains."""

    title: str
    subtitle: str = ""
    tables: list[PrintTable] = field(default_factory=list)
    figures: list[QImage] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.tables and not self.figures

    @property
    def landscape(self) -> bool:
        wide = any(len(t.headers) > WIDE_COLUMNS for t in self.tables)
        return wide or (not self.tables and any(f.width() > f.height() for f in self.figures))


def plain_label(label: str) -> str:
    """A tab's or menu's label without its mnemonic: 「回収状況(&1)」 → 「回収状況」."""
    return re.sub(r"\(&\w\)|&", "", label).strip()


def _text(model, row: int, col: int) -> str:
    value = model.data(model.index(row, col, QModelIndex()), Qt.ItemDataRole.DisplayRole)
    return "" if value is None else str(value)


def table_from_model(model, caption: str = "") -> PrintTable:
    """The rows and columns of a (proxy) model as displayed: sorted and filtered as on screen. A table
    too wide for any page (the status grid, one column per item) prints its identifying columns and,
    per row, how many of its item cells show 未 (未回答) and ！ (要確認), as on screen."""
    columns = model.columnCount()
    count = min(model.rowCount(), MAX_TABLE_ROWS)
    kept = min(columns, IDENTIFYING_COLUMNS) if columns > MAX_TABLE_COLUMNS else columns
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        for c in range(kept)
    ]
    rows = [[_text(model, r, c) for c in range(kept)] for r in range(count)]
    note = ""
    if kept < columns:
        note = (
            f"設問ごとの {columns - kept} 列は、画面の記号「未」（未回答）と「！」（要確認）の数にまとめました"
            "（各設問は画面または Excel 出力で確認できます）。"
        )
        headers += SUMMARY_HEADERS
        for r, row in enumerate(rows):
            marks = [_text(model, r, c) for c in range(kept, columns)]
            row += [str(marks.count(m)) if any(marks) else "" for m in SUMMARY_MARKS]
    if model.rowCount() > MAX_TABLE_ROWS:
        note += f"先頭の {MAX_TABLE_ROWS:,} 行のみ印刷します（全 {model.rowCount():,} 行）。"
    return PrintTable(caption, headers, rows, note)


def figure_image(figure, dpi: int = FIGURE_DPI) -> QImage:
    """The matplotlib figure as an image at ``dpi`` (laid out as for export)."""
    buffer = io.BytesIO()
    charting.render_png(figure, buffer, dpi=dpi)
    return QImage.fromData(buffer.getvalue())


def _label_before(view: QWidget) -> str:
    """The text of a QLabel placed just before ``view`` in its box layout (e.g. 「都県別の回収状況」)."""
    parent = view.parentWidget()
    if parent is None or isinstance(parent, QStackedWidget):
        return ""
    layout = parent.layout()
    if not isinstance(layout, QBoxLayout):
        return ""
    index = layout.indexOf(view)
    item = layout.itemAt(index - 1) if index > 0 else None
    before = item.widget() if item is not None else None
    return before.text() if isinstance(before, QLabel) else ""


def _caption(view: QWidget, tab: QWidget) -> str:
    if view.accessibleName():
        return view.accessibleName()
    if _label_before(view):
        return _label_before(view)
    parent = view.parentWidget()
    while parent is not None and parent is not tab:
        if isinstance(parent, QGroupBox):
            return parent.title()
        stack_owner = parent.parentWidget()
        if isinstance(stack_owner, QTabWidget) and stack_owner.indexOf(view) >= 0:
            return stack_owner.tabText(stack_owner.indexOf(view)).replace("&", "")
        parent = stack_owner
    return ""


def job_for_tab(tab: QWidget, tab_title: str) -> PrintJob:
    """Collect the visible tables (with rows) and the shown figure of one tab of the main window."""
    from renkei_desktop.gui.widgets.chart_view import ChartView

    title = getattr(tab, "title", None)
    job = PrintJob(tab_title, title.text() if isinstance(title, QLabel) else "")
    views = sorted(
        tab.findChildren(QTableView),
        key=lambda v: (v.mapTo(tab, QPoint(0, 0)).y(), v.mapTo(tab, QPoint(0, 0)).x()),
    )
    seen: list[object] = []  # a frozen-columns overlay shares its table's model: print the table once
    for view in views:
        model = view.model()
        if not view.isVisibleTo(tab) or model is None or model.rowCount() == 0 or model.columnCount() < 2:
            continue
        if any(model is other for other in seen):
            continue
        seen.append(model)
        caption = _caption(view, tab)
        job.tables.append(table_from_model(model, "" if caption == job.subtitle else caption))
    for chart in tab.findChildren(ChartView):
        if chart.isVisibleTo(tab) and chart.figure is not None:
            job.figures.append(figure_image(chart.figure))
    return job


def table_html(table: PrintTable) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in table.rows
    )
    caption = f"<h3>{html.escape(table.caption)}</h3>" if table.caption else ""
    note = f"<p><i>{html.escape(table.note)}</i></p>" if table.note else ""
    return (
        f"{caption}{note}<table border='1' cellspacing='0' cellpadding='2' width='100%'>"
        f"<thead><tr style='background-color:#ddebf7'>{head}</tr></thead>{body}</table>"
    )


def body_size_px(printer: QPrinter) -> tuple[float, float]:
    """The printable body of a page in the document's units (96 dpi pixels), after QTextDocument's margins."""
    rect = printer.pageLayout().paintRect(QPageLayout.Unit.Millimeter)
    to_px = SCREEN_DPI / 25.4
    margin = DOC_MARGIN_CM * 10 * 2
    return (rect.width() - margin) * to_px, (rect.height() - margin) * to_px


def build_document(job: PrintJob, printer: QPrinter) -> QTextDocument:
    """The print document: title, tables, then each figure scaled to fit the page."""
    doc = QTextDocument()
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(8.5 if job.landscape or any(len(t.headers) > 4 for t in job.tables) else 9.5)
    doc.setDefaultFont(font)
    width, height = body_size_px(printer)
    parts = [f"<h2>{html.escape(job.title)}</h2>"]
    if job.subtitle:
        parts.append(f"<p><b>{html.escape(job.subtitle)}</b></p>")
    parts.extend(table_html(t) for t in job.tables)
    for i, image in enumerate(job.figures):
        name = f"figure{i}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        ratio = image.width() / max(image.height(), 1)
        shown = min(width - 4, (height - 80) * ratio)
        parts.append(f"<p><img src='{name}' width='{int(shown)}' height='{int(shown / ratio)}'></p>")
    if job.empty:
        parts.append("<p>印刷する表や図がありません。</p>")
    doc.setHtml("".join(parts))
    return doc


def make_printer(job: PrintJob, printer: QPrinter | None = None) -> QPrinter:
    """A printer set to A4, the job's orientation and narrow margins (the user may change them)."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    orientation = QPageLayout.Orientation.Landscape if job.landscape else QPageLayout.Orientation.Portrait
    printer.setPageOrientation(orientation)
    printer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    printer.setDocName(job.title)
    return printer


def render(job: PrintJob, printer: QPrinter) -> None:
    """Print the job on ``printer`` (a real printer, the preview's, or a PDF file)."""
    build_document(job, printer).print_(printer)


def print_to_pdf(job: PrintJob, path: Path) -> Path:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    render(job, make_printer(job, printer))
    del printer  # finishes the file
    fix_pdf_text(path)
    return path


def preview_dialog(parent: QWidget | None, job: PrintJob) -> QPrintPreviewDialog:
    """The print preview of ``job`` (not yet shown)."""
    printer = make_printer(job)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"印刷プレビュー — {job.title}")
    dialog.paintRequested.connect(lambda p: render(job, p))
    dialog.resize(1000, 800)
    dialog._renkei_printer = printer  # type: ignore[attr-defined]  # keep the printer alive
    return dialog


def open_preview(parent: QWidget, tab: QWidget, label: str) -> QPrintPreviewDialog:
    """ファイル → 印刷…: collect what ``tab`` shows and open its print preview (window-modal). Reading a large
    table (the status grid: 450 × 80 cells) takes a moment, so the cursor says so meanwhile."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        dialog = preview_dialog(parent, job_for_tab(tab, plain_label(label)))
    finally:
        QApplication.restoreOverrideCursor()
    dialog.open()
    return dialog
