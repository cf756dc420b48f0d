"""Find the workbooks in the files and folders a user gave (recursively)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})


@dataclass(frozen=True)
class FoundFile:
    path: Path
    root: Path  # the folder the user gave (or the file's own folder), for display

    @property
    def display_name(self) -> str:
        """The path relative to the input folder, with ``/`` separators."""
        try:
            return self.path.relative_to(self.root).as_posix()
        except ValueError:
            return self.path.name


def is_skipped_name(path: Path) -> bool:
    """Excel lock files (``~$…``), hidden files and non-Excel files are skipped silently."""
    name = path.name
    if name.startswith(("~$", ".")):
        return True
    return path.suffix.lower() not in EXCEL_SUFFIXES


def _is_hidden(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    try:
        attrs = getattr(os.stat(path, follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def discover(inputs: Iterable[str | os.PathLike[str]]) -> list[FoundFile]:
    """All candidate workbooks below the inputs, sorted, each listed once."""
    found: dict[Path, FoundFile] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not _is_hidden(Path(dirpath) / d))
                for name in sorted(filenames):
                    file = Path(dirpath) / name
                    if not is_skipped_name(file) and not _is_hidden(file) and file.is_file():
                        found.setdefault(file.resolve(), FoundFile(file, path))
        elif path.is_file() and not is_skipped_name(path):
            found.setdefault(path.resolve(), FoundFile(path, path.parent))
    return sorted(found.values(), key=lambda f: (str(f.root), f.display_name))
