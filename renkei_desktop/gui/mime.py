"""Paths from a drag-and-drop (a pure function over ``QMimeData``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local files and folders in a drop, in order, each once; other URLs are ignored."""
    paths: list[Path] = []
    if not mime.hasUrls():
        return paths
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.exists() and path not in paths:
            paths.append(path)
    return paths
