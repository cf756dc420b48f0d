"""The main window: start page, loading with progress and cancel, the five tabs, exports."""

from __future__ import annotations

import logging
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
from renkei_desktop.gui import exports, intake, office_actions, report_action
from renkei_desktop.gui.dialogs import show_error
from renkei_desktop.gui.feedback import SaveNotice, open_path, set_output_folder
from renkei_desktop.gui.follow import FolderFollower
from renkei_desktop.gui.intake import Loaded, load_for_window, prepare_sample
from renkei_desktop.gui.jobs import EXPORT, LOAD, JobManager
from renkei_desktop.gui.password_dialog import SessionPasswords
from renkei_desktop.gui.screen import fit_to_screen
from renkei_desktop.gui.settings import Settings
from renkei_desktop.gui.status_views import StatusViews
from renkei_desktop.gui.versions_dialog import VersionsDialog, load_decisions
from renkei_desktop.gui.widgets.crosstab_tab import CrosstabTab
from renkei_desktop.gui.widgets.dataset_view import DatasetView
from renkei_desktop.gui.widgets.figures_tab import FiguresTab
from renkei_desktop.gui.widgets.free_text_tab import FreeTextTab
from renkei_desktop.gui.widgets.simple_tab import SimpleTab
from renkei_desktop.gui.widgets.start_page import StartPage
from renkei_desktop.gui.widgets.status_tab import StatusTab
from renkei_desktop.gui.workers import Worker
from renkei_desktop.loader import ReadCache
from renkei_desktop.logs import log_path
from renkei_desktop.status_display import summary_text
from renkei_desktop.targets import TargetList, TargetListError, resolve_targets

log = logging.getLogger(__name__)
TARGET_CHOICES = (
    ("関東信越厚生局（450 市区町村・10 都県）", ""),
    ("全国（1,741 市区町村・47 都道府県）", "all"),
)


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
        self.targets: TargetList = self._initial_targets()
        self.jobs = JobManager(self)
        self.jobs.finished.connect(self._job_finished)
        self.follower = FolderFollower(self.jobs, self)
        self.follower.reload_wanted.connect(self.reload)
        self._stale: set[int] = set()
        self._build_pages()
        self._build_status_bar()
        self._build_menus()
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        fit_to_screen(self)

    def _build_pages(self) -> None:
        self.start_page = StartPage()
        self.start_page.open_folder.connect(self.choose_folder)
        self.start_page.open_files.connect(self.choose_files)
        self.start_page.open_sample.connect(self.open_sample)
        self.start_page.open_recent.connect(lambda folder: self.load([Path(folder)]))
        self.start_page.set_recent(self.settings.recent_folders())
        dpi = self.settings.dpi()
        self.status_tab = StatusTab()
        self.status_tab.export_requested.connect(self.export_list)
        self.status_tab.open_requested.connect(lambda path: open_path(self, path))
        self.simple_tab = SimpleTab(dpi=dpi)
        self.crosstab_tab = CrosstabTab(dpi=dpi)
        self.figures_tab = FiguresTab(dpi=dpi, jobs=self.jobs)
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
        # the tabs that show a loaded dataset, in tab order (the status tab is given more: see _refresh_tab)
        views: tuple[DatasetView, ...] = (
            self.simple_tab,
            self.crosstab_tab,
            self.figures_tab,
            self.free_text_tab,
        )
        self._dataset_views = dict(zip(range(1, self.tabs.count()), views, strict=True))
        self.tabs.currentChanged.connect(self._refresh_tab)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

    def _build_status_bar(self) -> None:
        self.summary = QLabel("ファイルをドロップするか、フォルダを開いてください")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress_label = QLabel("")
        self.cancel_button = QPushButton("キャンセル")
        self.cancel_button.clicked.connect(self.cancel)
        bar = self.statusBar()
        self.notice = SaveNotice()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.notice)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.show_progress(False)

    # what other code and the tests look at -----------------------------------------------------
    @property
    def worker(self) -> Worker | None:
        """The running load job, if any."""
        return self.jobs.worker(LOAD)

    @property
    def export_worker(self) -> Worker | None:
        return self.jobs.worker(EXPORT)

    @property
    def watcher(self) -> QFileSystemWatcher:
        return self.follower.watcher

    @property
    def follow_timer(self) -> QTimer:
        return self.follower.timer

    # menus --------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        return office_actions.add_action(self, menu, text, slot, shortcut)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        self._action(file_menu, "フォルダを開く(&O)…", self.choose_folder, QKeySequence.StandardKey.Open)
        self._action(file_menu, "ファイルを追加(&A)…", self.choose_files)
        self._action(file_menu, "サンプルデータを開く(&M)", self.open_sample)
        file_menu.addMenu(office_actions.recent_menu(self))
        self.reload_action = self._action(
            file_menu, "再読み込み(&R)", self.reload, QKeySequence(Qt.Key.Key_F5)
        )
        self.follow_action = self._action(file_menu, "フォルダの変更を自動で反映(&W)", self._toggle_follow)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(True)
        self._action(file_menu, "パスワードを入力(&K)…", self.enter_password, QKeySequence("Ctrl+Shift+P"))
        self._action(file_menu, "複数の版を確認(&V)…", self.review_versions)
        file_menu.addSeparator()
        self.export_action = self._action(
            file_menu, "すべて出力(&E)…", self.export_everything, QKeySequence("Ctrl+E")
        )
        self.report_action = report_action.install(self, file_menu)
        self.print_action = office_actions.add_print(self, file_menu)  # Ctrl+P
        file_menu.addSeparator()
        self._action(file_menu, "終了(&X)", self.close, QKeySequence.StandardKey.Quit)
        settings_menu = self.menuBar().addMenu("設定(&S)")
        for n, (label, spec) in enumerate(TARGET_CHOICES, start=1):
            self._action(
                settings_menu, f"対象団体: {label}(&{n})", lambda _=False, s=spec: self.set_targets(s)
            )
        self._action(settings_menu, "対象団体: CSV ファイルから(&C)…", self.choose_target_csv)
        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        office_actions.fill_help_menu(self, help_menu)  # 操作説明 (F1), log, licences, version

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
        self.show_progress(True, "サンプルデータを準備しています…")
        self.summary.setText("サンプルデータを準備しています（初回のみ数秒かかります）…")
        self.jobs.start(
            LOAD,
            prepare_sample,
            on_progress=lambda d, t, _n: self.set_progress(d, t, f"サンプルデータを作成中 {d}/{t}"),
            on_result=lambda folder: self.load([folder]),
            on_error=self._failed,
        )

    def add_paths(self, paths: list[Path]) -> None:
        """Add files/folders to the current set (drag-and-drop) and reload."""
        merged = list(dict.fromkeys([*self.inputs, *paths]))
        self.load(merged)

    def load(self, paths: list[Path]) -> None:
        self.inputs = list(paths)
        self.follower.inputs = self.inputs
        folders = [p for p in paths if p.is_dir()] or [p.parent for p in paths]
        if folders:
            self.settings.set_last_folder(str(folders[0]))
            if any(p.is_dir() for p in paths):
                self.settings.add_recent_folder(str(folders[0]))
                self.start_page.set_recent(self.settings.recent_folders())
        self.show_progress(True, "読み込み中…")
        self.summary.setText(
            "読み込み中…" if self.data is None else f"読み込み中…（表示中: {summary_text(self.data)}）"
        )
        self._watch_list = None
        self.jobs.start(
            LOAD,
            load_for_window,
            list(paths),
            self.targets,
            cache=self.cache,
            passwords=tuple(self.passwords.as_list()),
            decisions=self.decisions,
            dropped=tuple(self.dropped),
            on_progress=self._progress,
            on_result=self._loaded,
            on_error=self._failed,
        )

    def reload(self) -> None:
        if self.inputs or self.dropped:
            self.load(self.inputs)

    def cancel(self) -> None:
        self.jobs.cancel(LOAD)
        self.jobs.cancel(EXPORT)
        self.progress_label.setText("キャンセルしています…")

    def _progress(self, done: int, total: int, name: str) -> None:
        self.set_progress(done, total, f"読み込み中 {done}/{total} {name}")

    def set_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(text[:60])

    def _loaded(self, loaded: Loaded) -> None:
        self._watch_list = loaded.watch
        if loaded.data.cancelled:
            self.summary.setText("読み込みをキャンセルしました（表示は前回の結果のままです）")
            return
        self.set_dataset(loaded.data, loaded.views)

    def _failed(self, message: str) -> None:
        self.summary.setText(summary_text(self.data) if self.data else "読み込みに失敗しました")
        show_error(self, "読み込みに失敗しました", message)

    def _job_finished(self, kind: str) -> None:
        if not (self.jobs.is_running(LOAD) or self.jobs.is_running(EXPORT)):
            self.show_progress(False)
        if kind == LOAD and self._watch_list is not None:
            self.follower.arm_later(self._watch_list)

    def _toggle_follow(self) -> None:
        self.follower.set_enabled(self.follow_action.isChecked())

    def show_progress(self, visible: bool, text: str = "") -> None:
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
        set_output_folder(exports.output_folder(self))
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
        view = self._dataset_views.get(index)
        if view is not None:
            view.set_dataset(self.data)

    # drag and drop ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if intake.accepts_drop(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        intake.drop(self, event)

    # passwords and versions (see password_dialog.py / versions_dialog.py) -------------------------
    def enter_password(self) -> None:
        intake.enter_password(self)

    def review_versions(self) -> VersionsDialog | None:
        return intake.review_versions(self)

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
        return exports.export_list(self, which)

    def export_everything(self) -> Worker | None:
        return exports.export_everything(self)

    def start_export(self, out: Path) -> Worker:
        return exports.start_export(self, out)

    # misc ---------------------------------------------------------------------------------------
    def show_log_location(self) -> None:
        QMessageBox.information(self, "ログファイル", f"ログファイルの場所:\n{log_path()}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.jobs.cancel()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
