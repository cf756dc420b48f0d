"""Atomic file output: write a temporary file next to the target, then rename over it.

A failed export never leaves a half-written file and keeps the previous one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


class ExportError(OSError):
    """An export that could not be written; ``str(exc)`` is a Japanese message naming the file."""


class OverwriteRefused(ExportError):
    """The target exists and overwriting was not allowed."""


@contextlib.contextmanager
def atomic_path(target: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise OverwriteRefused(f"{target} は既に存在します（上書きするには --force を指定してください）")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=target.parent
        )
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"{target} を書き込めません（{exc.strerror or exc}）") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"{target} を書き込めません（{exc.strerror or exc}）") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_atomic(target: Path, writer: Callable[[Path], None], *, overwrite: bool = True) -> Path:
    with atomic_path(target, overwrite=overwrite) as tmp:
        writer(tmp)
    return Path(target)
