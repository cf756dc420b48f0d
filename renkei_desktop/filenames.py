"""File names built from text found in workbooks (municipality names, question titles, …).

:func:`safe_file_name` turns any text into one file-name component that is valid on Windows, macOS and
Linux and cannot escape the output folder: no path separators or characters Windows refuses, no
control or invisible formatting characters (e.g. right-to-left overrides that disguise an extension),
no reserved device names (``CON``, ``NUL``, ``COM1`` …, with or without an extension), no leading dot,
no trailing dot or space, and a bounded length. The result is stable: sanitising it again changes
nothing. :func:`unique_file_name` resolves collisions (case-insensitively, as on Windows).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

WINDOWS_INVALID = frozenset('<>:"/\\|?*')
_DEVICE_BASES = ("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$")
_NUMBERED = ("COM", "LPT")
_NUMBERS = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³")
RESERVED_NAMES = frozenset([*_DEVICE_BASES, *(f"{base}{n}" for base in _NUMBERED for n in _NUMBERS)])
DEFAULT_MAX_CHARS = 80  # leaves room for a suffix and a folder within Windows' 260-character paths
MIN_MAX_CHARS = 8


def _is_reserved(name: str) -> bool:
    """Windows treats ``CON``, ``con.png`` and ``CON .txt`` alike (the part before the first dot)."""
    return name.split(".", 1)[0].rstrip(" ").upper() in RESERVED_NAMES


def _clean_chars(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in WINDOWS_INVALID:
            out.append("_")
            continue
        category = unicodedata.category(ch)
        if category == "Cf":  # invisible formatting: bidi overrides, zero-width joiners
            continue
        if category in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif category == "Cs":  # a lone surrogate (undecodable bytes of a foreign file name)
            out.append("_")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def _trim(name: str) -> str:
    name = name.strip(" ").rstrip(". ")
    if name.startswith("."):
        name = "_" + name.lstrip(".")
    return name


def safe_file_name(text: object, *, max_chars: int = DEFAULT_MAX_CHARS, fallback: str = "無題") -> str:
    """One safe file-name component made from ``text`` (never empty, at most ``max_chars`` long)."""
    if max_chars < MIN_MAX_CHARS:
        raise ValueError(f"max_chars must be at least {MIN_MAX_CHARS}")
    name = _trim(_clean_chars(unicodedata.normalize("NFC", str(text))))
    if len(name) > max_chars:
        name = _trim(name[:max_chars])
    if not name:
        name = _trim(_clean_chars(unicodedata.normalize("NFC", fallback)))[:max_chars] or "_"
    if _is_reserved(name):
        stem, dot, rest = name.partition(".")
        name = stem.rstrip(" ") + "_" + dot + rest
        if len(name) > max_chars:
            name = _trim(name[:max_chars])
    return name


def unique_file_name(name: str, used: Iterable[str], *, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """``name``, or ``name (2)``, ``name (3)`` … (before the extension) if a used name matches it
    case-insensitively; ``name`` should already be safe. The result is safe and unused."""
    taken = {u.casefold() for u in used}
    name = safe_file_name(name, max_chars=max_chars)
    if name.casefold() not in taken:
        return name
    stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    counter = 2
    while True:
        tail = f" ({counter})" + dot + suffix
        candidate = safe_file_name(stem[: max(1, max_chars - len(tail))] + tail, max_chars=max_chars)
        if candidate.casefold() not in taken:
            return candidate
        counter += 1
