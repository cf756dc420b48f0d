"""Dropping mails and archives works like dropping workbooks; Outlook's virtual files are explained."""

from __future__ import annotations

import struct

import pytest
from container_builders import eml_bytes, zip_bytes
from forms import fill_form
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from renkei_desktop.gui.mime import OUTLOOK_DESCRIPTOR, outlook_drop_names

pytestmark = pytest.mark.gui


def _send_drop(win, mime: QMimeData) -> None:
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(win, QDragEnterEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))
    QApplication.sendEvent(win, QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))


def test_dropping_a_zip_and_a_mail_counts_their_responses(qtbot, window, tmp_path):
    mito = fill_form(tmp_path / "s" / "水戸市.xlsx", "municipal", {}).read_bytes()
    hitachi = fill_form(tmp_path / "s" / "日立市.xlsx", "municipal", {"E17": "日立市"}).read_bytes()
    archive = tmp_path / "茨城県_取りまとめ.zip"
    archive.write_bytes(zip_bytes([("茨城県回答/08201_水戸市.xlsx", mito)], "cp932"))
    mail = tmp_path / "日立市から.eml"
    mail.write_bytes(eml_bytes([("08202_日立市.xlsx", hitachi)], name_style="rfc2047-jis"))
    empty = tmp_path / "お礼.eml"
    empty.write_bytes(eml_bytes([]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (archive, mail, empty)])
    _send_drop(window, mime)
    qtbot.waitUntil(lambda: window.worker is None and window.data is not None, timeout=30_000)
    files = sorted(r.file for r in window.data.of("municipal"))
    assert files == ["日立市から.eml/08202_日立市.xlsx", "茨城県_取りまとめ.zip/茨城県回答/08201_水戸市.xlsx"]
    rows = [(r.status, r.file) for r in window.data.status_rows if r.status == "no_workbook"]
    assert rows == [("no_workbook", "お礼.eml")]
    assert window.progress.maximum() == 2  # progress counts the responses found inside the containers


def _descriptor(names: list[str]) -> bytes:
    out = struct.pack("<I", len(names))
    for name in names:
        out += b"\0" * 72 + name.encode("utf-16-le").ljust(520, b"\0")
    return out


def test_outlook_virtual_files_get_an_explanation(qtbot, window, monkeypatch):
    mime = QMimeData()
    mime.setData(OUTLOOK_DESCRIPTOR, _descriptor(["08201_水戸市.xlsx", "送付状.docx"]))
    assert outlook_drop_names(mime) == ["08201_水戸市.xlsx", "送付状.docx"]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))
    assert len(shown) == 1 and "08201_水戸市.xlsx、送付状.docx" in shown[0] and "保存してから" in shown[0]
    assert window.worker is None and window.data is None


def test_single_outlook_attachment_is_read_from_the_drop(qtbot, window, tmp_path):
    from renkei_desktop.gui.mime import OUTLOOK_CONTENTS

    book = fill_form(tmp_path / "s" / "水戸市.xlsx", "municipal", {}).read_bytes()
    mime = QMimeData()
    mime.setData(OUTLOOK_DESCRIPTOR, _descriptor(["08201_水戸市.xlsx"]))
    mime.setData(OUTLOOK_CONTENTS, book)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))
    qtbot.waitUntil(lambda: window.worker is None and window.data is not None, timeout=30_000)
    (mito,) = window.data.of("municipal")
    assert mito.file == "Outlook からドロップ/08201_水戸市.xlsx" and mito.path == ""
    assert list(tmp_path.rglob("*")) == [tmp_path / "s", tmp_path / "s" / "水戸市.xlsx"]  # nothing written


def test_a_quiet_copy_does_not_flag_the_body_in_the_grid(tmp_path):
    from renkei_desktop.gui.status_views import build_rows
    from renkei_desktop.loader import load_dataset

    hitachi = fill_form(tmp_path / "s" / "日立市.xlsx", "municipal", {"E17": "日立市"}).read_bytes()
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "08202_日立市.xlsx").write_bytes(hitachi)
    (inbox / "取りまとめ.zip").write_bytes(zip_bytes([("08202_日立市.xlsx", hitachi)], "cp932"))
    fill_form(inbox / "水戸市_1.xlsx", "municipal", {"E23": 1})
    fill_form(inbox / "水戸市_2.xlsx", "municipal", {"E23": 2})
    rows = {row.status_row.code: row.row_status for row in build_rows(load_dataset([inbox]), "municipal")}
    assert rows["08202"] == "returned"  # the identical copy is listed, but nothing to look at
    assert rows["08201"] == "duplicate"  # two different versions: flagged
