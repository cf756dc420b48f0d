"""ファイル → 最近使ったフォルダ."""

from __future__ import annotations

import pytest

from renkei_desktop.gui.recent_menu import RecentFoldersMenu, menu_label

pytestmark = pytest.mark.gui


def test_menu_label_has_a_mnemonic_and_shortens_long_paths():
    assert menu_label(1, "/data/回収") == "&1 /data/回収"
    assert menu_label(2, "/a&b") == "&2 /a&&b"
    long = "/" + "フォルダ/" * 30
    label = menu_label(3, long)
    assert label.startswith("&3 /フォルダ") and "…" in label and len(label) <= 3 + 70
    assert menu_label(10, "/x") == "/x"


def test_recent_folders_in_the_file_menu_open_the_folder(qtbot, window, small_inbox, tmp_path):
    gone = tmp_path / "削除済み"
    window.settings.add_recent_folder(str(gone))
    window.settings.add_recent_folder(str(small_inbox))
    menu = window.findChild(RecentFoldersMenu)
    assert menu is not None and menu.title() == "最近使ったフォルダ(&R)"
    assert menu.menuAction() in window.menuBar().actions()[0].menu().actions()
    menu.aboutToShow.emit()  # rebuilt each time it opens
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert [a.data() for a in actions[:2]] == [str(small_inbox), str(gone)]
    assert actions[0].isEnabled() and not actions[1].isEnabled()
    assert actions[1].text().endswith("（見つかりません）")
    actions[0].trigger()
    qtbot.waitUntil(lambda: window.worker is None and window.data is not None, timeout=30_000)
    assert window.inputs == [small_inbox]
    assert len(window.data.of("municipal")) == 4
    menu.clear_history()
    assert window.settings.recent_folders() == []
    assert [a.text() for a in menu.actions()] == ["（まだありません）"]
