"""Headless smoke test of a build: ``renkei-desktop --selftest OUT``.

Runs the real code paths of the desktop app without a screen (Qt's ``offscreen`` platform, set here before
the QApplication exists): builds the main window, loads the bundled sample, writes the tabulation, one
report figure and a grab of the window, and writes ``OUT/selftest.json`` (versions, fonts, counts, timings,
errors). Exit status 0 only when every check passed; anything missing in a build (resources, fonts, Qt
plugins, codebooks, chart modules) is an error in the report and exit status 1, so that CI fails loudly.

The report goes to a file because the Windows exe has no console (``console=False``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from renkei_desktop import boot_splash
from renkei_desktop.gui.launch_time import launch_time
from renkei_desktop.gui.selftest_checks import StepFailed, check_modules, check_resources, environment

REPORT_NAME = "selftest.json"
LOG_NAME = "selftest.log"
EXPECTED_FONT = "IPAexGothic"
# The sample is deterministic: these are the report's 参考資料① numbers it reproduces.
EXPECTED_COUNTS = {
    "municipal_returned": 248,
    "municipal_targets": 450,
    "prefectural_returned": 10,
    "prefectural_targets": 10,
}
NATIVE_PLATFORM_PLUGIN = {"win32": "qwindows.dll", "darwin": "libqcocoa.dylib"}.get(
    sys.platform, "libqxcb.so"
)
# Every plugin in these folders must load (its libraries are all in the build); others only warn.
STRICT_PLUGIN_DIRS = ("imageformats", "iconengines", "styles")
STRICT_PLATFORM_PLUGINS = (NATIVE_PLATFORM_PLUGIN, "qoffscreen.dll", "libqoffscreen.so")
FIGURE_NUMBER = 19  # 人口規模×現在の連携の段階: Japanese labels, a legend and numbers
WINDOW_SIZE = (1280, 800)
WAIT_WORKERS_MS = 60_000
MAX_ERRORS = 20
MAX_MESSAGE = 600

log = logging.getLogger(__name__)


class SelfTest:
    """Runs named steps, times them, and collects what they found into one JSON report."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.t0 = time.perf_counter()
        self.report: dict[str, Any] = {
            "ok": False,
            "errors": [],
            "warnings": [],
            "steps": {},
            "timings_s": {},
            "files": {},
        }
        self.failed: set[str] = set()

    def elapsed(self) -> float:
        return round(time.perf_counter() - self.t0, 3)

    def error(self, where: str, message: str) -> None:
        errors = self.report["errors"]
        if len(errors) < MAX_ERRORS:
            message = " ".join(message.split())  # one line; long ones are cut (the log has them whole)
            errors.append(f"{where}: {message[:MAX_MESSAGE]}")
        elif len(errors) == MAX_ERRORS:
            errors.append("... (more errors in selftest.log)")

    def warn(self, where: str, message: str) -> None:
        self.report["warnings"].append(f"{where}: {message}")

    def run(self, name: str, fn: Callable[[], Any], needs: Sequence[str] = ()) -> Any:
        """Run one step unless a step it needs failed; never raises."""
        missing = [n for n in needs if n in self.failed]
        if missing:
            self.failed.add(name)
            self.report["steps"][name] = f"skipped ({', '.join(missing)} failed)"
            return None
        start = time.perf_counter()
        try:
            value = fn()
        except StepFailed as exc:
            self.failed.add(name)
            self.error(name, str(exc))
            self.report["steps"][name] = "failed"
            value = None
        except (Exception, SystemExit) as exc:  # a smoke test reports everything, even a library's sys.exit()
            self.failed.add(name)
            tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
            self.error(name, f"{type(exc).__name__}: {exc}")
            log.error("step %s failed:\n%s", name, "".join(tb))
            self.report["steps"][name] = "failed"
            value = None
        else:
            self.report["steps"][name] = "ok"
        self.report["timings_s"][name] = round(time.perf_counter() - start, 3)
        return value

    def add_file(self, key: str, path: Path, *, min_bytes: int = 1) -> None:
        size = path.stat().st_size if path.is_file() else 0
        self.report["files"][key] = {"path": str(path.relative_to(self.out)), "bytes": size}
        if size < min_bytes:
            raise StepFailed(f"{path.name} is missing or too small ({size} bytes)")

    def write(self) -> Path:
        self.report["ok"] = not self.report["errors"]
        path = self.out / REPORT_NAME
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.report, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
        return path


# --- steps ---------------------------------------------------------------------------------------


def start_qt(test: SelfTest) -> Any:
    from PySide6.QtCore import QLibraryInfo, QtMsgType, qInstallMessageHandler
    from PySide6.QtGui import QFontInfo

    def on_message(kind, _context, message) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            log.error("Qt: %s", message)
        else:
            log.info("Qt: %s", message)

    qInstallMessageHandler(on_message)
    from renkei_desktop.gui.app import make_app

    app = make_app()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platforms = sorted(p.name for p in (plugins / "platforms").glob("*")) if plugins.is_dir() else []
    family = QFontInfo(app.font()).family()
    test.report["qt"] = {
        "platform": app.platformName(),
        "plugins_dir": str(plugins),
        "platform_plugins": platforms,
        "image_plugins": sorted(p.name for p in (plugins / "imageformats").glob("*"))
        if plugins.is_dir()
        else [],
        "style": app.style().name(),
    }
    test.report.setdefault("fonts", {})["qt"] = family
    if app.platformName() != "offscreen":
        raise StepFailed(f"Qt platform is {app.platformName()!r}, expected 'offscreen'")
    if NATIVE_PLATFORM_PLUGIN not in platforms:
        raise StepFailed(f"Qt platform plugin {NATIVE_PLATFORM_PLUGIN} missing in {plugins / 'platforms'}")
    if family != EXPECTED_FONT:
        raise StepFailed(f"Qt uses font {family!r}, expected the bundled {EXPECTED_FONT}")
    load_plugins(test, plugins)
    return app


def load_plugins(test: SelfTest, plugins: Path) -> None:
    """Load (not activate) each bundled Qt plugin: proves that the libraries it needs are in the build, e.g. for
    the real ``windows``/``xcb`` platform that the offscreen smoke test does not use."""
    from PySide6.QtCore import QPluginLoader

    loaded, failed = 0, list[str]()
    # From a source tree, Qt's plugin folder is the whole PySide6 install: only the platform plugins matter.
    frozen = bool(getattr(sys, "frozen", False))
    for path in sorted(plugins.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".dll", ".so"):
            continue
        if not frozen and path.name not in STRICT_PLATFORM_PLUGINS:
            continue
        loader = QPluginLoader(str(path))
        if loader.load():
            loaded += 1
            continue
        rel = path.relative_to(plugins).as_posix()
        strict = path.parent.name in STRICT_PLUGIN_DIRS or path.name in STRICT_PLATFORM_PLUGINS
        (failed.append if strict else lambda m: test.warn("qt plugin", m))(f"{rel}: {loader.errorString()}")
    test.report["qt"]["plugins_loaded"] = loaded
    if failed:
        raise StepFailed(f"Qt plugins that do not load: {'; '.join(failed)}")


def settle(app: Any, msec: int = 100) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(msec, loop.quit)
    loop.exec()


def wait_for_workers(app: Any) -> None:
    from PySide6.QtCore import QThreadPool

    deadline = time.monotonic() + WAIT_WORKERS_MS / 1000
    pool = QThreadPool.globalInstance()
    while time.monotonic() < deadline:
        app.processEvents()
        if pool.activeThreadCount() == 0:
            break
        pool.waitForDone(50)
    else:
        raise StepFailed(f"background work still running after {WAIT_WORKERS_MS // 1000} s")
    settle(app, 50)  # deliver the workers' last signals


def build_window(test: SelfTest, app: Any) -> Any:
    from renkei_desktop.gui.main_window import MainWindow
    from renkei_desktop.gui.settings import Settings

    window = MainWindow(Settings(test.out / "selftest-settings.ini"))  # the user's settings stay untouched
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    test.report["window_ready_at"] = time.time()
    return window


def load_sample(test: SelfTest) -> Any:
    from renkei_desktop.loader import load_dataset
    from renkei_desktop.sample import ensure_sample

    start = time.perf_counter()
    folder = ensure_sample()
    test.report["timings_s"]["sample_ready"] = round(time.perf_counter() - start, 3)
    data = load_dataset([folder])
    counts = data.summary()
    test.report["counts"] = counts
    test.report["sample_dir"] = str(folder)
    wrong = {k: (counts.get(k), v) for k, v in EXPECTED_COUNTS.items() if counts.get(k) != v}
    if wrong:
        raise StepFailed(f"sample counts differ (got, expected): {wrong}")
    return data


def write_tables(test: SelfTest, data: Any) -> None:
    from renkei_desktop.export.bundle import TABLE_FILES, export_all

    folder = test.out / "export"
    export_all(data, folder, formats=("none",), overwrite=True)
    for name in TABLE_FILES:
        test.add_file(name, folder / name)
    rows = (folder / "simple_tabulation.csv").read_text(encoding="utf-8-sig").count("\n") - 1
    test.report["counts"]["simple_tabulation_rows"] = rows
    if rows < 100:
        raise StepFailed(f"simple_tabulation.csv has only {rows} rows")


def write_figure(test: SelfTest, data: Any) -> None:
    from matplotlib import font_manager, text

    from renkei_desktop import charts
    from renkei_desktop.figures import find_figure, report_set

    specs = report_set(data)
    test.report["counts"]["figures_available"] = sum(1 for s in specs if s.available)
    spec = find_figure(specs, FIGURE_NUMBER)
    if not spec.available or spec.build is None:
        raise StepFailed(f"figure {FIGURE_NUMBER} has no data: {spec.skipped_reason}")
    figure = spec.build()
    path = test.out / f"figure{FIGURE_NUMBER}.png"
    charts.save_figure(figure, path, "png", dpi=100)
    test.add_file("figure_png", path, min_bytes=5_000)
    with charts.chart_context():
        used = sorted(
            {t.get_fontname() for t in figure.findobj(text.Text) if t.get_text().strip() and t.get_visible()}
        )
        default = Path(font_manager.findfont(font_manager.FontProperties())).name
    test.report.setdefault("fonts", {}).update({"matplotlib": used, "matplotlib_default_file": default})
    if used != [EXPECTED_FONT]:
        raise StepFailed(f"figure text drawn with {used}, expected only {EXPECTED_FONT}")


def grab_window(test: SelfTest, app: Any, window: Any, data: Any) -> None:
    window.inputs = [Path(test.report.get("sample_dir", "."))]
    window.set_dataset(data)
    settle(app, 200)
    image = window.grab().toImage()  # what a user sees right after loading
    path = test.out / "window.png"
    if not image.save(str(path)):
        raise StepFailed("QImage.save(window.png) failed (PNG writer)")
    test.add_file("window_png", path, min_bytes=10_000)
    step_x, step_y = max(1, image.width() // 64), max(1, image.height() // 64)
    colors = {
        image.pixel(x, y) for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y)
    }
    test.report["window"] = {"width": image.width(), "height": image.height(), "sampled_colors": len(colors)}
    if len(colors) < 4:
        raise StepFailed(f"window grab looks blank ({len(colors)} colours)")


# --- driver --------------------------------------------------------------------------------------


class _ErrorCollector(logging.Handler):
    """Errors logged by the app during the run (e.g. a failed background task) fail the test."""

    def __init__(self, test: SelfTest) -> None:
        super().__init__(logging.ERROR)
        self.test = test

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == __name__:
            return  # the step that logged it has reported it already
        message = record.getMessage().strip().splitlines()[-1][:300]
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            message += f" ({type(exc).__name__}: {str(exc)[:300]})"
        self.test.error(f"log {record.name}", message)


@contextlib.contextmanager
def _logging_to(test: SelfTest) -> Iterator[None]:
    root = logging.getLogger()
    file_handler = logging.FileHandler(test.out / LOG_NAME, mode="w", encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    collector = _ErrorCollector(test)
    old_level, old_hook = root.level, sys.excepthook
    root.addHandler(file_handler)
    root.addHandler(collector)
    root.setLevel(logging.INFO)

    def hook(exc_type, exc, tb) -> None:  # exceptions in Qt slots: record, never show a dialog
        log.error("unhandled exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        test.error("unhandled exception", f"{exc_type.__name__}: {exc}")

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = old_hook
        root.removeHandler(collector)
        root.removeHandler(file_handler)
        root.setLevel(old_level)
        file_handler.close()


def run(out: Path) -> SelfTest:
    """Run every step into ``out`` (created); the caller writes the report."""
    # Before anything imports Qt: no screen needed, whatever the environment says.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    test = SelfTest(out)
    started, what = launch_time()
    test.report["started_at"] = time.time()
    test.report["launched_at"] = started
    test.report["launched_by"] = what
    with _logging_to(test):
        test.report["environment"] = test.run("environment", environment)
        test.run("resources", check_resources)
        test.run("modules", check_modules)
        app = test.run("qt", lambda: start_qt(test))
        window = test.run("window", lambda: build_window(test, app), needs=["qt", "modules"])
        test.report["splash"] = boot_splash.close()  # as the app does once its window is shown
        data = test.run("sample", lambda: load_sample(test), needs=["resources"])
        test.run("grab", lambda: grab_window(test, app, window, data), needs=["window", "sample"])
        # Thumbnails etc. render in background threads: wait, so that their errors are caught too.
        test.run("background", lambda: wait_for_workers(app), needs=["grab"])
        test.run("tables", lambda: write_tables(test, data), needs=["sample"])
        test.run("figure", lambda: write_figure(test, data), needs=["sample", "modules"])
        if window is not None:
            with contextlib.suppress(Exception):
                window.close()
                wait_for_workers(app)
    finished = time.time()
    test.report["finished_at"] = finished
    test.report["timings_s"]["selftest_total"] = test.elapsed()
    if started is not None:
        test.report["timings_s"]["launch_to_end"] = round(finished - started, 3)
        if "window_ready_at" in test.report:
            test.report["timings_s"]["launch_to_window"] = round(test.report["window_ready_at"] - started, 3)
    return test


def main(argv: Sequence[str]) -> int:
    """``--selftest OUT``: run, write ``OUT/selftest.json``, print a one-line summary where there is a console."""
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: renkei-desktop --selftest OUT", file=sys.stderr)
        return 2
    out = Path(argv[0]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    test = run(out)
    path = test.write()
    report = test.report
    if sys.stdout is not None:  # the windowed Windows exe has none
        status = "OK" if report["ok"] else "FAILED"
        print(f"selftest {status}: {path} ({report['timings_s'].get('selftest_total')} s)")
        for message in report["errors"]:
            print(f"  error: {message}")
        sys.stdout.flush()
    return 0 if report["ok"] else 1
