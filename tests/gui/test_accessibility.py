"""Accessibility: every input has a name a screen reader can say, the grid says its status as text,
and a copied table carries an HTML table that a word processor pastes as a table."""

from __future__ import annotations

import zipfile

import pytest
from forms import libreoffice_convert
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from window_helpers import load_and_wait

pytestmark = pytest.mark.gui
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView)


def unnamed_inputs(window: QWidget) -> list[str]:
    """Visible inputs with neither an accessible name, a text of their own nor a buddy label."""
    buddies = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisible():
            continue
        if type(widget).__name__ in ("QScrollBar", "QTabBar") or widget.objectName().startswith("qt_"):
            continue
        parent = widget.parentWidget()
        if parent is not None and (isinstance(parent, QComboBox | QAbstractSpinBox | QLineEdit)):
            continue  # a combo box's own line edit or a spin box's buttons: named by their owner
        if widget.inherits("QHeaderView") or (
            isinstance(widget, QAbstractButton) and isinstance(parent, QAbstractItemView)
        ):
            continue  # headers and a table's corner button (select all) belong to the table
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName() or text.strip() or id(widget) in buddies:
            continue
        missing.append(f"{type(widget).__name__} in {type(parent).__name__}")
    return missing


def test_every_visible_input_has_a_name(qtbot, window, small_inbox):
    assert unnamed_inputs(window) == []  # the start page
    load_and_wait(qtbot, window, [small_inbox])
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        assert unnamed_inputs(window) == [], window.tabs.tabText(index)


def test_unnamed_input_is_found(qtbot, window):
    """The walk above can fail: an input without a name is reported."""
    stray = QLineEdit(window.start_page)
    stray.show()
    assert unnamed_inputs(window) == ["QLineEdit in StartPage"]


def test_grid_says_its_status_as_text(qtbot, window, small_inbox):
    from PySide6.QtCore import Qt

    load_and_wait(qtbot, window, [small_inbox])
    tab = window.status_tab
    assert tab.select_code("08202")
    row = tab.grid.currentIndex().row()
    model = tab.proxy
    question_col = next(c for c in range(4, model.columnCount()) if tab.model.question(c).id == "Q6_1_med")
    cell = model.index(row, question_col)
    assert model.data(cell, Qt.ItemDataRole.AccessibleTextRole) == "6-(1) 医: 要確認（不正な値）"
    assert model.data(model.index(row, 3), Qt.ItemDataRole.AccessibleTextRole) == "提出状況: 提出済"
    missing = next(r for r in range(model.rowCount()) if model.data(model.index(r, 3)) == "未提出")
    assert model.data(model.index(missing, question_col), Qt.ItemDataRole.AccessibleTextRole) == (
        "6-(1) 医: 未提出"
    )


def test_chart_is_named_after_what_it_shows(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.simple_tab)
    assert window.simple_tab.select_item("municipal", "Q6_1_med")
    name = window.simple_tab.chart.canvas.accessibleName()
    assert name.startswith("図: 質問6-(1)")


def test_copied_table_pastes_as_a_table_in_writer(qtbot, window, small_inbox, tmp_path):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.simple_tab)
    assert window.simple_tab.select_item("municipal", "Q6_1_med")
    table = window.simple_tab.table
    table.selectAll()
    table.copy_selection()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.text().startswith("選択肢\t")
    source = tmp_path / "clip.html"
    source.write_text(f"<html><meta charset='utf-8'><body>{mime.html()}</body></html>", encoding="utf-8")
    odt = libreoffice_convert(source, "odt:writer8", tmp_path / "odt")
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    assert content.count("<table:table ") == 1
    assert content.count("<table:table-row") == 1 + table.frame_model.rowCount()
    assert "連携している" in content and "75.0%" in content


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def test_grid_marks_have_enough_contrast():
    from renkei_desktop.status_display import STATUS_COLOURS, text_colour_for

    ratios = {status: contrast(bg, text_colour_for(status)) for status, bg in STATUS_COLOURS.items()}
    assert min(ratios.values()) >= 4.5, ratios
    assert contrast("#d55e00", "#ffffff") < 4.5  # the old white-on-orange would fail this check
