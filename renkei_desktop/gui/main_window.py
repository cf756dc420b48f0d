"""The main window: start page, loading with progress and cancel, the five tabs, exports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
)

from renkei_desktop import __version__
from renkei_desktop.dataset import Dataset
from renkei_desktop.gui import report_action
from renkei_desktop.gui.dialogs import show_error
from renkei_desktop.gui.mime import outlook_drop_files, outlook_drop_names, paths_from_mime
from renkei_desktop.gui.password_dialog import SessionPasswords, ask_password
from renkei_desktop.gui.responsiveness import tune_after_startup
from renkei_desktop.gui.settings import Settings
from renkei_desktop.gui.status_views import StatusViews, prepare_status_views
from renkei_desktop.gui.versions_dialog import VersionsDialog, decisions_path, load_decisions
from renkei_desktop.gui.widgets.crosstab_tab import CrosstabTab
from renkei_desktop.gui.widgets.figures_tab import FiguresTab
from renkei_desktop.gui.widgets.free_text_tab import FreeTextTab
from renkei_desktop.gui.widgets.simple_tab import SimpleTab
from renkei_desktop.gui.widgets.start_page import StartPage
from renkei_desktop.gui.widgets.status_tab import StatusTab, ask_list_path
from renkei_desktop.gui.workers import Worker, start
from renkei_desktop.loader import ReadCache, load_dataset
from renkei_desktop.logs import log_path
from renkei_desktop.status_display import summary_text
from renkei_desktop.targets import TargetList, TargetListError, resolve_targets

log = logging.getLogger(__name__)
FOLLOW_DEBOUNCE_MS = 1500  # wait for copies and Excel saves to settle before re-reading
MAX_WATCHED_FILES = 4000
WATCHED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".zip", ".eml", ".msg")
WATCH_ARM_DELAY_MS = 250
TARGET_CHOICES = (
    ("関東信越厚生局（450 市区町村・10 都県）", ""),
    ("全国（1,741 市区町村・47 都道府県）", "all"),
)


@dataclass(frozen=True)
class Loaded:
    data: Dataset
    views: StatusViews | None
    watch: list[str]  # folders and files to follow


def paths_to_watch(inputs: list[Path]) -> list[str]:
    """The input folders (recursively) and the Excel files in them (at most MAX_WATCHED_FILES)."""
    folders: list[str] = []
    files: list[str] = []
    for root in inputs:
        if root.is_dir():
            folders.append(str(root))
            for path in root.rglob("*"):
                if path.is_dir():
                    folders.append(str(path))
                elif path.suffix.lower() in WATCHED_SUFFIXES and len(files) < MAX_WATCHED_FILES:
                    files.append(str(path))
        elif root.exists():
            files.append(str(root))
    return folders + files


def load_for_window(
    paths: list[Path],
    targets: TargetList,
    *,
    cache: ReadCache,
    progress=None,
    cancel=None,
    passwords: tuple[str, ...] = (),
    decisions=None,
    dropped: tuple[tuple[str, bytes], ...] = (),
) -> Loaded:
    """The load worker's job, all off the GUI thread: the dataset, the status tab's tables and the
    list of paths to follow."""
    data = load_dataset(
        paths,
        targets,
        progress=progress,
        cancel=cancel,
        cache=cache,
        passwords=passwords,
        decisions=decisions,
        dropped=dropped,
    )
    views = None if data.cancelled else prepare_status_views(data)
    return Loaded(data, views, paths_to_watch(paths))


def _prepare_sample(progress=None, cancel=None) -> Path:
    from renkei_desktop.sample import ensure_sample

    return ensure_sample()


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.setWindowTitle(f"庁内連携調査 回収・集計ツール {__version__}")
        self.setAcceptDrops(True)
        self.inputs: list[Path] = []
        self.data: Dataset | None = None
        self.views: StatusViews | None = None
        self._watch_list: list[str] | None = None
        self.cache = ReadCache()
        self.passwords = SessionPasswords()  # in memory only (never in settings, logs or exports)
        self.decisions = load_decisions()
        self.dropped: list[tuple[str, bytes]] = []  # attachments dropped out of Outlook (memory only)
        self.worker: Worker | None = None
        self.export_worker: Worker | None = None
        self.targets: TargetList = self._initial_targets()

        self.start_page = StartPage()
        self.start_page.open_folder.connect(self.choose_folder)
        self.start_page.open_files.connect(self.choose_files)
        self.start_page.open_sample.connect(self.open_sample)
        self.start_page.open_recent.connect(lambda folder: self.load([Path(folder)]))
        self.start_page.set_recent(self.settings.recent_folders())
        dpi = self.settings.dpi()
        self.status_tab = StatusTab()
        self.status_tab.export_requested.connect(self.export_list)
        self.simple_tab = SimpleTab(dpi=dpi)
        self.crosstab_tab = CrosstabTab(dpi=dpi)
        self.figures_tab = FiguresTab(dpi=dpi)
        self.free_text_tab = FreeTextTab()
        self.tabs = QTabWidget()
        for widget, label in (
            (self.status_tab, "回収状況"),
            (self.simple_tab, "単純集計"),
            (self.crosstab_tab, "クロス集計"),
            (self.figures_tab, "図表"),
            (self.free_text_tab, "自由記述"),
        ):
            self.tabs.addTab(widget, label)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self.watcher.fileChanged.connect(self._folder_changed)
        self.follow_timer = QTimer(self)
        self.follow_timer.setSingleShot(True)
        self.follow_timer.setInterval(FOLLOW_DEBOUNCE_MS)
        self.follow_timer.timeout.connect(self._follow_reload)
        self._reload_pending = False
        self._stale: set[int] = set()
        self.tabs.currentChanged.connect(self._refresh_tab)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        self.summary = QLabel("ファイルをドロップするか、フォルダを開いてください")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress_label = QLabel("")
        self.cancel_button = QPushButton("キャンセル")
        self.cancel_button.clicked.connect(self.cancel)
        bar = self.statusBar()
        bar.addWidget(self.summary, 1)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self._show_progress(False)
        self._build_menus()
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        tune_after_startup()

    # menus --------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        self._action(file_menu, "フォルダを開く…", self.choose_folder, QKeySequence.StandardKey.Open)
        self._action(file_menu, "ファイルを追加…", self.choose_files)
        self._action(file_menu, "サンプルデータを開く", self.open_sample)
        self.reload_action = self._action(file_menu, "再読み込み", self.reload, QKeySequence(Qt.Key.Key_F5))
        self.follow_action = self._action(file_menu, "フォルダの変更を自動で反映", self._toggle_follow)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(True)
        self._action(file_menu, "パスワードを入力…", self.enter_password, QKeySequence("Ctrl+P"))
        self._action(file_menu, "複数の版を確認…", self.review_versions)
        file_menu.addSeparator()
        self.export_action = self._action(
            file_menu, "すべて出力…", self.export_everything, QKeySequence("Ctrl+E")
        )
        self.report_action = report_action.install(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "終了", self.close, QKeySequence.StandardKey.Quit)
        settings_menu = self.menuBar().addMenu("設定(&S)")
        for label, spec in TARGET_CHOICES:
            self._action(settings_menu, f"対象団体: {label}", lambda _=False, s=spec: self.set_targets(s))
        self._action(settings_menu, "対象団体: CSV ファイルから…", self.choose_target_csv)
        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        self._action(help_menu, "ログファイルの場所", self.show_log_location)
        self._action(help_menu, "バージョン情報", self.show_about)

    def _initial_targets(self) -> TargetList:
        try:
            return resolve_targets(self.settings.targets() or None)
        except TargetListError:
            return resolve_targets(None)

    # loading ------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "回答ファイルのフォルダを開く", self.settings.last_folder()
        )
        if folder:
            self.load([Path(folder)])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "回答ファイルを選ぶ",
            self.settings.last_folder(),
            "回答ファイル・ZIP・メール (*.xlsx *.xlsm *.xls *.ods *.zip *.eml *.msg)",
        )
        if files:
            self.add_paths([Path(f) for f in files])

    def open_sample(self) -> None:
        """Open the bundled sample; the first time it is generated in the background (a few seconds)."""
        self._show_progress(True, "サンプルデータを準備しています…")
        worker = Worker(_prepare_sample)
        worker.signals.result.connect(lambda folder: self.load([folder]))
        worker.signals.error.connect(lambda message: self._failed(message))
        worker.signals.finished.connect(lambda: None if self.worker else self._show_progress(False))
        start(worker)

    def add_paths(self, paths: list[Path]) -> None:
        """Add files/folders to the current set (drag-and-drop) and reload."""
        merged = list(dict.fromkeys([*self.inputs, *paths]))
        self.load(merged)

    def load(self, paths: list[Path]) -> None:
        if self.worker is not None:
            self.worker.cancel()
        self.inputs = list(paths)
        folders = [p for p in paths if p.is_dir()] or [p.parent for p in paths]
        if folders:
            self.settings.set_last_folder(str(folders[0]))
            if any(p.is_dir() for p in paths):
                self.settings.add_recent_folder(str(folders[0]))
                self.start_page.set_recent(self.settings.recent_folders())
        self._show_progress(True, "読み込み中…")
        self._watch_list = None
        worker = Worker(
            load_for_window,
            list(paths),
            self.targets,
            cache=self.cache,
            passwords=tuple(self.passwords.as_list()),
            decisions=self.decisions,
            dropped=tuple(self.dropped),
        )
        worker.signals.progress.connect(self._progress)
        worker.signals.result.connect(lambda loaded, w=worker: self._loaded(w, loaded))
        worker.signals.error.connect(lambda message: self._failed(message))
        worker.signals.finished.connect(lambda w=worker: self._finished(w))
        self.worker = start(worker)

    def reload(self) -> None:
        if self.inputs or self.dropped:
            self.load(self.inputs)

    def cancel(self) -> None:
        for worker in (self.worker, self.export_worker):
            if worker is not None:
                worker.cancel()
        self.progress_label.setText("キャンセルしています…")

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(f"{done}/{total} {name}"[:60])

    def _loaded(self, worker: Worker, loaded: Loaded) -> None:
        if worker is not self.worker:
            return  # a newer load replaced this one
        self._watch_list = loaded.watch
        if loaded.data.cancelled:
            self.summary.setText("読み込みをキャンセルしました（表示は前回の結果のままです）")
            return
        self.set_dataset(loaded.data, loaded.views)

    def _failed(self, message: str) -> None:
        show_error(self, "読み込みに失敗しました", f"{message}\n\nログ: {log_path()}")

    def _finished(self, worker: Worker) -> None:
        if worker is self.worker:
            self.worker = None
            self._show_progress(False)
            # after the hand-over, in a turn of its own (arming 1,788 watches takes ≈ 10 ms); the folders
            # themselves stay watched meanwhile
            QTimer.singleShot(WATCH_ARM_DELAY_MS, self, lambda: self._watch_inputs(self._watch_list))
            if self._reload_pending:
                self._reload_pending = False
                self.follow_timer.start()

    # following the folder -----------------------------------------------------------------------
    def _watch_inputs(self, wanted: list[str] | None = None) -> None:
        """Watch the input folders (and their files) so new, changed and deleted files are picked up.

        ``wanted`` is the list the load worker made (see :func:`paths_to_watch`); only the difference
        to what is already watched is changed, so a folder stays watched across reloads and nothing
        that happens while the watch is re-armed goes unseen."""
        if not self.follow_action.isChecked():
            wanted = []
        elif wanted is None:
            wanted = paths_to_watch(self.inputs)
        watched = set(self.watcher.directories() + self.watcher.files())
        wanted_set = set(wanted)
        stale = [p for p in watched if p not in wanted_set]
        new = [p for p in dict.fromkeys(wanted) if p not in watched]
        if stale:
            self.watcher.removePaths(stale)
        if new:
            self.watcher.addPaths(new)

    def _folder_changed(self, _path: str) -> None:
        if self.follow_action.isChecked() and self.inputs:
            self.follow_timer.start()  # restart the debounce

    def _follow_reload(self) -> None:
        if self.worker is not None or self.export_worker is not None:
            self._reload_pending = True
            return
        self.reload()

    def _toggle_follow(self) -> None:
        self._watch_inputs()

    def _show_progress(self, visible: bool, text: str = "") -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(visible)
        self.progress.setValue(0)
        self.progress_label.setText(text)

    def set_dataset(self, data: Dataset, views: StatusViews | None = None) -> None:
        """Show a loaded dataset: the visible tab now, the others when they are first opened.
        ``views`` are the status tab's tables, prepared by the load worker."""
        self.data = data
        self.views = views
        self._stale = set(range(self.tabs.count()))
        self._refresh_tab(self.tabs.currentIndex())
        self.summary.setText(summary_text(data))
        self.stack.setCurrentWidget(self.tabs)
        log.info(
            "loaded %d municipal and %d prefectural responses",
            len(data.of("municipal")),
            len(data.of("prefectural")),
        )

    def _refresh_tab(self, index: int) -> None:
        if index not in self._stale or self.data is None:
            return
        self._stale.discard(index)
        widget = self.tabs.widget(index)
        if widget is self.status_tab:
            self.status_tab.set_dataset(self.data, [p for p in self.inputs if p.is_dir()], self.views)
        else:
            widget.set_dataset(self.data)

    # drag and drop ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if paths_from_mime(event.mimeData()) or outlook_drop_names(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
        elif files := outlook_drop_files(event.mimeData()):
            event.acceptProposedAction()
            self.dropped.extend(files)
            self.load(self.inputs)
        elif outlook_drop_names(event.mimeData()):
            QMessageBox.information(
                self,
                "Outlook からのドロップ",
                "Outlook から直接ドロップされた添付ファイル（"
                + "、".join(outlook_drop_names(event.mimeData())[:3])
                + "）を読み取れませんでした。添付ファイルは 1 つずつドロップするか、メールごと（.msg）または"
                "ファイルをフォルダに保存してからドロップしてください。",
            )

    # passwords and versions (see password_dialog.py / versions_dialog.py) -------------------------
    def enter_password(self) -> None:
        if ask_password(self, self.data, self.passwords):
            self.reload()  # only the still-closed files are read again (the rest come from the cache)

    def review_versions(self) -> VersionsDialog | None:
        if self.data is None or not self.data.versions:
            QMessageBox.information(
                self, "複数の版の確認", "内容の異なる複数の版が届いている団体はありません。"
            )
            return None
        dialog = VersionsDialog(self.data, self.decisions, decisions_path(), self)
        dialog.changed.connect(self.reload)
        dialog.show()
        return dialog

    # targets ------------------------------------------------------------------------------------
    def set_targets(self, spec: str) -> None:
        try:
            self.targets = resolve_targets(spec or None)
        except TargetListError as exc:
            show_error(self, "対象団体を設定できません", str(exc))
            return
        self.settings.set_targets(spec)
        self.reload()

    def choose_target_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "対象団体リスト（CSV）", "", "CSV (*.csv)")
        if name:
            self.set_targets(name)

    # exports ------------------------------------------------------------------------------------
    def export_list(self, which: str) -> Path | None:
        if self.data is None:
            return None
        from renkei_desktop.export.status_lists import write_missing_list, write_query_list

        default = "未提出一覧.xlsx" if which == "missing" else "要確認一覧.xlsx"
        path = ask_list_path(self, default, self.settings.last_folder())
        if path is None:
            return None
        include_contacts = False
        if which == "queries":
            answer = QMessageBox.question(
                self,
                "連絡先の出力",
                "問い合わせ用に、担当者名・電話番号・メールアドレス（個人情報）も一覧に含めますか？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            include_contacts = answer == QMessageBox.StandardButton.Yes
        try:
            if which == "missing":
                return write_missing_list(path, self.data)
            return write_query_list(path, self.data, include_contacts=include_contacts)
        except OSError as exc:
            show_error(self, "出力できませんでした", str(exc))
            return None

    def export_everything(self) -> None:
        if self.data is None:
            return
        from renkei_desktop.export.bundle import existing_outputs_text

        folder = QFileDialog.getExistingDirectory(self, "出力先フォルダを選ぶ", self.settings.last_folder())
        if not folder:
            return
        out = Path(folder)
        existing = existing_outputs_text(out)
        if existing:
            answer = QMessageBox.question(
                self,
                "上書きの確認",
                f"{existing}。上書きしますか？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.start_export(out)

    def start_export(self, out: Path) -> Worker:
        from renkei_desktop.report import export_all_with_report

        self._show_progress(True, "出力中…")
        worker = Worker(export_all_with_report, self.data, out, dpi=self.settings.dpi(), overwrite=True)
        worker.signals.progress.connect(self._progress)
        worker.signals.result.connect(
            lambda paths: self.summary.setText(f"{len(paths)} ファイルを出力しました → {out}")
        )
        worker.signals.error.connect(lambda message: show_error(self, "出力できませんでした", message))
        worker.signals.finished.connect(lambda: self._show_progress(False))
        self.export_worker = start(worker)
        return worker

    # misc ---------------------------------------------------------------------------------------
    def show_log_location(self) -> None:
        QMessageBox.information(self, "ログファイル", f"ログファイルの場所:\n{log_path()}")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "バージョン情報",
            f"庁内連携調査 回収・集計ツール {__version__}\n\nインターネット接続・管理者権限は不要です。",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        if self.figures_tab.worker is not None:
            self.figures_tab.worker.cancel()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
