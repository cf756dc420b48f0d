"""Feedback after saves and copies; a clear message when the system cannot open a file or folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from renkei_desktop.gui.feedback import SaveNotice, notify, notify_saved, open_path

pytestmark = pytest.mark.gui


def test_notice_shows_open_buttons_for_a_saved_file(qtbot, tmp_path):
    notice = SaveNotice()
    qtbot.addWidget(notice)
    notice.show()
    saved = tmp_path / "未提出一覧_茨城県.xlsx"
    saved.write_bytes(b"x")
    notify_saved(saved)
    assert notice.label.text() == "保存しました: 未提出一覧_茨城県.xlsx" and notice.path == str(saved)
    assert notice.open_button.isVisible() and notice.folder_button.isVisible()
    notify("表をコピーしました（3 行）")
    assert notice.label.text() == "表をコピーしました（3 行）"
    assert not notice.open_button.isVisible() and not notice.folder_button.isVisible()


def test_folder_that_cannot_be_opened_is_reported(qtbot, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append((title, text)))
    opened = []

    def refuse(url: QUrl) -> bool:  # a PC without a file manager: the system says no
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", refuse)
    assert open_path(None, tmp_path) is False
    assert opened == [str(tmp_path)]
    assert errors[0][0] == "フォルダを開けませんでした" and str(tmp_path) in errors[0][1]
    assert open_path(None, tmp_path / "消えた.xlsx") is False
    assert errors[1] == ("開けませんでした", f"{tmp_path / '消えた.xlsx'} が見つかりません。")
