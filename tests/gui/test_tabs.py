"""単純集計・クロス集計・図表 tabs: what is shown, switching, chart and table exports, clipboard."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import openpyxl
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog
from window_helpers import load_and_wait

from renkei_desktop.gui.widgets.simple_tab import pair_of
from renkei_desktop.items import tab_items

pytestmark = pytest.mark.gui


def test_pairs_only_with_the_same_options():
    from renkei_desktop.codebook import load_codebook

    items = tab_items(load_codebook("municipal"))
    by_id = {i.item_id: i for i in items}
    assert pair_of(by_id["Q6_2_med"], items).item_id == "Q6_2_oth"
    assert pair_of(by_id["Q9_1_oth"], items).item_id == "Q9_1_med"
    assert pair_of(by_id["Q6_3_med"], items) is None  # different department lists
    assert pair_of(by_id["Q5_dept"], items) is None


def test_simple_tab_pair_and_chart(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.simple_tab)
    tab = window.simple_tab
    assert tab.select_item("municipal", "Q6_2_oth")
    assert [t.item_id for t in tab.current] == ["Q6_2_med", "Q6_2_oth"]
    frame = tab.table.frame_model.frame
    assert list(frame.columns) == [
        "選択肢",
        "実数（医療・介護・福祉）",
        "割合（医療・介護・福祉）",
        "実数（それ以外）",
        "割合（それ以外）",
    ]
    assert tab.chart.figure is not None
    assert tab.chart.canvas is not None
    assert tab.select_item("municipal", "Q3_population")
    frame = tab.table.frame_model.frame
    assert list(frame["選択肢"])[-4:] == ["最小値", "最大値", "平均値", "中央値"]


def test_crosstab_switch_and_export(qtbot, window, small_inbox, tmp_path, monkeypatch):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.crosstab_tab)
    tab = window.crosstab_tab
    tab.choose("population_band", "Q6_1_med")
    assert tab.result.item.item_id == "Q6_1_med"
    frame = tab.percent_table.frame_model.frame
    assert list(frame["人口規模"]) == [
        "2.5万人未満",
        "2.5万人以上7.5万人未満",
        "7.5万人以上20万人未満",
        "20万人以上",
        "全体",
    ]
    assert list(frame["N"]) == [1, 0, 2, 1, 4]
    grouped = tab.chart.figure
    tab.stacked.click()
    assert tab.mode == "stacked" and tab.chart.figure is not grouped
    tab.choose("item:Q5_dept", "Q6_5_med")
    assert tab.result.row_variable.key == "item:Q5_dept"

    png = tmp_path / "chart.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(png), ""))
    assert tab.chart.save_dialog("png") == png
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    svg = tmp_path / "chart.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(svg), ""))
    assert tab.chart.save_dialog("svg") == svg
    text = "".join(ET.parse(svg).getroot().itertext())
    assert "連携の方法" in text or "事業担当者間" in text

    tab.chart.copy_to_clipboard()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() > 300

    xlsx = tmp_path / "table.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    assert tab.percent_table.save_excel() == xlsx
    ws = openpyxl.load_workbook(xlsx).active
    assert (
        ws["A1"].value
        == "質問5 組織上、庁内の複数の部課室を横断した事業・取組を推進する専門の部課室の有無をご記入ください。"[
            :60
        ]
        or ws["B1"].value == "N"
    )


def test_export_never_overwrites_without_asking(qtbot, window, small_inbox, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.crosstab_tab)
    target = tmp_path / "chart.png"
    target.write_bytes(b"keep me")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert window.crosstab_tab.chart.save_dialog("png") is None
    assert target.read_bytes() == b"keep me"


def test_figures_tab_lists_the_report_set(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.figures_tab)
    tab = window.figures_tab
    numbers = [tab.list.item(i).data(256 + 1).number for i in range(tab.list.count())]
    assert numbers == list(range(3, 35))
    assert tab.select_number(4)
    assert tab.chart.figure is not None
    qtbot.waitUntil(lambda: not tab.list.item(0).icon().isNull(), timeout=60_000)


def test_export_all_in_background(qtbot, window, small_inbox, tmp_path):
    """すべて出力 runs in the background with Japanese progress, includes the cross tabulation built
    in the session, and confirms in the status bar without replacing the 回収 summary."""
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.crosstab_tab)
    window.crosstab_tab.choose("population_band", "Q8_1_current")
    summary = window.summary.text()
    texts: list[str] = []
    worker = window.start_export(tmp_path / "all")
    worker.signals.progress.connect(lambda *_: texts.append(window.progress_label.text()))
    with qtbot.waitSignal(worker.signals.finished, timeout=120_000):
        pass
    names = {p.name for p in (tmp_path / "all").iterdir()}
    assert {"tabulation.xlsx", "free_text.xlsx", "未提出一覧.xlsx", "要確認一覧.xlsx", "figures"} <= names
    assert any(p.suffix == ".png" for p in (tmp_path / "all" / "figures").iterdir())
    crosstabs = sorted(p.name for p in (tmp_path / "all" / "クロス集計").iterdir())
    assert crosstabs == [  # the one shown when the tab opened, and the one built
        "クロス集計_人口規模×質問6-(3)_Q6_3_med.xlsx",
        "クロス集計_人口規模×質問8-(1)_Q8_1_current.xlsx",
    ]
    sheet = openpyxl.load_workbook(tmp_path / "all" / "クロス集計" / crosstabs[1])["割合（行%）"]
    assert [c.value for c in sheet[1]][:2] == ["人口規模", "N"]
    assert window.summary.text() == summary
    notice = window.notice
    assert notice.label.text().startswith("すべて出力しました（") and notice.path == str(tmp_path / "all")
    assert notice.folder_button.isVisibleTo(window) and not notice.open_button.isVisibleTo(window)
    assert "出力中 9/10 図表" in texts and not any("figures" in t for t in texts)


def test_the_chart_on_screen_keeps_its_saved_layout_whatever_the_widget_size(qtbot):
    """The on-screen chart is the figure drawn at its design size, scaled to fit: resizing the window
    never re-lays the figure out (which put the title onto the legend at 150 % and 200 %)."""
    from renkei_desktop.charts.base import design_size
    from renkei_desktop.figures import find_figure, report_set
    from renkei_desktop.gui.widgets.chart_view import ChartView
    from renkei_desktop.loader import load_dataset
    from renkei_desktop.sample import ensure_sample

    data = load_dataset([ensure_sample()])
    spec = find_figure(report_set(data), 19)
    figure = spec.build()
    wanted = design_size(figure)
    view = ChartView()
    qtbot.addWidget(view)
    view.set_figure(figure, "図表19")
    drawn = view.canvas.image_size
    for size in ((1400, 900), (420, 300), (900, 1200)):
        view.resize(*size)
        view.show()
        qtbot.wait(20)
        assert tuple(figure.get_size_inches()) == pytest.approx(wanted)
        assert view.canvas.image_size == drawn
        shown = view.canvas.pixmap().deviceIndependentSize()
        assert shown.width() <= view.canvas.width() + 1 and shown.height() <= view.canvas.height() + 1
        assert abs(shown.width() / shown.height() - drawn[0] / drawn[1]) < 0.02
