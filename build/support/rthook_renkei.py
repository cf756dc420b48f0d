"""PyInstaller run-time hook of renkei-desktop: runs in the frozen exe before any app code (stdlib only).

1. Portable mode: when a file ``portable.ini`` lies next to the exe, settings, logs and the sample cache go to
   a folder next to the exe (default ``renkei-desktop-data``; ``data_dir = …`` in a ``[portable]`` section
   chooses another, relative to the exe's folder) instead of the user profile. It sets ``RENKEI_DATA_DIR``,
   which ``renkei_desktop.paths.user_data_dir()`` honours; an explicit ``RENKEI_DATA_DIR`` wins.
2. matplotlib reads the font cache built into the bundle: PyInstaller's own ``pyi_rth_mplconfig`` (left out by
   installer.spec) points ``MPLCONFIGDIR`` at a new empty temporary folder on every start, so matplotlib would
   scan every installed font each time (seconds on a PC with many fonts). The bundled
   ``mplconfig/fontlist-*.json`` lists only matplotlib's own fonts, by paths relative to its data folder, so it
   stays valid wherever the bundle is unpacked; the app registers the bundled IPAexGothic itself.
"""

import atexit
import configparser
import os
import shutil
import sys
import tempfile

PORTABLE_FILE = "portable.ini"
PORTABLE_DEFAULT_DIR = "renkei-desktop-data"


def _portable_data_dir(exe_dir: str) -> str | None:
    marker = os.path.join(exe_dir, PORTABLE_FILE)
    if not os.path.isfile(marker):
        return None
    folder = PORTABLE_DEFAULT_DIR
    parser = configparser.ConfigParser()
    try:
        parser.read(marker, encoding="utf-8-sig")
        folder = parser.get("portable", "data_dir", fallback=folder).strip() or folder
    except (configparser.Error, OSError, UnicodeDecodeError):
        pass  # an empty or unreadable marker still means portable, with the default folder
    return os.path.normpath(os.path.join(exe_dir, os.path.expandvars(folder)))


def _use_portable_mode() -> None:
    if os.environ.get("RENKEI_DATA_DIR"):
        return
    folder = _portable_data_dir(os.path.dirname(os.path.abspath(sys.executable)))
    if folder:
        os.environ["RENKEI_DATA_DIR"] = folder


def _use_bundled_font_cache() -> None:
    bundled = os.path.join(sys._MEIPASS, "mplconfig")
    if not os.path.isdir(bundled):
        return
    if os.access(bundled, os.W_OK):
        os.environ["MPLCONFIGDIR"] = bundled  # onefile: the private unpack folder
        return
    # onedir in a read-only folder: matplotlib wants a writable config dir, so use a private copy
    copy = tempfile.mkdtemp(prefix="renkei-mpl-")
    for name in os.listdir(bundled):
        shutil.copy2(os.path.join(bundled, name), copy)
    os.environ["MPLCONFIGDIR"] = copy
    atexit.register(shutil.rmtree, copy, ignore_errors=True)


_use_portable_mode()
_use_bundled_font_cache()
