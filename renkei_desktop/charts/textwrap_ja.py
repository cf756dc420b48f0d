"""Wrap Japanese text by display width (full-width characters count 2, half-width 1), never cutting it.

Rules: a run of half-width letters, digits and signs (``2.5万人`` → ``2.5``, ``N=248``) is never split;
line-start prohibited characters (、。）」ー… and small kana) are not moved to the start of a line (they hang at
the end of the previous one); opening brackets do not end a line; where possible the break goes to a natural
point (after 、・） or before （, else between hiragana and kanji) in the last part of the line.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

NO_LINE_START = frozenset(
    "、。，．,.・：；:;？！?!）」』】〕〉》］｝)]}ー～〜…‥％%々ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
NO_LINE_END = frozenset("（「『【〔〈《［｛([{")
BREAK_AFTER = frozenset("、。・）」』】，,/／")
BREAK_BEFORE = frozenset("（「『【")
_RUN_CHARS = frozenset("0123456789.,%+-=/:_~#&'")


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    """Width in half-width columns (全角 = 2)."""
    return sum(char_width(ch) for ch in text)


def _is_run_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _RUN_CHARS)


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: runs of half-width letters/digits/signs, otherwise single characters."""
    tokens: list[str] = []
    run = ""
    for ch in text:
        if _is_run_char(ch):
            run += ch
            continue
        if run:
            tokens.append(run)
            run = ""
        tokens.append(ch)
    if run:
        tokens.append(run)
    return tokens


def _split_long(token: str, width: int) -> list[str]:
    pieces, piece = [], ""
    for ch in token:
        if piece and display_width(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _natural_break(line: list[str], width: int) -> int | None:
    """Index in ``line`` to break before, at a natural point: after 、・） or before （ in the last 50 % of
    the line, else where hiragana meets a kanji/katakana (a phrase boundary: 部課室が|主導) in the last 60 %."""
    used = display_width("".join(line))
    punctuation: int | None = None
    phrase: int | None = None
    pos = used
    for i in range(len(line) - 1, 0, -1):
        pos -= display_width(line[i])
        if pos < used - int(width * 0.6):
            break
        prev, nxt = line[i - 1], line[i]
        if nxt[0] in NO_LINE_START or prev[-1] in NO_LINE_END:
            continue
        if (prev[-1] in BREAK_AFTER or nxt[0] in BREAK_BEFORE) and pos >= used - int(width * 0.5):
            punctuation = punctuation or i
        elif _is_kana(prev[-1]) and not _is_kana(nxt[0]) and not nxt[0].isascii():
            phrase = phrase or i
    return punctuation or phrase


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0
    pieces = [p for t in _tokens(text) for p in (_split_long(t, width) if display_width(t) > width else [t])]
    for token in pieces:
        w = display_width(token)
        if used + w <= width or not line:
            line.append(token)
            used += w
            continue
        if token[0] in NO_LINE_START and w <= 2:  # hang it at the end of the line
            line.append(token)
            used += w
            continue
        at_end = token[0] in BREAK_BEFORE or line[-1][-1] in BREAK_AFTER
        cut = len(line) if at_end and line[-1][-1] not in NO_LINE_END else _natural_break(line, width)
        if cut is None:
            cut = len(line)
            if token[0] in NO_LINE_START and cut > 1 and line[cut - 1][0] not in NO_LINE_START:
                # take the previous piece along
                cut -= 1
            while cut > 1 and line[cut - 1][-1] in NO_LINE_END:
                cut -= 1
        carry = line[cut:]
        lines.append(line[:cut])
        line = [*carry, token]
        used = display_width("".join(line))
        if used > width and len(line) > 1:  # the carried part plus the token do not fit together
            lines.append(line[:-1])
            line = [token]
            used = w
    if line:
        lines.append(line)
    return ["".join(parts).strip() for parts in lines]


@lru_cache(maxsize=4096)
def _wrap_cached(text: str, width: int) -> tuple[str, ...]:
    out: list[str] = []
    for paragraph in text.splitlines() or [""]:
        out.extend(_wrap_paragraph(paragraph, width) if paragraph else [""])
    return tuple(out)


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` wrapped to lines of at most ``width`` columns (longer only for hanging punctuation)."""
    if width < 2:
        raise ValueError("width must be at least 2 columns")
    return list(_wrap_cached(str(text), int(width)))


def wrap(text: str, width: int) -> str:
    """``text`` wrapped by display width, lines joined with newlines."""
    return "\n".join(wrap_lines(text, width))
