"""Register the bundled Japanese font (IPAexGothic) with matplotlib, once, without touching global rcParams."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from matplotlib import font_manager, rc_context

from renkei_desktop.charts.style import rc_params
from renkei_desktop.paths import resource_path

FONT_FILE = ("fonts", "ipaexg.ttf")
# rc_context swaps matplotlib's global rcParams and restores them on exit; builds and saves in several threads
# (the GUI renders thumbnails in a worker) must not interleave, or the restore order would be wrong.
_RC_LOCK = threading.RLock()


class FontMissingError(RuntimeError):
    """The bundled font file is not there (a broken installation)."""


def font_path() -> Path:
    return resource_path(*FONT_FILE)


@cache
def register_fonts() -> Path:
    """Add the bundled IPAexGothic to matplotlib's font manager (idempotent); return its path."""
    path = font_path()
    if not path.is_file():
        raise FontMissingError(f"同梱フォントが見つかりません: {path}")
    manager = font_manager.fontManager
    if not any(Path(f.fname) == path for f in manager.ttflist):
        manager.addfont(str(path))
    # Ties in the font matcher go to the first entry: put the bundled file before any installed copy of
    # IPAexGothic so that every machine draws with the same file.
    manager.ttflist.sort(key=lambda f: Path(f.fname) != path)
    clear = getattr(getattr(manager, "_findfont_cached", None), "cache_clear", None)
    if clear is not None:
        clear()
    return path


def japanese_font() -> font_manager.FontProperties:
    """FontProperties of the bundled font file itself (for code that needs an explicit font)."""
    return font_manager.FontProperties(fname=str(register_fonts()))


@contextlib.contextmanager
def chart_context() -> Iterator[None]:
    """rcParams of the report figures for the duration of a build or a save (global state untouched)."""
    register_fonts()
    with _RC_LOCK, rc_context(rc_params()):  # type: ignore[arg-type]  # keys are checked by matplotlib
        yield
