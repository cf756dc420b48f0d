"""The window as a user drives it: drop, load in the background, cancel, filter, copy, export."""

from __future__ import annotations

import gc
import itertools
import sys
import time

import openpyxl
import pytest
from forms import digest_tree, fill_form
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import load_and_wait

pytestmark = pytest.mark.gui


def drop(win, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, event)
    return event


def test_start_page_then_drop_folder(qtbot, window, small_inbox):
    assert window.stack.currentWidget() is window.start_page
    before = digest_tree(small_inbox)
    drop(window, [small_inbox])
    qtbot.waitUntil(lambda: window.data is not None and window.worker is None, timeout=30_000)
    assert window.stack.currentWidget() is window.tabs
    assert window.summary.text() == "回収 4/450（0.9%）・都県 1/10・要確認 1 件・読込不可 1 件"
    assert digest_tree(small_inbox) == before
    qtbot.waitUntil(lambda: len(window.status_tab.problems.frame_model.frame) == 1, timeout=5_000)
    problems = window.status_tab.problems.frame_model.frame
    assert list(problems["ファイル"]) == ["壊れた.xlsx"]
    assert problems["理由"][0].startswith("ファイルが壊れています")


def test_load_hands_over_prepared_views(qtbot, window, small_inbox):
    """The status tab shows the tables the load worker prepared (nothing recomputed on the GUI
    thread), and the fixed columns are at least as wide as Qt would make them from every row."""
    load_and_wait(qtbot, window, [small_inbox])
    assert window.views is not None and window.views.data is window.data
    assert window.status_tab.views is window.views
    assert window.status_tab.model.rows() is window.views.grids["municipal"].rows
    grid = window.status_tab.grid
    ours = [grid.columnWidth(c) for c in range(4)]
    grid.horizontalHeader().setResizeContentsPrecision(-1)
    for c in range(4):
        grid.resizeColumnToContents(c)
        assert ours[c] >= grid.columnWidth(c), (c, ours[c], grid.columnWidth(c))


def test_drop_adds_files_to_the_current_set(qtbot, window, small_inbox, tmp_path):
    extra = fill_form(tmp_path / "extra" / "古河市.xlsx", "municipal", {"E17": "古河市"})
    load_and_wait(qtbot, window, [small_inbox])
    drop(window, [extra])
    qtbot.waitUntil(lambda: window.worker is None and len(window.data.of("municipal")) == 5, timeout=30_000)
    assert window.inputs == [small_inbox, extra]


def test_worker_signals_and_progress(qtbot, window, small_inbox):
    seen = []
    window.load([small_inbox])
    window.worker.signals.progress.connect(lambda d, t, n: seen.append((d, t)))
    with qtbot.waitSignal(window.worker.signals.finished, timeout=30_000):
        pass
    assert seen[-1] == (6, 6)
    assert window.progress.isHidden()


def test_cancel_keeps_previous_results(qtbot, window, tmp_path):
    inbox = tmp_path / "many"
    for i in range(40):
        fill_form(inbox / f"{i:02d}_水戸市.xlsx", "municipal", {})
    window.load([inbox])
    window.worker.signals.progress.connect(lambda d, t, n: window.cancel() if d == 3 else None)
    qtbot.waitUntil(lambda: window.worker is None, timeout=30_000)
    assert window.data is None
    assert "キャンセル" in window.summary.text()


def test_event_loop_keeps_turning_while_loading(qtbot, window, tmp_path):
    inbox = tmp_path / "many"
    for i in range(60):
        fill_form(inbox / f"{i:02d}.xlsx", "municipal", {})
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    window.load([inbox])
    qtbot.waitUntil(lambda: window.worker is None, timeout=60_000)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 5
    assert max(gaps) < 0.5  # the GUI thread was never blocked for long


def test_filter_and_select_row_shows_findings(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    tab = window.status_tab
    tab.only_queries.setChecked(True)
    assert tab.proxy.rowCount() == 1
    assert tab.select_code("08202")
    findings = tab.findings.frame_model.frame
    assert list(findings.columns) == ["設問", "セル", "入力値", "種別", "内容"]
    first = findings.iloc[0]
    assert (first["設問"], first["セル"], first["入力値"]) == ("質問6-(1)", "D55", "たぶん")
    assert tab.file_label.text().endswith("日立市.xlsx")
    tab.only_queries.setChecked(False)
    tab.only_missing.setChecked(True)
    assert tab.proxy.rowCount() == 446
    tab.survey_buttons.buttons()[1].click()
    assert tab.model.rowCount() == 10 and tab.proxy.rowCount() == 9


def test_copy_table_as_tsv(qtbot, window, small_inbox):
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentWidget(window.simple_tab)
    assert window.simple_tab.select_item("municipal", "Q6_1_med")
    table = window.simple_tab.table
    table.selectAll()
    table.copy_selection()
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["選択肢", "実数（医療・介護・福祉）", "割合（医療・介護・福祉）"]
    assert lines[1].split("\t")[:3] == ["連携している", "3", "75.0%"]


def test_export_query_list(qtbot, window, small_inbox, tmp_path, monkeypatch):
    load_and_wait(qtbot, window, [small_inbox])
    target = tmp_path / "要確認.xlsx"
    monkeypatch.setattr("renkei_desktop.gui.exports.ask_list_path", lambda *a: target)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert window.export_list("queries") == target
    ws = openpyxl.load_workbook(target)["要確認一覧"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][:6] == ["調査", "都県", "団体コード", "団体名", "設問", "セル"]
    assert rows[1][:7] == ["市区町村", "茨城県", "08202", "日立市", "質問6-(1)", "D55", "たぶん"]
    assert len(rows[0]) == 10  # no contact columns unless asked


def test_unhandled_exception_shows_japanese_dialog(qtbot, monkeypatch, tmp_path):
    import sys

    from renkei_desktop.gui.app import install_exception_hook

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    old = sys.excepthook
    try:
        install_exception_hook(tmp_path / "app.log")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown and shown[0].startswith("予期しないエラーが発生しました")
    assert str(tmp_path / "app.log") in shown[0]


def test_settings_remember_folder_and_geometry(qtbot, window, small_inbox, tmp_path):
    from renkei_desktop.gui.settings import Settings

    load_and_wait(qtbot, window, [small_inbox])
    window.resize(1000, 700)
    window.close()
    settings = Settings(tmp_path / "settings.ini")
    assert settings.last_folder() == str(small_inbox)
    assert settings.recent_folders() == [str(small_inbox)]
    assert settings.geometry() is not None
    assert (tmp_path / "settings.ini").read_text(encoding="utf-8").count("[paths]") == 1


def test_open_sample_from_the_start_page(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    button = next(
        b for b in window.start_page.findChildren(QPushButton) if b.text() == "サンプルデータを開く(&A)"
    )
    button.click()
    qtbot.waitUntil(lambda: window.data is not None and window.worker is None, timeout=60_000)
    assert window.summary.text() == "回収 248/450（55.1%）・都県 10/10・要確認 0 件・読込不可 0 件"
    qtbot.waitUntil(lambda: len(window.status_tab.rates.frame_model.frame) == 11, timeout=5_000)
    rates = window.status_tab.rates.frame_model.frame
    assert rates.iloc[-1].tolist() == ["全体", 248, 450, 55.1]
    assert rates.iloc[0].tolist() == ["茨城県", 26, 44, 59.1]


def test_folder_is_followed(qtbot, window, tmp_path):
    inbox = tmp_path / "inbox"
    fill_form(inbox / "水戸市.xlsx", "municipal", {})
    load_and_wait(qtbot, window, [inbox])
    qtbot.waitUntil(lambda: str(inbox) in window.watcher.directories(), timeout=5_000)
    assert str(inbox / "水戸市.xlsx") in window.watcher.files()
    window.follow_timer.setInterval(200)
    fill_form(inbox / "日立市.xlsx", "municipal", {"E17": "日立市"})  # a new file arrives
    qtbot.waitUntil(lambda: window.data is not None and len(window.data.of("municipal")) == 2, timeout=20_000)
    (inbox / "水戸市.xlsx").unlink()  # and one is taken away
    qtbot.waitUntil(lambda: [r.code for r in window.data.of("municipal")] == ["08202"], timeout=20_000)
    assert window.summary.text().startswith("回収 1/450")


def test_folder_is_still_followed_after_an_export(qtbot, window, tmp_path):
    """Issue 15: after すべて出力 the window kept deferring the follow-up reload for ever."""
    inbox = tmp_path / "inbox"
    fill_form(inbox / "水戸市.xlsx", "municipal", {})
    load_and_wait(qtbot, window, [inbox])
    qtbot.waitUntil(lambda: str(inbox) in window.watcher.directories(), timeout=5_000)
    worker = window.start_export(tmp_path / "out")
    with qtbot.waitSignal(worker.signals.finished, timeout=120_000):
        pass
    window.follow_timer.setInterval(200)
    fill_form(inbox / "日立市.xlsx", "municipal", {"E17": "日立市"})
    qtbot.waitUntil(lambda: len(window.data.of("municipal")) == 2, timeout=20_000)
    assert window.summary.text().startswith("回収 2/450")


def test_process_tuning_happens_in_main_not_in_the_window(qtbot, tmp_path, monkeypatch):
    """gc.freeze and the switch interval are process-wide: app.main sets them once the window is
    built, and constructing a MainWindow (as tests and the benchmark do) leaves them alone."""
    from renkei_desktop.gui import app as gui_app
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.settings import Settings

    old_interval = sys.getswitchinterval()
    gc.unfreeze()
    sys.setswitchinterval(0.005)
    try:
        win = MainWindow(Settings(tmp_path / "a.ini"))
        qtbot.addWidget(win)
        assert gc.get_freeze_count() == 0 and sys.getswitchinterval() == pytest.approx(0.005)
        monkeypatch.setenv("RENKEI_DATA_DIR", str(tmp_path))
        assert gui_app.main(["--screenshot", str(tmp_path / "shots")]) == 0
        assert gc.get_freeze_count() > 0 and sys.getswitchinterval() == pytest.approx(0.001)
        assert len(list((tmp_path / "shots").glob("*.png"))) == 5
    finally:
        sys.setswitchinterval(old_interval)
