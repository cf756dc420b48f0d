"""Several files for one body, settled as staff would, and the user's choices (a JSON decisions file).

1. Byte-identical copies (the municipality sent it, and the prefecture's bundle holds it too) are one
   response: the other copies are quiet duplicates.
2. Between different versions the newest counts, by the mail's ``Date:`` or the zip member's own time
   where there is one (a saved attachment's mtime is when it was saved, often after the correction
   arrived), else the file's modification time.
3. A choice in the decisions file overrides rule 2; the same file drives the window and
   ``export --decisions FILE``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renkei_desktop.workbooks.reader import FileRead

DECISIONS_FORMAT = "renkei-desktop-decisions"


class DecisionsError(Exception):
    """The decisions file cannot be read; ``str(exc)`` is Japanese."""


@dataclass
class Choice:
    survey: str
    code: str
    file: str  # the display name of the version that counts
    digest: str = ""  # its content (a renamed copy of the same bytes still matches)


@dataclass
class Decisions:
    choices: dict[tuple[str, str], Choice] = field(default_factory=dict)

    def choose(self, survey: str, code: str, read: FileRead) -> None:
        self.choices[(survey, code)] = Choice(survey, code, read.display, read.digest)

    def forget(self, survey: str, code: str) -> None:
        self.choices.pop((survey, code), None)

    def pick(self, survey: str, code: str, reads: Sequence[FileRead]) -> FileRead | None:
        """The chosen version among ``reads``, if the choice still matches one."""
        choice = self.choices.get((survey, code))
        if choice is None:
            return None
        for read in reads:
            if choice.digest and read.digest == choice.digest:
                return read
        return next((r for r in reads if r.display == choice.file), None)

    def to_json(self) -> str:
        items = [vars(c) for c in sorted(self.choices.values(), key=lambda c: (c.survey, c.code))]
        return json.dumps(
            {"format": DECISIONS_FORMAT, "version": 1, "choices": items}, ensure_ascii=False, indent=1
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Decisions:
        """Read a decisions file; a missing file is no decisions."""
        if not path.exists():
            return cls()
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != DECISIONS_FORMAT:
                raise ValueError("format")
            out = cls()
            for item in data.get("choices", []):
                choice = Choice(
                    str(item["survey"]), str(item["code"]), str(item["file"]), str(item.get("digest", ""))
                )
                out.choices[(choice.survey, choice.code)] = choice
            return out
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DecisionsError(f"判断ファイルを読み込めません（{path.name}: 形式が違います）") from exc


@dataclass
class Settled:
    winner: FileRead
    losers: list[tuple[FileRead, str]]  # each other file and the Japanese reason it is not counted
    versions: list[FileRead]  # distinct contents, newest first (two or more: the user may choose)
    copies: set[int] = field(default_factory=set)  # id() of the losers that are byte-identical copies


def _when(read: FileRead) -> str:
    stamp = dt.datetime.fromtimestamp(read.version_time).strftime("%Y-%m-%d %H:%M")
    return f"{'送信・圧縮' if read.sent is not None else '更新'}日時 {stamp}"


def settle(
    group: Sequence[FileRead], body_name: str, decisions: Decisions | None, survey: str, code: str
) -> Settled:
    """Which file of one body counts, and why each other one does not."""
    ordered = sorted(group, key=lambda r: (-r.version_time, r.display))
    versions: list[FileRead] = []
    copies: list[tuple[FileRead, FileRead]] = []
    for read in ordered:
        same = next((v for v in versions if read.digest and v.digest == read.digest), None)
        if same is None:
            versions.append(read)
        else:
            copies.append((read, same))
    chosen = decisions.pick(survey, code, versions) if decisions else None
    winner = chosen or versions[0]
    losers: list[tuple[FileRead, str]] = []
    for read in versions:
        if read is winner:
            continue
        why = "画面（判断ファイル）で選ばれた" if chosen is not None else f"新しい（{_when(winner)}）"
        losers.append(
            (
                read,
                f"同じ団体（{body_name}）の回答ファイルが複数あります。{why}「{winner.display}」を集計し、"
                f"このファイル（{_when(read)}）は集計しません",
            )
        )
    for read, same in copies:
        counted = winner if same.digest == winner.digest else same
        losers.append((read, f"「{counted.display}」と内容が同一のコピーです（1 件として数えます）"))
    return Settled(winner, losers, versions, {id(read) for read, _ in copies})
