from __future__ import annotations

import pytest
from forms import T0, fill_form


@pytest.fixture(scope="session")
def small_inbox(tmp_path_factory):
    """Four municipalities (one with an invalid answer), one prefecture, one broken file."""
    root = tmp_path_factory.mktemp("inbox")
    fill_form(root / "水戸市.xlsx", "municipal", {}, mtime=T0)
    fill_form(root / "日立市.xlsx", "municipal", {"E17": "日立市", "E23": 174_508, "D55": "たぶん"}, mtime=T0)
    fill_form(root / "sub" / "土浦市.xlsx", "municipal", {"E17": "土浦市", "E23": 140_000}, mtime=T0)
    fill_form(root / "大子町.xlsx", "municipal", {"E17": "大子町", "E23": 16_500}, mtime=T0)
    fill_form(root / "東京都.xlsx", "prefectural", {}, mtime=T0)
    (root / "壊れた.xlsx").write_bytes(b"PK\x03\x04 broken")
    return root


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from renkei_desktop.gui.app import install_font
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.settings import Settings

    install_font(QApplication.instance())
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    return win
