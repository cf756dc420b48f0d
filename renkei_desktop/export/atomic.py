"""Atomic file output: write a temporary file next to the target, then rename over it.

A failed export never leaves a half-written file and keeps the previous one:

* the content goes to a hidden temporary file in the target's folder (same file system), is flushed
  to disk (``fsync``) and only then renamed over the target (``os.replace`` is atomic);
* on any failure, including an exception from the writer, the temporary file is removed;
* without ``overwrite`` an existing target is never replaced (``os.link`` refuses atomically where
  the file system supports hard links);
* on Windows a rename refused for a moment (a virus scanner or the search indexer holding the new
  file) is retried a few times; a target held open by Excel gives a message saying so.

Errors are :class:`ExportError` with a Japanese message naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class ExportError(OSError):
    """An export that could not be written; ``str(exc)`` is a Japanese message naming the file."""


class OverwriteRefused(ExportError):
    """The target exists and overwriting was not allowed."""


_WIN_DISK_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WIN_IN_USE = {5, 32, 33}  # ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_WIN_PATH_TOO_LONG = {206}  # ERROR_FILENAME_EXCED_RANGE
REPLACE_RETRIES = 5


def describe_os_error(exc: OSError) -> str:
    """A Japanese explanation of why a file could not be written (with the system's own text)."""
    code = exc.errno
    win = getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) or win in _WIN_DISK_FULL:
        reason = "ディスクの空き容量が足りません"
    elif code == errno.EFBIG:
        reason = "ファイルの大きさの上限を超えました"
    elif code == errno.EROFS:
        reason = "読み取り専用の場所には書き込めません"
    elif isinstance(exc, PermissionError) or win in _WIN_IN_USE:
        reason = (
            "書き込む権限がないか、出力先のファイルが Excel などで開かれています"
            "（開いている場合は閉じてからやり直してください）"
        )
    elif isinstance(exc, NotADirectoryError | FileExistsError):
        reason = "出力先のフォルダを作れません（同じ名前のファイルがあります）"
    elif code == errno.ENAMETOOLONG or win in _WIN_PATH_TOO_LONG:
        reason = "パスが長すぎます（もっと浅いフォルダを出力先にしてください）"
    elif isinstance(exc, FileNotFoundError):
        reason = "出力先のフォルダが見つかりません"
    else:
        reason = "書き込めませんでした"
    detail = exc.strerror or str(exc)
    return f"{reason}（{detail}）" if detail else reason


def _error(target: Path, exc: OSError) -> ExportError:
    return ExportError(f"{target} を書き込めません: {describe_os_error(exc)}")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _replace(tmp: Path, target: Path) -> None:
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == REPLACE_RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)


def _place_new(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if ``target`` does not exist (atomically where possible)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError as exc:
        raise OverwriteRefused(
            f"{target} は既に存在します（上書きするには --force を指定してください）"
        ) from exc
    except OSError:
        pass  # no hard links here (FAT, some network drives): check, then rename
    if target.exists():
        raise OverwriteRefused(f"{target} は既に存在します（上書きするには --force を指定してください）")
    _replace(tmp, target)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextlib.contextmanager
def atomic_path(target: Path, *, overwrite: bool = True, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise OverwriteRefused(f"{target} は既に存在します（上書きするには --force を指定してください）")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem[:40]}.", suffix=target.suffix + ".tmp", dir=target.parent
        )
        os.close(fd)
    except OSError as exc:
        raise _error(target, exc) from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        with contextlib.suppress(OSError):  # mkstemp makes 0600 files: give the usual permissions
            os.chmod(tmp, 0o666 & ~_UMASK)
        if durable:
            _fsync(tmp)
        if overwrite:
            _replace(tmp, target)
        else:
            _place_new(tmp, target)
    except ExportError:
        raise
    except OSError as exc:
        raise _error(target, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_atomic(
    target: Path, writer: Callable[[Path], None], *, overwrite: bool = True, durable: bool = True
) -> Path:
    with atomic_path(target, overwrite=overwrite, durable=durable) as tmp:
        writer(tmp)
    return Path(target)
