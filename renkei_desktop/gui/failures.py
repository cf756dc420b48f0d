"""What the window says when background work fails: an expected failure (a file that cannot be written, a
bad target list …) in its own Japanese words; anything else as a bug, with the log's location."""

from __future__ import annotations

from renkei_desktop.codebook import CodebookError
from renkei_desktop.export.atomic import ExportError
from renkei_desktop.logs import log_path
from renkei_desktop.targets import TargetListError
from renkei_desktop.versions import DecisionsError
from renkei_desktop.workbooks.safety import UnreadableError

# failures whose message is already written for the user (in Japanese, naming the file or setting)
EXPECTED_FAILURES: tuple[type[Exception], ...] = (
    ExportError,
    UnreadableError,
    TargetListError,
    DecisionsError,
    CodebookError,
)


def failure_message(exc: BaseException) -> str:
    if isinstance(exc, EXPECTED_FAILURES):
        return str(exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        where = f"（{exc.filename}）" if exc.filename else ""
        return f"ファイルの読み書きに失敗しました{where}: {reason}"
    return (
        f"予期しないエラーが発生しました（{type(exc).__name__}）。プログラムの不具合の可能性があります。\n"
        f"詳しい内容はログファイルに記録されています: {log_path()}"
    )
