"""The main tasks by keyboard alone: no table traps Tab, mnemonics and F3 work, exports and saves
are reached without a mouse (issue 12, keyboard)."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog
from window_helpers import load_and_wait

pytestmark = pytest.mark.gui
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press(key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        target = QApplication.focusWidget() or QApplication.activeWindow()
        QTest.keyClick(target, key, modifier)


def focus(qtbot):
    return QApplication.focusWidget()


def answer_next_dialog(key=Qt.Key.Key_Return, delay: int = 300) -> None:
    """Press ``key`` in the next modal dialog (as a user at the keyboard would)."""

    def hit() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, hit)
            return
        QTest.keyClick(dialog, key)

    QTimer.singleShot(delay, hit)


@pytest.fixture
def active(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def test_tables_let_tab_leave(qtbot, active):
    tab = active.status_tab
    tab.grid.setFocus()
    tab.grid.setCurrentIndex(tab.proxy.index(0, 5))
    press(Qt.Key.Key_Right)
    assert tab.grid.currentIndex().column() == 6  # arrows move inside
    press(Qt.Key.Key_Tab)
    assert focus(qtbot) is tab.rates  # Tab leaves the grid
    press(Qt.Key.Key_Tab)
    assert focus(qtbot) is tab.open_file or focus(qtbot) is not tab.rates
    tab.rates.setFocus()
    press(Qt.Key.Key_Backtab, SHIFT)
    assert focus(qtbot) is tab.grid  # and Shift+Tab comes back
    press(Qt.Key.Key_Tab, CTRL)
    assert active.tabs.currentWidget() is active.simple_tab  # Ctrl+Tab is not eaten by the table


def test_status_tasks_by_keyboard(qtbot, active, tmp_path, monkeypatch):
    tab = active.status_tab
    tab.grid.setFocus()
    press(Qt.Key.Key_K, ALT)
    assert focus(qtbot) is tab.prefecture  # 都県(&K) is the combo box's buddy
    press(Qt.Key.Key_Down)
    assert tab.prefecture.currentText() == "茨城県"
    press(Qt.Key.Key_N, ALT)  # a mnemonic clicks with a short animation
    qtbot.waitUntil(lambda: tab.only_missing.isChecked(), timeout=2_000)
    assert tab.proxy.rowCount() == 44 - 4  # 水戸・日立・土浦・大子 answered
    press(Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: not tab.only_missing.isChecked(), timeout=2_000)
    press(Qt.Key.Key_F3)
    qtbot.wait(200)
    assert tab.detail_title.text() == "茨城県 日立市（08202）" and focus(qtbot) is tab.grid
    assert tab.findings.frame_model.frame.iloc[0]["入力値"] == "たぶん"
    saved = tmp_path / "out"
    saved.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved / a[2].rsplit("/", 1)[-1]), "")
    )
    press(Qt.Key.Key_N, ALT)  # 未提出のみ again: 40 bodies of 茨城県 on screen
    qtbot.waitUntil(lambda: tab.only_missing.isChecked(), timeout=2_000)
    answer_next_dialog()  # 「表示中の 40 件」 is the default button
    press(Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: (saved / "未提出一覧_茨城県.xlsx").exists(), timeout=10_000)
    rows = list(
        openpyxl.load_workbook(saved / "未提出一覧_茨城県.xlsx")["未提出一覧"].iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 40 and {r[1] for r in rows[1:]} == {"茨城県"}
    assert active.notice.label.text() == "保存しました: 未提出一覧_茨城県.xlsx"
    assert active.notice.open_button.isVisibleTo(active)


def test_simple_tab_save_buttons_come_before_the_table(qtbot, active):
    press(Qt.Key.Key_Tab, CTRL)
    tab = active.simple_tab
    assert active.tabs.currentWidget() is tab
    tab.tree.setFocus()
    press(Qt.Key.Key_Down, times=3)
    assert tab.current  # an item was chosen with the arrows
    seen = []
    for _ in range(7):
        press(Qt.Key.Key_Tab)
        seen.append(focus(qtbot))
    chart = tab.chart
    assert seen[:6] == [chart.dpi_box, *chart.buttons.values(), tab.table]
    press(Qt.Key.Key_G, ALT)  # 図をコピー(&G)
    qtbot.waitUntil(lambda: active.notice.label.text().startswith("図をコピーしました（"), timeout=5_000)


def test_export_everything_by_keyboard(qtbot, active, tmp_path, monkeypatch):
    out = tmp_path / "all"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    press(Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: active.export_worker is not None, timeout=5_000)
    qtbot.waitUntil(lambda: active.export_worker is None, timeout=120_000)
    assert (out / "tabulation.xlsx").exists()
    assert active.notice.label.text().startswith("すべて出力しました")
