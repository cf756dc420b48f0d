"""Recognise which form a sheet is (by its label anchors) and how far its layout is shifted."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from renkei_desktop.codebook import Codebook
from renkei_desktop.normalize import squash
from renkei_desktop.workbooks.opener import Grid

MIN_ANCHOR_SHARE = 0.6
_ADDRESS = re.compile(r"^([A-Z]{1,3})(\d+)$")


@cache
def parse_address(address: str) -> tuple[int, int]:
    """``"E12"`` → (row 11, column 4), zero-based."""
    match = _ADDRESS.match(address)
    if not match:
        raise ValueError(f"not a cell address: {address!r}")
    letters, digits = match.groups()
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


def format_address(row: int, col: int) -> str:
    """(11, 4) → ``"E12"`` (zero-based in)."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def shift_address(address: str, offset: tuple[int, int]) -> str:
    row, col = parse_address(address)
    return format_address(row + offset[0], col + offset[1])


def cell_value(grid: Grid, row: int, col: int) -> object:
    if 0 <= row < len(grid):
        line = grid[row]
        if 0 <= col < len(line):
            value = line[col]
            return None if value == "" else value
    return None


@dataclass(frozen=True)
class LayoutMatch:
    survey: str
    offset: tuple[int, int]  # (rows, columns) added to every codebook address
    matched: int
    total: int

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 0.0

    @property
    def shifted(self) -> bool:
        return self.offset != (0, 0)


def text_positions(grid: Grid) -> dict[str, list[tuple[int, int]]]:
    """Squashed text of every string cell → its positions."""
    index: dict[str, list[tuple[int, int]]] = {}
    for r, line in enumerate(grid):
        for c, value in enumerate(line):
            if isinstance(value, str) and value:
                index.setdefault(squash(value), []).append((r, c))
    return index


_ANCHOR_KEYS: dict[int, tuple[Codebook, tuple[tuple[tuple[int, int], str], ...]]] = {}


def _anchor_keys(codebook: Codebook) -> tuple[tuple[tuple[int, int], str], ...]:
    """Parsed anchors of a codebook, computed once per codebook object."""
    hit = _ANCHOR_KEYS.get(id(codebook))
    if hit is None or hit[0] is not codebook:
        hit = (codebook, tuple((parse_address(a.cell), squash(a.text)) for a in codebook.anchors()))
        _ANCHOR_KEYS[id(codebook)] = hit
    return hit[1]


def match_in_place(grid: Grid, codebook: Codebook) -> LayoutMatch:
    """How many anchors sit exactly where the codebook says (the common, unshifted case)."""
    anchors = _anchor_keys(codebook)
    matched = 0
    for (row, col), text in anchors:
        value = cell_value(grid, row, col)
        if isinstance(value, str) and squash(value) == text:
            matched += 1
    return LayoutMatch(codebook.survey, (0, 0), matched, len(anchors))


def match_layout(index: dict[str, list[tuple[int, int]]], codebook: Codebook) -> LayoutMatch:
    """Best uniform offset for the codebook's anchors and how many anchors agree with it."""
    anchors = _anchor_keys(codebook)
    votes: Counter[tuple[int, int]] = Counter()
    for (row, col), text in anchors:
        for r, c in index.get(text, ()):
            votes[(r - row, c - col)] += 1
    if not votes:
        return LayoutMatch(codebook.survey, (0, 0), 0, len(anchors))
    offset, matched = max(votes.items(), key=lambda kv: (kv[1], kv[0] == (0, 0)))
    return LayoutMatch(codebook.survey, offset, matched, len(anchors))


def identify_form(grid: Grid, codebooks: Iterable[Codebook]) -> LayoutMatch | None:
    """The form this sheet is, or ``None`` when no codebook's anchors match well enough."""
    codebooks = list(codebooks)
    in_place = max((match_in_place(grid, cb) for cb in codebooks), key=lambda m: m.share)
    if in_place.share >= MIN_ANCHOR_SHARE:
        return in_place
    index = text_positions(grid)
    best = max((match_layout(index, cb) for cb in codebooks), key=lambda m: m.share)
    return best if best.share >= MIN_ANCHOR_SHARE else None
