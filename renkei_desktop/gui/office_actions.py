"""The main window's menu entries for help and office habits: 最近使ったフォルダ, 印刷…, the ヘルプ menu.

Kept out of main_window.py: the window only calls these when it builds its menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from renkei_desktop.gui import printing
from renkei_desktop.gui.about_dialog import show_licences, show_version
from renkei_desktop.gui.help_viewer import anchor_for_tab, open_help
from renkei_desktop.gui.recent_menu import RecentFoldersMenu


def add_action(window: Any, menu: QMenu, text: str, slot, shortcut: QKeySequence | None = None) -> QAction:
    """A menu entry of the window: its text, what it calls and its shortcut."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(shortcut)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def recent_menu(window: Any) -> RecentFoldersMenu:
    """ファイル → 最近使ったフォルダ (loads the chosen folder in ``window``)."""
    return RecentFoldersMenu(window.settings, lambda folder: window.load([Path(folder)]), window)


def add_print(window: Any, file_menu: QMenu) -> QAction:
    """ファイル → 印刷… (Ctrl+P)."""
    shortcut = QKeySequence(QKeySequence.StandardKey.Print)
    return add_action(window, file_menu, "印刷(&P)…", lambda: print_current(window), shortcut)


def fill_help_menu(window: Any, help_menu: QMenu) -> None:
    """ヘルプ: 操作説明 (F1), ログファイルの場所, ライセンス情報, バージョン情報."""
    add_action(window, help_menu, "操作説明(&M)", lambda: show_help(window), QKeySequence(Qt.Key.Key_F1))
    add_action(window, help_menu, "ログファイルの場所(&L)", window.show_log_location)
    add_action(window, help_menu, "ライセンス情報(&I)", lambda: show_licences(window))
    add_action(window, help_menu, "バージョン情報(&A)", lambda: show_version(window))


def show_help(window: Any) -> None:
    """F1: the manual, at the chapter about the tab on screen (the start page: the beginning)."""
    on_tabs = window.stack.currentWidget() is window.tabs
    label = window.tabs.tabText(window.tabs.currentIndex()) if on_tabs else None
    open_help(window, anchor_for_tab(label))


def print_current(window: Any) -> None:
    """Print preview of the current tab's tables and figure (see gui/printing.py)."""
    if window.data is None:
        window.statusBar().showMessage("印刷する表や図がありません（先にファイルを読み込んでください）", 8000)
        return
    index = window.tabs.currentIndex()
    tab = window.tabs.widget(index)
    if tab is not None:
        window.print_preview = printing.open_preview(window, tab, window.tabs.tabText(index))
