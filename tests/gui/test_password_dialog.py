"""The password dialog: closed files listed, one password tried on all of them, kept in memory only."""

from __future__ import annotations

import pytest
from container_builders import eml_bytes, seven_zip
from forms import fill_form
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from renkei_desktop.gui.password_dialog import PasswordDialog, SessionPasswords, locked_files

pytestmark = pytest.mark.gui
PASSWORD = "Kanto-2026"


def _drop(win, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(win, QDragEnterEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))
    QApplication.sendEvent(win, QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))


@pytest.fixture
def locked_inbox(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    inbox = tmp_path / "受信"
    inbox.mkdir()
    hitachi = fill_form(tmp_path / "src" / "日立市.xlsx", "municipal", {"E17": "日立市"})
    with open(hitachi, "rb") as plain, open(inbox / "日立市_回答.xlsx", "wb") as out:
        OOXMLFile(plain).encrypt(PASSWORD, out)
    tsuchiura = fill_form(tmp_path / "src" / "土浦市.xlsx", "municipal", {"E17": "土浦市"}).read_bytes()
    seven_zip(inbox / "土浦市.zip", {"土浦市_回答.xlsx": tsuchiura}, PASSWORD, "AES256")
    mito = fill_form(tmp_path / "src" / "水戸市.xlsx", "municipal", {}).read_bytes()
    (inbox / "水戸市から.eml").write_bytes(eml_bytes([("水戸市_回答.xlsx", mito)]))
    return inbox


def test_dialog_lists_closed_files_and_hides_the_password(qtbot, window, locked_inbox):
    _drop(window, [locked_inbox])
    qtbot.waitUntil(lambda: window.worker is None and window.data is not None, timeout=30_000)
    assert "（うちパスワード待ち 2 件）" in window.summary.text()
    files = locked_files(window.data)
    assert sorted(name for name, _ in files) == ["土浦市.zip", "日立市_回答.xlsx"]
    dialog = PasswordDialog(files, 0)
    qtbot.addWidget(dialog)
    assert dialog.files.count() == 2
    assert dialog.edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.edit, "x")
    assert dialog.ok_button.isEnabled()
    dialog.show()
    dialog.grab().save("/tmp/password_dialog.png")


def test_one_password_opens_every_closed_file(qtbot, window, locked_inbox, tmp_path):
    from renkei_desktop.logs import log_path

    _drop(window, [locked_inbox])
    qtbot.waitUntil(lambda: window.worker is None and window.data is not None, timeout=30_000)
    assert {r.code for r in window.data.of("municipal")} == {"08201"}

    def type_password() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PasswordDialog)
        dialog.edit.setText(PASSWORD)
        dialog.ok_button.click()

    QTimer.singleShot(200, type_password)
    before = window.data
    window.enter_password()
    qtbot.waitUntil(lambda: window.worker is None and window.data is not before, timeout=30_000)
    assert {r.code for r in window.data.of("municipal")} == {"08201", "08202", "08203"}
    assert "パスワード待ち" not in window.summary.text()
    assert window.data.summary()["password_pending"] == 0
    files = {r.file for r in window.data.of("municipal")}
    assert files == {"水戸市から.eml/水戸市_回答.xlsx", "日立市_回答.xlsx", "土浦市.zip/土浦市_回答.xlsx"}
    window.settings.sync()
    stored = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert PASSWORD not in stored
    if log_path().exists():
        assert PASSWORD not in log_path().read_text(encoding="utf-8", errors="replace")
    assert repr(window.passwords) == "SessionPasswords(1 件)"


def test_session_passwords_keep_order_and_ignore_repeats():
    store = SessionPasswords()
    assert store.add("a") and store.add("b") and not store.add("a") and not store.add("")
    assert store.as_list() == ["a", "b"] and len(store) == 2
