"""Turn what people type into Excel cells into clean answers.

Rules (each one is tested in ``tests/test_normalize.py`` and listed in the README):

* text: Unicode NFKC, then every whitespace character removed (for matching only);
* single answers match an option's dropdown value, form label or report label, also without a
  leading option number (``1.`` ``1．`` ``1 ``); a bare option number (``3``) selects that option;
* multi-answer marks: ○ 〇 ◯ ● ◎ ✓ ✔ レ 1 (or numeric 1 / TRUE) select; blank, × ✕ - 0 do not;
* numbers accept ``52,341``, ``５２３４１``, ``52,341人``, ``24.5%``, ``２４．５``; for a percent item a
  value strictly between 0 and 1 is a percent-formatted cell (0.245 → 24.5);
* anything else is *invalid* (the caller records an ``invalid_value`` finding and counts no answer).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from renkei_desktop.codebook import Option

SELECTED_MARKS = frozenset({"○", "〇", "◯", "●", "◎", "✓", "✔", "レ", "1", "TRUE", "true", "True"})
UNSELECTED_MARKS = frozenset({"", "×", "✕", "-", "0", "FALSE", "false", "False"})
_LEADING_NUMBER = re.compile(r"^\(?\d{1,2}\)?[.．、:：)]?\s*(?=\D)")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_WHITESPACE = re.compile(r"\s+")


class Invalid:
    """Marker for a value that cannot be read as an answer (kept with its reason)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Invalid({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Invalid) and other.reason == self.reason

    def __hash__(self) -> int:
        return hash(self.reason)


def is_blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def squash(text: str) -> str:
    """NFKC and all whitespace removed: the matching form of a piece of text."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def strip_option_number(text: str) -> str:
    """``"3. 月に1回程度"`` → ``"月に1回程度"`` (text already squashed or not)."""
    return _LEADING_NUMBER.sub("", text, count=1)


def display_raw(value: Any) -> str:
    """A cell value as shown to a person in messages."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class OptionMatcher:
    """Lookup from squashed option text to option code for one single-answer item."""

    lookup: dict[str, int]
    codes: frozenset[int]

    @classmethod
    def build(cls, options: Sequence[Option]) -> OptionMatcher:
        lookup: dict[str, int] = {}
        for opt in options:
            for text in (opt.value, opt.label, opt.report_label):
                if text:
                    key = squash(text)
                    lookup.setdefault(key, opt.code)
                    lookup.setdefault(strip_option_number(key), opt.code)
        return cls(lookup=lookup, codes=frozenset(o.code for o in options))

    def match(self, value: Any) -> int | Invalid | None:
        """The option code for a cell value, ``None`` for blank, ``Invalid`` otherwise."""
        if is_blank(value):
            return None
        if isinstance(value, bool):
            return Invalid("選択肢にない値です")
        if isinstance(value, int | float):
            if float(value).is_integer() and int(value) in self.codes:
                return int(value)
            return Invalid("選択肢にない値です")
        key = squash(str(value))
        if key in self.lookup:
            return self.lookup[key]
        stripped = strip_option_number(key)
        if stripped in self.lookup:
            return self.lookup[stripped]
        if key.isdigit() and int(key) in self.codes:
            return int(key)
        return Invalid("選択肢にない値です")


def parse_mark(value: Any) -> bool | Invalid:
    """Whether a multi-answer ○ cell is selected."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
        return Invalid("○ 以外の値です")
    key = squash(str(value))
    if key in SELECTED_MARKS:
        return True
    if key in UNSELECTED_MARKS:
        return False
    return Invalid("○ 以外の値です")


def parse_number(
    value: Any,
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    unit: str | None = None,
) -> float | int | Invalid | None:
    """A numeric answer; ``None`` when blank; ``Invalid`` with a Japanese reason otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, (bool, dt.datetime | dt.date | dt.time | dt.timedelta)):
        return Invalid("数値ではありません")
    is_percent = unit == "%"
    if isinstance(value, int | float):
        number = float(value)
        if math.isinf(number) or math.isnan(number):
            return Invalid("数値ではありません")
    else:
        text = squash(str(value)).replace(",", "")
        if text.endswith("%"):
            if not is_percent:
                return Invalid("数値ではありません")
            text = text[:-1]
            is_percent = False  # an explicit % sign: the number is already in percent
        elif unit and text.endswith(unit):
            text = text[: -len(unit)]
        if not _NUMBER.match(text):
            return Invalid("数値ではありません")
        number = float(text)
    if is_percent and 0 < number < 1:
        number = round(number * 100, 10)
    if integer:
        if not number.is_integer():
            return Invalid("整数ではありません")
        number = int(number)
    if minimum is not None and number < minimum:
        return Invalid(f"{_limit_text(minimum)} 未満の値です")
    if maximum is not None and number > maximum:
        return Invalid(f"{_limit_text(maximum)} を超える値です")
    return number


def _limit_text(limit: float) -> str:
    """A range limit as staff read it: ``10,000,000``, ``0.5`` (never ``1e+07``)."""
    return f"{limit:,.0f}" if float(limit).is_integer() else f"{limit:,}"


def clean_text(value: Any) -> str | None:
    """A free-text answer as typed (outer whitespace trimmed); ``None`` when blank."""
    if is_blank(value):
        return None
    return display_raw(value).strip()
