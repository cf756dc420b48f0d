"""Open a workbook safely and read its sheets' values (never writing or locking the file).

The file's bytes are read into memory in one go (share-read; the handle is closed at once), checked
against size limits, sniffed (OOXML zip, legacy .xls, encrypted OOXML) and handed to python-calamine,
which reads cell values (formula cells give their cached value) without executing anything.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import olefile
from python_calamine import CalamineWorkbook

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Grid = list[list[Any]]


class UnreadableError(Exception):
    """The file cannot be read as a workbook; ``str(exc)`` is a Japanese reason for the user."""


@dataclass
class OpenedWorkbook:
    """Sheets of an opened workbook; grids are read lazily (A1-origin lists of row values)."""

    _book: CalamineWorkbook
    sheet_names: list[str]
    visible_sheets: list[str]

    def grid(self, sheet: str) -> Grid:
        try:
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for broken sheet XML
            raise UnreadableError(
                f"シート「{sheet}」を読み込めません（ファイルが壊れている可能性があります）"
            ) from exc


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableError(
                f"ファイルが大きすぎます（{size / 1024 / 1024:.0f} MB、上限 {MAX_FILE_BYTES // 1024 // 1024} MB）"
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError as exc:
        raise UnreadableError(
            "ファイルを開けません（他のプログラムが使用中か、アクセス権がありません）"
        ) from exc
    except OSError as exc:
        raise UnreadableError(f"ファイルを読み込めません（{exc.strerror or exc}）") from exc
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableError("ファイルが大きすぎます")
    return data


def check_zip(data: bytes) -> None:
    """Refuse zip bombs, path tricks and zips that are not Excel workbooks, before parsing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableError("ファイルが壊れています（ZIP 形式として読めません）") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnreadableError(f"ファイル内の部品が多すぎます（{len(infos)} 個）")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        if "content.xml" in names:
            raise UnreadableError(
                "Excel ブックではありません（OpenDocument 形式です。xlsx で保存し直してください）"
            )
        raise UnreadableError("Excel ブックではありません（中身が Excel の形式ではありません）")
    if "xl/workbook.bin" in names:
        raise UnreadableError("xlsb 形式には対応していません（xlsx で保存し直してください）")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise UnreadableError(f"不正な部品名を含むファイルです（{name[:60]}）")
        if info.file_size > MAX_ENTRY_BYTES:
            raise UnreadableError(
                f"展開後のサイズが大きすぎます（{name[:60]}: {info.file_size // 1024 // 1024} MB）"
            )
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 1024 * 1024
        ):
            raise UnreadableError(f"圧縮率が異常に高い部品を含みます（{name[:60]}、ZIP 爆弾の可能性）")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnreadableError(f"展開後の合計サイズが大きすぎます（{total // 1024 // 1024} MB）")


def check_ole(data: bytes) -> None:
    """A legacy .xls passes; an encrypted (password-protected) OOXML file is refused."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and its own errors for bad headers
        raise UnreadableError("ファイルが壊れています（Excel 97-2003 形式として読めません）") from exc
    try:
        streams = {"/".join(s) for s in ole.listdir(streams=True, storages=False)}
    finally:
        ole.close()
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise UnreadableError("パスワードで保護されています（パスワードを解除して保存し直してください）")
    if "Workbook" not in streams and "Book" not in streams:
        raise UnreadableError("Excel ブックではありません（Word など他の Office 文書です）")


def _calamine_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return "パスワードで保護されています（パスワードを解除して保存し直してください）"
    return "ファイルが壊れています（Excel として開けません）"


def open_workbook(path: Path) -> OpenedWorkbook:
    """Open ``path`` read-only in memory; raise :class:`UnreadableError` with a Japanese reason."""
    data = read_bytes(path)
    if not data:
        raise UnreadableError("ファイルが空です（0 バイト）")
    if data.startswith(ZIP_MAGIC):
        check_zip(data)
    elif data.startswith(OLE_MAGIC):
        check_ole(data)
    else:
        raise UnreadableError("Excel ブックではありません（ファイルの形式が違います）")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        visible = [s.name for s in book.sheets_metadata if str(s.visible).lower().endswith("visible")]
    except Exception as exc:  # calamine's errors carry no stable type; map to a readable reason
        raise UnreadableError(_calamine_reason(exc)) from exc
    return OpenedWorkbook(_book=book, sheet_names=names, visible_sheets=visible or names)
