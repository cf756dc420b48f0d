"""What the first-time officer's walk-through found (issue 12), kept fixed: the grid, the output
folder, the status texts, short cross-table headers and the sample on a fresh profile."""

from __future__ import annotations

import pytest
from forms import fill_form
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from window_helpers import load_and_wait

from renkei_desktop.gui import exports

pytestmark = pytest.mark.gui


def test_prefecture_chosen_in_the_rates_table_filters_the_grid(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    tab = window.status_tab
    qtbot.waitUntil(lambda: tab.rates.frame_model.rowCount() == 11, timeout=5_000)
    tab.rates.setCurrentIndex(tab.rates.proxy.index(0, 0))  # 茨城県
    assert tab.prefecture.currentText() == "茨城県" and tab.proxy.rowCount() == 44
    tab.rates.setCurrentIndex(tab.rates.proxy.index(10, 0))  # 全体
    assert tab.prefecture.currentText() == "すべて" and tab.proxy.rowCount() == 450
    tab.rates.clearSelection()
    tab.rates.selectionModel().setCurrentIndex(
        tab.rates.proxy.index(1, 0), tab.rates.selectionModel().SelectionFlag.NoUpdate
    )  # what Tab into the table does: a current row, nothing chosen
    assert tab.prefecture.currentText() == "すべて"


def test_identity_columns_stay_while_the_grid_scrolls(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    grid = window.status_tab.grid
    frozen = grid.frozen_view
    assert [c for c in range(grid.model().columnCount()) if not frozen.isColumnHidden(c)] == [0, 1, 2]
    assert frozen.isVisible() and frozen.width() == sum(grid.columnWidth(c) for c in range(3))
    grid.horizontalScrollBar().setValue(grid.horizontalScrollBar().maximum())
    assert grid.horizontalScrollBar().value() > 0
    assert frozen.geometry().x() <= grid.frameWidth() + 1  # still at the left edge
    assert frozen.model().data(frozen.model().index(0, 2)) == "水戸市"
    grid.verticalScrollBar().setValue(30)
    assert frozen.verticalScrollBar().value() == 30


def test_next_query_jumps_and_wraps(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    tab = window.status_tab
    assert tab.next_query()
    assert tab.detail_title.text() == "茨城県 日立市（08202）"
    assert tab.next_query()  # the only one: wraps back to it
    assert tab.detail_title.text() == "茨城県 日立市（08202）"
    tab.search.setText("水戸")
    assert not tab.next_query() and tab.detail_title.text() == "表示中の団体に要確認はありません"


def test_outputs_default_beside_the_input_and_are_remembered(qtbot, window, tmp_path, monkeypatch):
    inbox = tmp_path / "回収" / "2026"
    fill_form(inbox / "水戸市.xlsx", "municipal", {})
    load_and_wait(qtbot, window, [inbox])
    assert exports.output_folder(window) == inbox.parent / "集計結果"
    offered = []
    chosen = tmp_path / "提出用"
    chosen.mkdir()

    def choose(parent, caption, start):
        offered.append(start)
        return str(chosen)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    worker = window.export_everything()
    with qtbot.waitSignal(worker.signals.finished, timeout=120_000):
        pass
    assert offered == [str(inbox.parent / "集計結果")]
    assert exports.output_folder(window) == chosen  # remembered for this input folder
    assert window.settings.output_folder(str(inbox)) == str(chosen)
    window.follow_timer.setInterval(200)
    load_and_wait(qtbot, window, [inbox])
    assert len(window.data.status_rows) == 460 and window.data.summary()["unreadable"] == 0


def test_status_bar_says_loading(qtbot, window, small_inbox):
    window.load([small_inbox])
    assert window.summary.text() == "読み込み中…"
    qtbot.waitUntil(lambda: window.worker is None, timeout=30_000)
    assert window.summary.text().startswith("回収 4/450")


def test_cross_table_headers_are_short(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.crosstab_tab)
    tab = window.crosstab_tab
    tab.choose("population_band", "Q6_1_med")
    model = tab.percent_table.frame_model
    full = str(model.frame.columns[2])
    shown = model.headerData(2, Qt.Orientation.Horizontal)
    assert shown.startswith("1 ") and len(shown) <= 10
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == full
    assert tab.save_button.text() == "Excel に保存(&S)…"


def test_simple_tree_shows_the_items_at_once(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.simple_tab)
    tree = window.simple_tab.tree
    question = tree.topLevelItem(0).child(4)  # 質問1, 3, 4, 5, 6
    assert question.isExpanded() and question.child(0).text(0).startswith("質問6-(1) 【医療・介護・福祉】")
    assert not question.child(0).text(0).endswith("…")


def test_sample_on_a_fresh_profile_shows_progress(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("RENKEI_DATA_DIR", str(tmp_path / "fresh"))
    texts: list[str] = []
    window.open_sample()
    assert window.isVisible() and window.summary.text().startswith("サンプルデータを準備しています")
    window.worker.signals.progress.connect(lambda *_: texts.append(window.progress_label.text()))
    qtbot.waitUntil(lambda: window.data is not None and window.worker is None, timeout=120_000)
    assert any(t.startswith("サンプルデータを作成中 ") for t in texts)
    assert window.summary.text().startswith("回収 248/450")
    out = exports.output_folder(window)  # not hidden in the app's data folder
    assert out.name == "庁内連携調査_サンプルの集計結果" and not out.is_relative_to(tmp_path / "fresh")
