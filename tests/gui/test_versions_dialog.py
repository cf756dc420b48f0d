"""The versions view: differing answers side by side, a choice saved to the decisions file."""

from __future__ import annotations

import json

import pytest
from forms import T0, fill_form
from window_helpers import load_and_wait

from renkei_desktop.gui.versions_dialog import VersionsDialog, decisions_path
from renkei_desktop.versions import Decisions

pytestmark = pytest.mark.gui


@pytest.fixture
def own_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("RENKEI_DATA_DIR", str(tmp_path / "userdata"))
    from PySide6.QtWidgets import QApplication

    from renkei_desktop.gui.app import install_font
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.settings import Settings

    install_font(QApplication.instance())
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    return win


def test_versions_side_by_side_and_choice_round_trip(qtbot, own_window, tmp_path):
    inbox = tmp_path / "in"
    fill_form(inbox / "水戸市_当初.xlsx", "municipal", {"E23": 111_111}, mtime=T0)
    fill_form(inbox / "水戸市_修正.xlsx", "municipal", {"E23": 222_222, "E30": 9}, mtime=T0 + 3600)
    fill_form(inbox / "日立市.xlsx", "municipal", {"E17": "日立市"}, mtime=T0)
    data = load_and_wait(qtbot, own_window, [inbox])
    assert list(data.versions) == [("municipal", "08201")]
    dialog = own_window.review_versions()
    assert isinstance(dialog, VersionsDialog)
    assert dialog.bodies.count() == 1 and dialog.bodies.item(0).text() == "茨城県 水戸市（08201）: 2 版"
    table = dialog.table
    assert table.columnCount() == 3 and table.rowCount() == 2
    rows = {table.item(r, 0).text().split()[0]: [table.item(r, c).text() for c in (1, 2)] for r in range(2)}
    assert list(rows.values()) == [["222222", "111111"], ["9", "8"]]
    assert table.horizontalHeaderItem(1).text().startswith("★ 水戸市_修正.xlsx")
    dialog.grab().save("/tmp/versions_dialog.png")

    dialog.choice.setCurrentIndex(1)
    before = own_window.data
    dialog.choose_current()
    qtbot.waitUntil(lambda: own_window.worker is None and own_window.data is not before, timeout=30_000)
    mito = next(r for r in own_window.data.of("municipal") if r.code == "08201")
    assert mito.file == "水戸市_当初.xlsx" and mito.values["Q3_population"] == 111_111
    saved = json.loads(decisions_path().read_text(encoding="utf-8"))
    assert [(c["code"], c["file"]) for c in saved["choices"]] == [("08201", "水戸市_当初.xlsx")]
    assert Decisions.load(decisions_path()).choices[("municipal", "08201")].file == "水戸市_当初.xlsx"

    dialog.close()
    again = own_window.review_versions()
    assert again.counted.text() == "集計中: 水戸市_当初.xlsx（選択済み）"
    before = own_window.data
    again.reset_current()
    qtbot.waitUntil(lambda: own_window.worker is None and own_window.data is not before, timeout=30_000)
    assert next(r for r in own_window.data.of("municipal") if r.code == "08201").file == "水戸市_修正.xlsx"
    again.close()
