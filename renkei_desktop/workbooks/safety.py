"""Shared pieces of safe opening: the refusal type, the per-file limits and the time budget.

Every returned workbook is treated as untrusted input. Before python-calamine (Rust) sees a file,
the guards in :mod:`renkei_desktop.workbooks.ooxml_guard` and :mod:`renkei_desktop.workbooks.xls_guard`
check it against the limits below and hand calamine a container they wrote themselves, so that the
work calamine does (bytes parsed, cells allocated, text produced) is bounded by these numbers.
Why each limit exists is explained in ``docs/RELIABILITY.md``.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

MB = 1024 * 1024


class UnreadableError(Exception):
    """The file cannot be read as a workbook; ``str(exc)`` is a Japanese reason for the user."""


class ProtectedError(UnreadableError):
    """The file is encrypted (a password would open it)."""


@dataclass(frozen=True)
class Limits:
    """Per-file limits, checked before any parsing by calamine."""

    max_file_bytes: int = 30 * MB  # the file on disk (read into memory once)
    max_zip_entries: int = 2000  # parts in an .xlsx/.xlsm zip
    max_part_bytes: int = 32 * MB  # one part, uncompressed (a returned form's sheet is ~0.1 MB)
    max_total_bytes: int = 64 * MB  # all parts, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for parts over 1 MB (XML is ~5-30)
    max_sheets: int = 255  # sheets declared by a workbook
    max_sheet_cells: int = 2_000_000  # dense grid of one sheet: (last row + 1) * (last column + 1)
    max_total_cells: int = 4_000_000  # the same, summed over every sheet of the workbook
    max_text_bytes: int = 64 * MB  # text produced by shared-string cells (each cell gets a copy)
    max_xls_stream_bytes: int = 7 * MB  # the BIFF "Workbook" stream of an .xls
    max_biff_scan_bytes: int = 64 * MB  # BIFF records walked over all sheets of an .xls
    max_spin_count: int = 1_000_000  # password hashing rounds of an encrypted file (Excel: 100,000)
    time_budget: float = 20.0  # seconds; checked between stages (the limits above bound each stage)


DEFAULT_LIMITS = Limits()


class Deadline:
    """A per-file time budget, checked between reading stages (a stage itself cannot be interrupted)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def check(self) -> None:
        if self.elapsed > self.seconds:
            raise UnreadableError(
                f"読み込みに時間がかかりすぎるため中止しました（{self.seconds:.0f} 秒を超えました）"
            )


_ILLEGAL_XML_CHARS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def clean_text(text: str) -> str:
    """Text from a workbook without the control characters XML 1.0 (and so every .xlsx writer)
    refuses; calamine passes them through from ``&#1;`` or ``_x0001_``, and one such character in a
    free-text answer would otherwise stop every later Excel export."""
    return text.translate(_ILLEGAL_XML_CHARS) if not text.isprintable() else text


def printable(text: str, limit: int = 60) -> str:
    """A name taken from a file, safe to show in a message or a log line (no control characters)."""
    cleaned = "".join(
        "?" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text[: limit + 1]
    )
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"
