"""Wrap Japanese text by display width (full-width characters count 2, half-width 1), never cutting it.

Rules: a run of half-width letters, digits and signs (``2.5万人`` → ``2.5``, ``N=248``) is never split;
line-start prohibited characters (、。）」ー… and small kana) are not moved to the start of a line (they hang at
the end of the previous one); opening brackets do not end a line; where possible the break goes to a natural
point (after 、・） or before （, else between hiragana and kanji) in the last part of the line.

Words are never split: the text is segmented by script (a run of kanji, of katakana, of hiragana stays whole),
and a hiragana run is cut only around the words of ``WORDS`` (the forms' labels: 「なのか｜わからない」); a kanji
run longer than ``KANJI_RUN`` characters, which no label has as one word, is cut into two-character compounds
(医療｜介護｜福祉). ``wrap_title`` keeps bracket groups such as （複数回答可）（N=248） whole.
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
# Hiragana words of the forms' labels that a run of hiragana is cut around (longest first).
WORDS = ("わからない", "分からない", "ている", "いる", "ない")
KANJI_RUN = 6


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    """Width in half-width columns (全角 = 2)."""
    return sum(char_width(ch) for ch in text)


def _is_run_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _RUN_CHARS)


def _script(ch: str) -> str:
    if _is_run_char(ch):
        return "ascii"
    if "\u3041" <= ch <= "\u309f":
        return "hira"
    if "\u30a0" <= ch <= "\u30ff" or ch in "ー":
        return "kata"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆":
        return "kanji"
    return "other"


def _split_hiragana(run: str) -> list[str]:
    """Cut a hiragana run before a known word (なのかわからない → なのか, わからない)."""
    if run in WORDS:
        return [run]
    for word in WORDS:
        i = run.find(word)
        if i >= 0:
            return [*_split_hiragana(run[:i]), word, *_split_hiragana(run[i + len(word) :])]
    return [run] if run else []


def _split_kanji(run: str) -> list[str]:
    if len(run) <= KANJI_RUN:
        return [run]
    return [run[i : i + 2] for i in range(0, len(run), 2)]


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: runs of one script (ASCII, kanji, katakana, hiragana); other characters alone."""
    tokens: list[str] = []
    run, kind = "", ""
    for ch in text:
        k = _script(ch)
        if k == kind and k != "other":
            run += ch
            continue
        tokens.extend(_finish(run, kind))
        run, kind = ch, k
    tokens.extend(_finish(run, kind))
    return tokens


def _finish(run: str, kind: str) -> list[str]:
    if not run:
        return []
    if kind == "hira":
        return _split_hiragana(run)
    if kind == "kanji":
        return _split_kanji(run)
    return [run]


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


def bracket_groups(title: str) -> list[str]:
    """``図表7 人口規模×連携（医療…）（複数回答可）（N=248）`` → text, then each （…） group; the N group is
    joined to the group before it, so it never starts a line alone."""
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in title:
        if ch == "（" and depth == 0 and current:
            parts.append(current)
            current = ""
        depth += ch == "（"
        depth -= ch == "）" and depth > 0
        current += ch
    if current:
        parts.append(current)
    merged: list[str] = []
    for part in parts:
        if merged and part.startswith(("（N=", "（n=")):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


def wrap_title(title: str, width: int) -> list[str]:
    """A title wrapped only between bracket groups (a group wider than a line is wrapped inside)."""
    lines: list[str] = []
    line = ""
    for group in bracket_groups(title):
        if display_width(line + group) <= width:
            line += group
            continue
        if line:
            lines.append(line)
        if display_width(group) <= width:
            line = group
        else:
            *head, line = wrap_lines(group, width)
            lines.extend(head)
    if line:
        lines.append(line)
    return lines


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
