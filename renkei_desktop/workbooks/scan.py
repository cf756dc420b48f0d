"""Find the workbooks in the files and folders a user gave (recursively)."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from renkei_desktop.workbooks.own_outputs import is_own_output

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
CONTAINER_SUFFIXES = frozenset({".zip", ".eml", ".msg"})


@dataclass(frozen=True)
class FoundFile:
    path: Path
    root: Path  # the folder the user gave (or the file's own folder), for display

    @functools.cached_property
    def display_name(self) -> str:
        """The path relative to the input folder, with ``/`` separators."""
        try:
            return self.path.relative_to(self.root).as_posix()
        except ValueError:
            return self.path.name

    @property
    def is_container(self) -> bool:
        """A zip archive or a saved mail: its workbooks are found by expanding it."""
        return self.path.suffix.lower() in CONTAINER_SUFFIXES


def is_skipped_name(path: Path) -> bool:
    """Excel lock files (``~$…``), hidden files and files that are neither workbooks nor containers
    are skipped silently."""
    name = path.name
    if name.startswith(("~$", ".")):
        return True
    suffix = path.suffix.lower()
    return suffix not in EXCEL_SUFFIXES and suffix not in CONTAINER_SUFFIXES


def _is_hidden(path: Path, st: os.stat_result | None = None) -> bool:
    """A dot name, or (on Windows) the hidden attribute."""
    if path.name.startswith("."):
        return True
    if os.name != "nt":
        return False
    try:
        attrs = getattr(st or os.stat(path, follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _identity(path: Path, *, skip_hidden: bool) -> tuple[int, int] | str | None:
    """The same file reached twice (overlapping inputs, links) has one identity; None: not a file
    (or a hidden one inside a folder)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    if skip_hidden and _is_hidden(path, os.lstat(path) if os.name == "nt" else st):
        return None
    return (st.st_dev, st.st_ino) if st.st_ino else str(path.resolve())


def discover(inputs: Iterable[str | os.PathLike[str]]) -> list[FoundFile]:
    """All candidate workbooks below the inputs, sorted, each listed once."""
    found: dict[tuple[int, int] | str, FoundFile] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not _is_hidden(Path(dirpath) / d))
                for name in sorted(filenames):
                    file = Path(dirpath) / name
                    if is_skipped_name(file) or is_own_output(file):
                        continue
                    if (key := _identity(file, skip_hidden=True)) is not None:
                        found.setdefault(key, FoundFile(file, path))
        elif is_skipped_name(path) or is_own_output(path):
            continue
        elif (key := _identity(path, skip_hidden=False)) is not None:
            found.setdefault(key, FoundFile(path, path.parent))
    return sorted(found.values(), key=lambda f: (str(f.root), f.display_name))
