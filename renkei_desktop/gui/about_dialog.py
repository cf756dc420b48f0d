"""バージョン情報 (version, build date, commit, the exe's SHA-256) and ライセンス情報 (the project's licence, the
third-party notices, Qt's own about box).

The notices come from ``renkei_desktop.licences`` (built from the installed distributions); it is imported
lazily, and a clear Japanese fallback is shown when it is missing.
"""

from __future__ import annotations

import html
import platform
from collections.abc import Callable

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.build_info import BuildInfo, build_info, executable_sha256
from renkei_desktop.gui.workers import Worker, start

APP_TITLE = "庁内連携調査 回収・集計ツール"
SHA_PENDING = "計算中…"
LOADING = "読み込んでいます…"
SHA_SOURCE = "—（ソースから実行中のため実行ファイルはありません）"
LICENCES_MISSING = (
    "ライセンス情報のモジュール（renkei_desktop.licences）がこの版に含まれていないため、表示できません。\n"
    "同梱ソフトウェアのライセンス条項は、実行ファイルと同じフォルダの THIRD_PARTY_NOTICES.txt を"
    "ご覧ください。"
)


def version_rows(info: BuildInfo, sha256: str) -> list[tuple[str, str]]:
    """The facts of バージョン情報, as (label, value) rows."""
    return [
        ("バージョン", info.version),
        ("ビルド日時", info.build_date),
        ("コミット", info.commit),
        ("SHA-256", sha256),
        ("Python", platform.python_version()),
        ("Qt / PySide6", f"{qVersion()} / {pyside_version}"),
    ]


def version_html(info: BuildInfo, sha256: str) -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td style='padding-left:12px'>{html.escape(v)}</td></tr>"
        for k, v in version_rows(info, sha256)
    )
    return f"<h3>{APP_TITLE}</h3><table>{rows}</table><p>インターネット接続・管理者権限は不要です。</p>"


def _sha_of_exe(progress=None, cancel=None) -> str | None:
    return executable_sha256()


class VersionDialog(QDialog):
    """バージョン情報; the SHA-256 of the exe (≈ 100 MB) is computed off the GUI thread."""

    def __init__(self, parent: QWidget | None = None, info: BuildInfo | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("バージョン情報")
        self.info = info or build_info()
        self.sha256 = SHA_PENDING if self.info.frozen else SHA_SOURCE
        self.label = QLabel()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("バージョン情報")
        copy = QPushButton("コピー(&C)")
        copy.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)
        self._refresh()
        self.worker: Worker | None = None
        if self.info.frozen:
            self.worker = Worker(_sha_of_exe)
            self.worker.signals.result.connect(self._set_sha)
            start(self.worker)

    def _set_sha(self, value: str | None) -> None:
        self.sha256 = value or "計算できませんでした"
        self._refresh()

    def _refresh(self) -> None:
        self.label.setText(version_html(self.info, self.sha256))

    def text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in [("名称", APP_TITLE), *version_rows(self.info, self.sha256)])

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def _licence_texts() -> tuple[str, str]:
    """(project licence, third-party notices), or the fallback when the licences module is absent."""
    try:
        from renkei_desktop import licences
    except ImportError:
        return LICENCES_MISSING, LICENCES_MISSING
    return _call_or(licences.project_licence), _call_or(licences.third_party_notices)


def _call_or(fn: Callable[[], str]) -> str:
    try:
        return fn()
    except (OSError, ValueError) as exc:
        return f"ライセンス情報を読み込めませんでした: {exc}\n\n{LICENCES_MISSING}"


def _text_page(text: str, name: str) -> QPlainTextEdit:
    page = QPlainTextEdit(text)
    page.setReadOnly(True)
    page.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    page.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    page.setAccessibleName(name)
    return page


def _licence_job(progress=None, cancel=None) -> tuple[str, str]:
    return _licence_texts()


class LicenceDialog(QDialog):
    """ライセンス情報: two read-only pages and a button for Qt's own about box. The notices (about 600,000
    characters, generated from the installed distributions in a source install) load off the GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ライセンス情報")
        self.tabs = QTabWidget()
        self.project_page = _text_page(LOADING, "本ツールのライセンス")
        self.notices_page = _text_page(LOADING, "同梱ソフトウェアのライセンス")
        self.tabs.addTab(self.project_page, "本ツールのライセンス")
        self.tabs.addTab(self.notices_page, "同梱ソフトウェア")
        about_qt = QPushButton("Qt について(&Q)…")
        about_qt.clicked.connect(lambda: QMessageBox.aboutQt(self, "Qt について"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(about_qt, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)
        self.loaded = False
        self.worker = Worker(_licence_job)
        self.worker.signals.result.connect(self._show_texts)
        self.worker.signals.error.connect(lambda message: self._show_texts((message, message)))
        start(self.worker)

    def _show_texts(self, texts: tuple[str, str]) -> None:
        self.project_page.setPlainText(texts[0])
        self.notices_page.setPlainText(texts[1])
        self.loaded = True


def show_version(parent: QWidget | None) -> VersionDialog:
    dialog = VersionDialog(parent)
    dialog.show()
    return dialog


def show_licences(parent: QWidget | None) -> LicenceDialog:
    dialog = LicenceDialog(parent)
    dialog.show()
    return dialog
