"""ファイル → 印刷…: the current tab's tables and figure, printed to PDF and checked with poppler."""

from __future__ import annotations

import pytest
from pdf_helpers import pdf_images, pdf_page_size, pdf_pages, pdf_text, radicals
from PySide6.QtPrintSupport import QPrintPreviewWidget
from window_helpers import load_and_wait

from renkei_desktop.gui import printing

pytestmark = pytest.mark.gui


def test_simple_table_and_figure_print_to_pdf(qtbot, window, small_inbox, tmp_path):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentIndex(1)
    assert window.simple_tab.select_item("municipal", "Q6_1_med")
    job = printing.job_for_tab(window.simple_tab, "単純集計")
    assert len(job.tables) == 1 and len(job.figures) == 1
    pdf = printing.print_to_pdf(job, tmp_path / "simple.pdf")
    assert pdf_pages(pdf) == 1
    assert pdf_page_size(pdf) == pytest.approx((595, 842), abs=1)  # A4 portrait
    text = pdf_text(pdf)
    assert "単純集計" in text
    assert "質問6-(1)" in text
    for table in window.simple_tab.current:
        for row in table.rows:
            assert row.label in text
            assert f"{row.percent:.1f}%" in text
    assert len(pdf_images(pdf)) == 1


def test_status_tab_prints_rates_and_bodies(qtbot, window, small_inbox, tmp_path):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentIndex(0)
    job = printing.job_for_tab(window.status_tab, "回収状況")
    captions = [t.caption for t in job.tables]
    assert captions[0] == "都県別の回収状況"
    grid = next(t for t in job.tables if t.headers[:3] == ["都県", "団体コード", "団体名"])
    # the item columns do not fit a page: they are summed up per body
    assert grid.headers == ["都県", "団体コード", "団体名", "提出状況", "「未」の数", "「！」の数"]
    assert "「未」（未回答）と「！」（要確認）の数にまとめました" in grid.note
    by_name = {row[2]: row for row in grid.rows}
    assert int(by_name["日立市"][5]) >= 1  # 「たぶん」 is not an option
    assert by_name["水戸市"][5] == "0"
    assert by_name["古河市"][3:] == ["未提出", "", ""]
    assert len(grid.rows) == 450  # every target body, as the unfiltered grid shows
    pdf = printing.print_to_pdf(job, tmp_path / "status.pdf")
    pages = pdf_pages(pdf)
    assert 8 <= pages <= 20
    first = pdf_text(pdf, 1)
    assert "都県別の回収状況" in first and "茨城県" in first
    assert "水戸市" in pdf_text(pdf)  # as shown, not as the radicals ⽔⼾ the font shares glyphs with
    assert radicals(pdf_text(pdf)) == []
    assert f"{pages} " in pdf_text(pdf, pages) or pdf_text(pdf, pages).strip().endswith(str(pages))
    window.status_tab.only_missing.setChecked(True)  # prints what is shown
    missing = printing.job_for_tab(window.status_tab, "回収状況")
    grid_rows = next(t for t in missing.tables if t.headers[:3] == ["都県", "団体コード", "団体名"]).rows
    assert len(grid_rows) == 450 - 4
    assert all(row[3] == "未提出" for row in grid_rows)


def test_figure_prints_landscape_scaled_to_the_page(qtbot, window, small_inbox, tmp_path):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: window.figures_tab.list.count() > 0, timeout=20_000)
    window.figures_tab.list.setCurrentRow(0)
    job = printing.job_for_tab(window.figures_tab, "図表")
    assert job.tables == [] and len(job.figures) == 1
    assert job.landscape
    pdf = printing.print_to_pdf(job, tmp_path / "figure.pdf")
    assert pdf_pages(pdf) == 1
    assert pdf_page_size(pdf) == pytest.approx((842, 595), abs=1)
    [(_page, width, _height)] = pdf_images(pdf)
    assert width >= 1200  # the chart at print resolution (300 dpi), not a screen thumbnail


def test_print_menu_opens_a_preview(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentIndex(2)
    window.crosstab_tab.choose("population_band", "Q6_1_med")
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    window.print_action.trigger()
    preview = window.print_preview
    qtbot.waitUntil(preview.isVisible)
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() >= 1)
    assert "クロス集計" in preview.windowTitle()
    preview.reject()


def test_plain_label_drops_mnemonics():
    assert printing.plain_label("回収状況(&1)") == "回収状況"
    assert printing.plain_label("印刷(&P)…") == "印刷…"
    assert printing.plain_label("&Print") == "Print"


def test_print_before_loading_says_why(window):
    window.print_action.trigger()
    assert "印刷する表や図がありません" in window.statusBar().currentMessage()
    assert not hasattr(window, "print_preview")


def test_a_view_sharing_a_model_prints_once(qtbot):
    """A frozen-columns overlay (a second view on the same model) does not print the table twice."""
    import pandas as pd
    from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

    from renkei_desktop.gui.widgets.table_view import FrameTableView

    tab = QWidget()
    qtbot.addWidget(tab)
    table = FrameTableView()
    table.set_frame(pd.DataFrame({"団体名": ["水戸市", "日立市"], "件数": [3, 5]}))
    overlay = QTableView(table)
    overlay.setModel(table.model())
    QVBoxLayout(tab).addWidget(table)
    tab.show()
    job = printing.job_for_tab(tab, "表")
    assert [t.rows for t in job.tables] == [[["水戸市", "3"], ["日立市", "5"]]]


def test_no_two_window_actions_share_a_shortcut(window):
    """An ambiguous shortcut fires neither action (Ctrl+P was once both 印刷… and パスワードを入力…)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            continue  # e.g. each table's own Ctrl+C, active only where the focus is
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text}: {seen.get(text)} / {action.text()}"
            seen[text] = action.text()
    assert seen["Ctrl+P"] == "印刷(&P)…"
