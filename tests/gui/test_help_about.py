"""ヘルプ: the bundled manual (F1), バージョン情報 and ライセンス情報."""

from __future__ import annotations

import hashlib
import json
import re
import sys

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox, QPushButton

from renkei_desktop import __version__
from renkei_desktop.gui import office_actions
from renkei_desktop.gui.about_dialog import LICENCES_MISSING, LicenceDialog, VersionDialog
from renkei_desktop.gui.help_viewer import HelpViewer, manual_path, manual_sections

pytestmark = pytest.mark.gui
CHAPTERS = [
    "はじめに",
    "ファイルの読み込み",
    "回収状況の見方",
    "単純集計",
    "出力",
    "パスワード",
    "報告書",
    "印刷",
    "コマンドライン",
    "困ったときは",
    "バージョン情報とライセンス",
]


def test_manual_is_bundled_with_its_images():
    text = manual_path().read_text(encoding="utf-8")
    titles = [s.title for s in manual_sections(text)]
    assert len(titles) == len(CHAPTERS)
    for title, word in zip(titles, CHAPTERS, strict=True):
        assert word in title
    images = re.findall(r'<img\s[^>]*src="([^"]+)"', text)
    assert len(images) == 4
    for src in images:
        assert (manual_path().parent / src).stat().st_size > 20_000
    assert "http" not in text  # offline: no link leaves the manual


def test_f1_opens_the_manual_with_images_and_contents(window, qtbot):
    help_action = next(
        a for a in window.findChildren(type(window.reload_action)) if a.text() == "操作説明(&M)"
    )
    assert help_action.shortcut().toString() == "F1"
    help_action.trigger()
    viewer = window._help_viewer
    assert isinstance(viewer, HelpViewer)
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.contents.count() == len(CHAPTERS)
    plain = viewer.browser.toPlainText()
    assert "庁内連携調査 回収・集計ツール 操作説明書" in plain
    assert "パスワードの入力" in plain
    doc = viewer.browser.document()
    image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl("images/01_回収状況.png"))
    assert image is not None and image.width() == 1000
    viewer.contents.setCurrentRow(2)  # 回収状況の見方
    assert viewer.browser.verticalScrollBar().value() > 0
    viewer.search.setText("SHA-256")
    assert viewer.find_next()
    assert viewer.browser.textCursor().selectedText() == "SHA-256"
    office_actions.show_help(window)  # a second F1 raises the same window
    assert window._help_viewer is viewer


def test_the_manual_prints_from_its_window(qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    viewer = HelpViewer()
    qtbot.addWidget(viewer)
    button = next(b for b in viewer.findChildren(QPushButton) if b.text() == "印刷(&P)…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    preview = viewer.print_preview
    qtbot.waitUntil(preview.isVisible)
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() >= 7)
    preview.reject()


def test_external_links_are_not_followed(qtbot):
    viewer = HelpViewer()
    qtbot.addWidget(viewer)
    before = viewer.browser.source()
    viewer.browser.setSource(QUrl("https://example.com/"))
    assert viewer.browser.refused == ["https://example.com/"]
    assert viewer.browser.source() == before


def test_missing_manual_says_so(qtbot, tmp_path):
    viewer = HelpViewer(path=tmp_path / "manual.html")
    qtbot.addWidget(viewer)
    assert "操作説明書が見つかりません" in viewer.browser.toPlainText()


def test_version_dialog_in_a_source_checkout(qtbot, tmp_path):
    from renkei_desktop.build_info import build_info

    dialog = VersionDialog(info=build_info(tmp_path / "no_build_info.json"))  # as before any build
    qtbot.addWidget(dialog)
    text = dialog.text()
    assert f"バージョン: {__version__}" in text
    assert "ビルド日時: 開発版" in text
    assert "ソースから実行中" in text
    assert re.search(r"コミット: ([0-9a-f]{12}|不明)", text)


def test_version_dialog_of_a_frozen_build_shows_date_commit_and_hash(qtbot, tmp_path, monkeypatch):
    exe = tmp_path / "renkei-desktop.exe"
    exe.write_bytes(b"MZ" + b"\x00" * 3_000_000)
    info_file = tmp_path / "build_info.json"
    info_file.write_text(
        json.dumps({"version": "0.2.0", "build_date": "2026-12-01 09:30 UTC", "commit": "abc123def456"}),
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    from renkei_desktop.build_info import build_info

    dialog = VersionDialog(info=build_info(info_file))
    qtbot.addWidget(dialog)
    expected = hashlib.sha256(exe.read_bytes()).hexdigest()
    qtbot.waitUntil(lambda: dialog.sha256 == expected, timeout=10_000)
    text = dialog.text()
    assert "バージョン: 0.2.0" in text
    assert "ビルド日時: 2026-12-01 09:30 UTC" in text
    assert "コミット: abc123def456" in text
    assert f"SHA-256: {expected}" in text
    assert expected in dialog.label.text()


def test_licence_dialog_shows_notices_and_about_qt(qtbot, monkeypatch):
    try:
        from renkei_desktop import licences  # type: ignore[attr-defined]
    except ImportError:
        licences = None
    dialog = LicenceDialog()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=30_000)
    assert dialog.tabs.count() == 2
    if licences is None:
        assert dialog.project_page.toPlainText() == LICENCES_MISSING
        assert "THIRD_PARTY_NOTICES.txt" in dialog.notices_page.toPlainText()
    else:
        assert dialog.project_page.toPlainText() == licences.project_licence()
        notices = dialog.notices_page.toPlainText()
        assert notices == licences.third_party_notices()
        for name in ("PySide6", "pandas", "matplotlib", "IPA"):
            assert name in notices
    shown = []
    monkeypatch.setattr(QMessageBox, "aboutQt", lambda parent, title: shown.append(title))
    button = next(b for b in dialog.findChildren(QPushButton) if "Qt" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown == ["Qt について"]


def test_f1_opens_the_chapter_of_the_tab_on_screen(qtbot, window, small_inbox):
    from window_helpers import load_and_wait

    from renkei_desktop.gui.help_viewer import anchor_for_tab

    assert anchor_for_tab("回収状況") == "grid"
    assert anchor_for_tab("クロス集計(&3)") == "tabulation"
    assert anchor_for_tab(None) == "start"
    office_actions.show_help(window)  # the start page: the top of the manual
    viewer = window._help_viewer
    bar = viewer.browser.verticalScrollBar()
    top = bar.value()
    load_and_wait(qtbot, window, [small_inbox])
    window.tabs.setCurrentIndex(0)
    office_actions.show_help(window)
    at_grid = bar.value()
    assert at_grid > top
    window.tabs.setCurrentIndex(1)
    office_actions.show_help(window)
    assert bar.value() > at_grid  # 単純集計 comes after 回収状況 in the manual


def test_help_menu_lists_manual_log_licences_and_version(window, qtbot):
    from PySide6.QtWidgets import QMenu

    help_menu = next(m for m in window.findChildren(QMenu) if m.title() == "ヘルプ(&H)")
    actions = [a for a in help_menu.actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == [
        "操作説明(&M)",
        "ログファイルの場所(&L)",
        "ライセンス情報(&I)",
        "バージョン情報(&A)",
    ]
    actions[3].trigger()
    dialog = window.findChild(VersionDialog)
    assert dialog is not None and dialog.isVisible()
    actions[2].trigger()
    licences = window.findChild(LicenceDialog)
    assert licences is not None
    qtbot.waitUntil(lambda: licences.loaded, timeout=30_000)
