"""Where bundled resources and per-user data live.

This is the only module that knows about PyInstaller's ``sys._MEIPASS``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from renkei_desktop import APP_NAME


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (next to the package, or inside a frozen exe)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file inside ``resources/``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user writable folder for settings, logs and caches (no admin rights needed).

    ``RENKEI_DATA_DIR`` overrides it (tests, portable mode).
    """
    override = os.environ.get("RENKEI_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def user_cache_dir() -> Path:
    """Per-user cache folder (the generated sample data lives here)."""
    return user_data_dir() / "cache"
