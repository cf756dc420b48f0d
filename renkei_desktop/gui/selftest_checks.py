"""The selftest's checks that need no window: versions, bundled resources, lazily imported modules."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from typing import Any


class StepFailed(Exception):
    """A check that failed; its message goes to the report as is."""


REQUIRED_RESOURCES = (
    ("forms", "municipal_codebook.json"),
    ("forms", "prefectural_codebook.json"),
    ("forms", "municipal_form.xlsx"),
    ("forms", "prefectural_form.xlsx"),
    ("reference", "municipalities.csv"),
    ("reference", "prefectures.csv"),
    ("fonts", "ipaexg.ttf"),
)
# Imported lazily by the app, so a build that left one out would only fail when a user clicks.
REQUIRED_MODULES = (
    "renkei_desktop.cli",
    "renkei_desktop.charts",
    "renkei_desktop.figures",
    "renkei_desktop.export.bundle",
    "renkei_desktop.export.figures_export",
    "renkei_desktop.gui.main_window",
)
VERSION_OF = (
    "PySide6",
    "shiboken6",
    "matplotlib",
    "numpy",
    "pandas",
    "openpyxl",
    "PIL",
)


def environment() -> dict[str, Any]:
    from renkei_desktop import __version__
    from renkei_desktop.paths import resources_dir, user_data_dir

    versions: dict[str, str] = {"renkei_desktop": __version__, "python": platform.python_version()}
    for name in VERSION_OF:
        try:
            module = importlib.import_module(name)
        except ImportError:
            versions[name] = "missing"
        else:
            versions[name] = str(getattr(module, "__version__", "?"))
    return {
        "versions": versions,
        "platform": platform.platform(),
        "executable": sys.executable,
        "frozen": bool(getattr(sys, "frozen", False)),
        "bundle_dir": getattr(sys, "_MEIPASS", None),
        "resources_dir": str(resources_dir()),
        "user_data_dir": str(user_data_dir()),
        "mplconfigdir": os.environ.get("MPLCONFIGDIR"),
    }


def check_resources() -> list[str]:
    from renkei_desktop.paths import resource_path

    missing = ["/".join(p) for p in REQUIRED_RESOURCES if not resource_path(*p).is_file()]
    if missing:
        raise StepFailed(f"bundled resources missing: {', '.join(missing)}")
    from renkei_desktop.codebook import load_codebooks

    books = load_codebooks()
    return sorted(books)


def check_modules() -> list[str]:
    problems = []
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # the last line says what is missing (numpy's long ImportError ends with it)
            reason = (str(exc).strip().splitlines() or [""])[-1]
            problems.append(f"{name} ({type(exc).__name__}: {reason})")
    if problems:
        raise StepFailed(f"modules missing or broken: {'; '.join(problems)}")
    return list(REQUIRED_MODULES)
