"""ヘルプ → 操作説明 (F1): the bundled Japanese manual (resources/help/manual.html) in a QTextBrowser, offline.

A contents list on the left jumps to the chapters; a search field finds text in the manual. Links that leave
the manual (http, mailto) are never followed: the app uses no network.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QPageSize, QShortcut, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.paths import resource_path

MANUAL_FILE = "manual.html"
PDF_NAME = "操作説明書.pdf"
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 1
_IMG_RE = re.compile(r'<img\s[^>]*src="([^"]+)"')
_SECTION_RE = re.compile(r'<a name="([\w-]+)"></a>\s*<h2>(.*?)</h2>', re.S)


# F1 opens the chapter about what is on screen (by the tab's label; the start page has none)
TAB_ANCHORS = {
    "回収状況": "grid",
    "単純集計": "tabulation",
    "クロス集計": "tabulation",
    "図表": "tabulation",
    "自由記述": "tabulation",
}


def anchor_for_tab(label: str | None) -> str:
    """The manual's chapter for a tab of the main window (「はじめに」 for the start page)."""
    if not label:
        return "start"
    return TAB_ANCHORS.get(re.sub(r"\(&\w\)|&", "", label).strip(), "start")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


def manual_path() -> Path:
    """The manual's HTML file (its images are in ``images/`` beside it)."""
    return resource_path("help", MANUAL_FILE)


def manual_sections(text: str) -> list[Section]:
    """The chapters of the manual: each ``<a name=…></a><h2>…</h2>`` pair, in order."""
    return [
        Section(a, html.unescape(re.sub(r"<[^>]+>", "", t)).strip()) for a, t in _SECTION_RE.findall(text)
    ]


def add_images(doc: QTextDocument, text: str, folder: Path) -> list[str]:
    """Register the manual's images with ``doc`` (a plain QTextDocument does not load files by itself);
    returns the sources that could not be loaded."""
    missing = []
    for src in dict.fromkeys(_IMG_RE.findall(text)):
        image = QImage(str(folder / src))
        if image.isNull():
            missing.append(src)
            continue
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(src), image)
    return missing


def manual_document(path: Path | None = None) -> QTextDocument:
    """The manual as a QTextDocument with its images (for printing and the PDF)."""
    path = path or manual_path()
    text = path.read_text(encoding="utf-8")
    doc = QTextDocument()
    add_images(doc, text, path.parent)
    doc.setHtml(text)
    return doc


class ManualBrowser(QTextBrowser):
    """A QTextBrowser that only follows links inside the manual."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []  # external links the user clicked (kept for the tests)

    def doSetSource(self, name: QUrl | str, type_=QTextDocument.ResourceType.UnknownResource) -> None:
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() not in ("", "file"):
            self.refused.append(url.toString())
            return
        super().doSetSource(url, type_)


class HelpViewer(QDialog):
    """The manual window (not modal: it can stay open beside the main window)."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("操作説明")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.path = path or manual_path()
        self.browser = ManualBrowser()
        self.browser.setAccessibleName("操作説明の本文")
        self.contents = QListWidget()
        self.contents.setAccessibleName("目次")
        self.contents.setWordWrap(True)
        self.contents.itemActivated.connect(self._jump)
        self.contents.currentItemChanged.connect(lambda item, _prev: self._jump(item))
        self.search = QLineEdit()
        self.search.setPlaceholderText("説明書の中を検索（Enter で次へ）")
        self.search.setAccessibleName("説明書の中を検索")
        self.search.returnPressed.connect(self.find_next)
        find_label = QLabel("検索(&S):")
        find_label.setBuddy(self.search)
        print_button = QPushButton("印刷(&P)…")
        print_button.clicked.connect(self.print_manual)
        close = QPushButton("閉じる")
        close.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(find_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(print_button)
        bar.addWidget(close)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 4)
        split.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.resize(1000, 760)
        self.sections: list[Section] = []
        self.load()

    def load(self) -> bool:
        """Show the manual; a missing manual gives a Japanese message instead of an empty window."""
        if not self.path.is_file():
            self.browser.setHtml(
                f"<h2>操作説明書が見つかりません</h2><p>{html.escape(str(self.path))} がありません。"
                "ツールを配布元から入れ直してください。</p>"
            )
            return False
        self.browser.setSearchPaths([str(self.path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        self.sections = manual_sections(self.path.read_text(encoding="utf-8"))
        self.contents.clear()
        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setData(ANCHOR_ROLE, section.anchor)
            self.contents.addItem(item)
        return True

    def print_manual(self) -> QPrintPreviewDialog:
        """A print preview of the whole manual (the same document as the PDF next to the exe)."""
        doc = manual_document(self.path)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName("操作説明書")
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle("印刷プレビュー — 操作説明書")
        dialog.paintRequested.connect(doc.print_)
        dialog._renkei_keep = (doc, printer)  # type: ignore[attr-defined]
        self.print_preview = dialog
        dialog.open()
        return dialog

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)

    def _jump(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_section(item.data(ANCHOR_ROLE))

    def find_next(self) -> bool:
        """Select the next match of the search text (wrapping round to the start once)."""
        text = self.search.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(text)


def open_help(parent: QWidget | None, anchor: str | None = None) -> HelpViewer:
    """Show the manual (one window per parent, raised when already open)."""
    viewer = getattr(parent, "_help_viewer", None) if parent is not None else None
    if viewer is None:
        viewer = HelpViewer(parent)
        if parent is not None:
            parent._help_viewer = viewer  # type: ignore[attr-defined]
    viewer.show()
    viewer.raise_()
    viewer.activateWindow()
    if anchor:
        viewer.show_section(anchor)
    return viewer
