"""Open a workbook safely and read its sheets' values (never writing or locking the file).

The file's bytes are read into memory in one go (share-read; the handle is closed at once), checked
against size limits and sniffed (OOXML zip, legacy .xls, encrypted OOXML). The guards then check the
package with bounded work and hand python-calamine a container they wrote themselves (see
:mod:`renkei_desktop.workbooks.ooxml_guard` and :mod:`renkei_desktop.workbooks.xls_guard`); calamine
reads cell values (formula cells give their cached value) and executes nothing. Macros are dropped
before parsing and never kept.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from renkei_desktop.workbooks.containers.common import PASSWORD_NEEDED
from renkei_desktop.workbooks.ods_guard import ODS_MIMETYPE, sanitize_ods
from renkei_desktop.workbooks.ooxml_guard import sanitize_package
from renkei_desktop.workbooks.safety import (
    DEFAULT_LIMITS,
    MB,
    Deadline,
    Limits,
    ProtectedError,
    UnreadableError,
    printable,
)
from renkei_desktop.workbooks.xls_guard import ENCRYPTED_OOXML, read_ole, sanitize_xls

__all__ = [
    "MAX_FILE_BYTES",
    "Grid",
    "OpenedWorkbook",
    "UnreadableError",
    "open_bytes",
    "open_workbook",
    "read_bytes",
]

MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROTECTED = PASSWORD_NEEDED + "（パスワードで保護されています。パスワードを入力すると読み込みます）"
_PASSTHROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)

Grid = list[list[Any]]


def _calamine_failure(exc: BaseException, what: str) -> UnreadableError:
    """Calamine raises its own error types, and a Rust panic arrives as ``PanicException`` (a
    BaseException): both become a Japanese reason; interpreter exits still propagate."""
    if isinstance(exc, _PASSTHROUGH):
        raise exc
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return UnreadableError(PROTECTED)
    return UnreadableError(what)


@dataclass
class OpenedWorkbook:
    """Sheets of an opened workbook; grids are read lazily (A1-origin lists of row values)."""

    _book: CalamineWorkbook
    sheet_names: list[str]
    visible_sheets: list[str]
    deadline: Deadline | None = None

    def grid(self, sheet: str) -> Grid:
        if self.deadline is not None:
            self.deadline.check()
        try:
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except BaseException as exc:
            raise _calamine_failure(
                exc,
                f"シート「{printable(sheet, 40)}」を読み込めません（ファイルが壊れている可能性があります）",
            ) from exc


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The whole file, read once (regular files only: a pipe or device would block or never end)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError as exc:
        raise UnreadableError(
            "ファイルを開けません（他のプログラムが使用中か、アクセス権がありません。"
            "Excel で開いている場合は閉じてから読み込み直してください）"
        ) from exc
    except OSError as exc:
        raise UnreadableError(f"ファイルを読み込めません（{exc.strerror or exc}）") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableError(
                "通常のファイルではありません（フォルダ・パイプ・デバイスは読み込みません）"
            )
        if st.st_size > limits.max_file_bytes:
            raise UnreadableError(
                f"ファイルが大きすぎます（{st.st_size / MB:.1f} MB、上限 {limits.max_file_bytes // MB} MB）"
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limits.max_file_bytes:
            chunk = os.read(fd, min(1 << 20, limits.max_file_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        changed = os.fstat(fd).st_size != size
    except PermissionError as exc:
        raise UnreadableError(
            "ファイルを読み込めません（他のプログラムがファイルの一部をロックしています。"
            "Excel で開いている場合は閉じてから読み込み直してください）"
        ) from exc
    except OSError as exc:
        raise UnreadableError(f"ファイルを読み込めません（{exc.strerror or exc}）") from exc
    finally:
        os.close(fd)
    if size > limits.max_file_bytes:
        raise UnreadableError(f"ファイルが大きすぎます（上限 {limits.max_file_bytes // MB} MB）")
    data = b"".join(chunks)
    if changed and data:
        raise UnreadableError(
            "読み込み中にファイルが変更されました（保存中の可能性があります。保存が終わってから読み込み直してください）"
        )
    return data


def _is_ods(data: bytes) -> bool:
    """OpenDocument puts an uncompressed ``mimetype`` member first."""
    return data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:120]


def _zip_payload(data: bytes, limits: Limits) -> bytes:
    if _is_ods(data):
        return sanitize_ods(data, limits)
    try:
        return sanitize_package(data, limits)[0]
    except UnreadableError as exc:
        if "OpenDocument" in str(exc):  # an .ods whose mimetype is not the first member
            return sanitize_ods(data, limits)
        raise


def checked_payload(data: bytes, limits: Limits = DEFAULT_LIMITS, passwords: Sequence[str] = ()) -> bytes:
    """The bytes calamine may parse: a re-packed .xlsx/.ods or a rebuilt .xls, after every check.
    Encrypted workbooks are tried with each of ``passwords``; when none fits, the
    :class:`~renkei_desktop.workbooks.containers.common.PasswordNeeded` reason starts with
    「パスワードが必要です」."""
    if not data:
        raise UnreadableError("ファイルが空です（0 バイト）")
    if data.startswith(ZIP_MAGIC):
        return _zip_payload(data, limits)
    if data.startswith(OLE_MAGIC):
        contents = read_ole(data, limits)
        if contents.kind == ENCRYPTED_OOXML:
            from renkei_desktop.workbooks.encrypted import decrypt_ooxml_any

            plain = decrypt_ooxml_any(data, passwords, limits)
            if not plain.startswith(ZIP_MAGIC):
                raise UnreadableError("パスワードで保護されたファイルの中身が Excel ブックではありません")
            return sanitize_package(plain, limits)[0]
        try:
            return sanitize_xls(contents, limits)[0]
        except ProtectedError:
            from renkei_desktop.workbooks.encrypted import decrypt_xls

            return sanitize_xls(read_ole(decrypt_xls(data, passwords), limits), limits)[0]
    raise UnreadableError("Excel ブックではありません（ファイルの形式が違います）")


def open_bytes(
    data: bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
    passwords: Sequence[str] = (),
) -> OpenedWorkbook:
    """Open workbook bytes (a loose file's, or a container member's) after every check."""
    payload = checked_payload(data, limits, passwords)
    if deadline is not None:
        deadline.check()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(payload))
        names = list(book.sheet_names)
        visible = [s.name for s in book.sheets_metadata if str(s.visible).lower().endswith("visible")]
    except BaseException as exc:
        raise _calamine_failure(exc, "ファイルが壊れています（Excel として開けません）") from exc
    return OpenedWorkbook(_book=book, sheet_names=names, visible_sheets=visible or names, deadline=deadline)


def open_workbook(
    path: Path,
    *,
    limits: Limits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
    password: str | None = None,
) -> OpenedWorkbook:
    """Open ``path`` read-only in memory; raise :class:`UnreadableError` with a Japanese reason."""
    passwords = [password] if password is not None else []
    return open_bytes(read_bytes(path, limits), limits=limits, deadline=deadline, passwords=passwords)
