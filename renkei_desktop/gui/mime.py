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


OUTLOOK_DESCRIPTOR = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'


def outlook_drop_names(mime: QMimeData) -> list[str]:
    """Names of the attachments Outlook offers as virtual files (FILEGROUPDESCRIPTORW: a count, then
    592-byte descriptors whose last 520 bytes are the UTF-16 name); empty elsewhere."""
    if not mime.hasFormat(OUTLOOK_DESCRIPTOR):
        return []
    raw = bytes(mime.data(OUTLOOK_DESCRIPTOR).data())
    if len(raw) < 4:
        return []
    count = int.from_bytes(raw[:4], "little")
    names: list[str] = []
    for i in range(min(count, 500)):
        start = 4 + i * 592 + 72
        chunk = raw[start : start + 520]
        if len(chunk) < 520:
            break
        name = chunk.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
        if name:
            names.append(name)
    return names


OUTLOOK_CONTENTS = 'application/x-qt-windows-mime;value="FileContents"'


def outlook_drop_files(mime: QMimeData) -> list[tuple[str, bytes]]:
    """(name, bytes) of a single attachment dragged out of Outlook, read from the drop itself (Qt
    hands over the first FileContents stream only, so a drag of several attachments gives nothing
    here and the caller explains how to save them instead)."""
    names = outlook_drop_names(mime)
    if len(names) != 1 or not mime.hasFormat(OUTLOOK_CONTENTS):
        return []
    data = bytes(mime.data(OUTLOOK_CONTENTS).data())
    return [(names[0], data)] if data else []
