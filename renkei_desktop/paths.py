"""Where bundled resources and per-user data live.

The resources are the package data of ``renkei_desktop.resources`` (the repository's top-level ``resources/``
folder, mapped into the package by pyproject.toml), found with ``importlib.resources`` in a wheel or editable
install. This is the only module that knows about PyInstaller's ``sys._MEIPASS``: the exe bundles the same folder
as ``resources/`` next to its modules.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from renkei_desktop import APP_NAME

RESOURCES_PACKAGE = "renkei_desktop.resources"


def resources_dir() -> Path:
    """The bundled resources folder (package data of ``renkei_desktop.resources``, or inside a frozen exe)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    try:
        folder = resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:  # a source checkout on sys.path, not installed (e.g. the Windows build)
        return Path(__file__).resolve().parent.parent / "resources"
    # A package installed as files (wheel, editable, source tree) is a real folder: Qt and matplotlib need paths.
    return folder if isinstance(folder, Path) else Path(str(folder))


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
