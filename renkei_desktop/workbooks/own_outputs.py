"""The app's own Excel outputs carry a marker, so reading a folder never takes them for returns.

Every workbook the app writes gets a custom document property (``RenkeiDesktopOutput``; Excel shows it
under ファイル → 情報 → プロパティ → 詳細プロパティ → ユーザー設定). Discovery skips such files, whatever
their name: a 未提出一覧 saved into the input folder is not a 様式違い file.

The check is cheap for the common case: it reads the zip's end record and central directory (a few
hundred bytes) and opens the property part only when the workbook has one.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

OUTPUT_MARKER = "RenkeiDesktopOutput"
OUTPUT_MARKER_VALUE = "庁内連携調査 回収・集計ツールの出力"
CUSTOM_PART = "docProps/custom.xml"
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_DIRECTORY = 1 << 20
_MAX_PART = 1 << 16


def _central_directory(path: Path) -> bytes | None:
    """The zip's central directory, or None when the end record is not where a plain zip has it."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        if size < _EOCD_SIZE:
            return None
        fh.seek(size - _EOCD_SIZE)
        end = fh.read(_EOCD_SIZE)
        if end[:4] != _EOCD:
            return None
        dir_size, dir_offset = struct.unpack("<II", end[12:20])
        if dir_size > _MAX_DIRECTORY or dir_offset + dir_size > size:
            return None
        fh.seek(dir_offset)
        return fh.read(dir_size)


def is_own_output(path: Path) -> bool:
    """True when ``path`` is a workbook this app wrote (it has the marker property)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        directory = _central_directory(path)
        if directory is not None and CUSTOM_PART.encode() not in directory:
            return False
        with zipfile.ZipFile(path) as archive:
            info = archive.NameToInfo.get(CUSTOM_PART)
            if info is None or info.file_size > _MAX_PART:
                return False
            return OUTPUT_MARKER.encode() in archive.read(info)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False  # not ours to judge: the reader reports what is wrong with it
