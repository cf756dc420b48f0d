"""Start-up only: arguments, QApplication, bundled font, exception hook, the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from renkei_desktop import __version__, boot_splash
from renkei_desktop.logs import setup_logging
from renkei_desktop.paths import resource_path

log = logging.getLogger(__name__)
SCREENSHOT_SIZE = (1400, 900)
SPLASH_OVERLAP_MS = 150  # the exe's start-up splash stays this long after the window is shown


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="renkei-desktop", description="庁内連携調査 回収・集計ツール")
    parser.add_argument("paths", nargs="*", type=Path, help="開く回答ファイル・フォルダ")
    parser.add_argument("--sample", action="store_true", help="同梱のサンプルデータを開く")
    parser.add_argument("--targets", default=None, help="対象団体（厚生局名、all、CSV）")
    parser.add_argument(
        "--screenshot", type=Path, metavar="DIR", help="各タブの画面を DIR に PNG で保存して終了"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def install_font(app) -> str | None:
    """Register the bundled IPAexGothic with Qt; use it where the system may lack Japanese fonts."""
    from PySide6.QtGui import QFont, QFontDatabase

    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "ipaexg.ttf")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled Japanese font could not be loaded")
        return None
    if sys.platform != "win32" or app.platformName() == "offscreen":
        font = QFont(families[0])
        font.setPointSize(9 if sys.platform == "win32" else 10)
        app.setFont(font)
    return families[0]


def install_exception_hook(log_file: Path) -> None:
    """An unhandled exception is logged and shown in a Japanese dialog instead of vanishing."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from renkei_desktop.gui.dialogs import unhandled_error_text

    def hook(exc_type, exc, tb) -> None:
        log.error("unhandled exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        boot_splash.close()  # it stays on top: the dialog must not open behind it
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, "エラー", unhandled_error_text(log_file))
            box.setDetailedText("".join(traceback.format_exception_only(exc_type, exc)))
            box.exec()

    sys.excepthook = hook


def make_app(argv: Sequence[str] = ()):
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName("renkei-desktop")
    app.setApplicationDisplayName("庁内連携調査 回収・集計ツール")
    install_font(app)
    install_translations(app)
    from PySide6.QtGui import QIcon

    icon = resource_path("icons", "renkei-desktop.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_translations(app) -> bool:
    """Qt's own texts (dialog buttons, file dialogs) in Japanese, from the bundled or installed Qt."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Japanese), "qtbase", "_", folder):
        app.installTranslator(translator)
        app._renkei_translator = translator  # keep it alive
        return True
    return False


def take_screenshots(window, folder: Path) -> list[Path]:
    """Render the main window with each tab to PNG files (used for the README and checks)."""
    from PySide6.QtCore import QEventLoop, QTimer

    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*SCREENSHOT_SIZE)
    window.show()

    def settle(msec: int = 200) -> None:
        loop = QEventLoop()
        QTimer.singleShot(msec, loop.quit)
        loop.exec()

    paths: list[Path] = []
    plan = [
        (
            "01_回収状況",
            0,
            lambda: window.status_tab.select_code(window.status_tab.model.grid_row(0).status_row.code),
        ),
        ("02_単純集計", 1, lambda: window.simple_tab.select_item("municipal", "Q6_3_med")),
        ("03_クロス集計", 2, lambda: window.crosstab_tab.choose("population_band", "Q6_3_med")),
        ("04_図表", 3, lambda: window.figures_tab.select_number(19)),
        ("05_自由記述", 4, lambda: None),
    ]
    for name, index, prepare in plan:
        window.tabs.setCurrentIndex(index)
        if window.data is not None:
            prepare()
        settle()
        if index == 3:
            for _ in range(100):  # let the thumbnail worker finish (at most ~20 s)
                if (
                    window.figures_tab.worker is None
                    or window.figures_tab.list.item(0) is None
                    or not window.figures_tab.list.item(0).icon().isNull()
                ):
                    break
                settle(200)
        path = folder / f"{name}.png"
        window.grab().save(str(path))
        paths.append(path)
    return paths


def claim_instance(paths: list[Path]) -> tuple[bool, Any]:
    """The single-instance guard: ``(True, None)`` when ``paths`` went to a running window (this start
    should exit), else ``(False, server)`` with this start's listening server (None without QtNetwork).
    ``RENKEI_MULTI_INSTANCE=1`` turns the guard off."""
    try:
        from renkei_desktop.gui.single_instance import InstanceServer, hand_over
    except ImportError:  # a build without QtNetwork: start without the guard rather than not at all
        log.exception("single-instance guard unavailable")
        return False, None
    if os.environ.get("RENKEI_MULTI_INSTANCE") == "1":
        return False, None
    if hand_over(paths):
        log.info("handed %d path(s) to the running window", len(paths))
        return True, None
    server = InstanceServer()
    server.listen()
    return False, server


def receive_paths(window, paths: list[Path]) -> None:
    """A later start's paths: bring the window to the front and add the paths that exist."""
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    existing = [p for p in paths if p.exists()]
    log.info("another start handed over %d path(s), %d of them exist", len(paths), len(existing))
    if existing:
        window.add_paths(existing)


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtCore import QTimer

    args = build_parser().parse_args(list(argv) if argv is not None else None)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log_file = setup_logging()
    app = make_app()
    install_exception_hook(log_file)

    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.responsiveness import tune_after_startup
    from renkei_desktop.gui.settings import Settings

    handed, server = (False, None) if args.screenshot else claim_instance(list(args.paths))
    if handed:
        return 0
    window = MainWindow(Settings())
    if server is not None:
        server.paths_received.connect(lambda paths: receive_paths(window, paths))
    tune_after_startup()  # process-wide: once the window is built (see gui/responsiveness.py)
    if args.targets:
        window.set_targets(args.targets)
    inputs = list(args.paths)
    if args.sample and (args.screenshot or inputs):
        from renkei_desktop.sample import ensure_sample

        inputs.append(ensure_sample())
    if args.screenshot:
        if inputs:
            from renkei_desktop.loader import load_dataset

            window.inputs = inputs
            window.set_dataset(load_dataset(inputs, window.targets))
        paths = take_screenshots(window, args.screenshot)
        print("\n".join(str(p) for p in paths))
        window.close()
        return 0
    window.show()
    QTimer.singleShot(SPLASH_OVERLAP_MS, boot_splash.close)  # once the window has been painted
    if inputs:
        window.load(inputs)
    elif args.sample:
        window.open_sample()  # the window at once; a first-time sample is made in the background
    return app.exec()
