"""The loaded survey: counted respondents, the response status of every body and file, findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from renkei_desktop.codebook import Codebook, Survey
from renkei_desktop.file_status import PROBLEM_STATUSES, STATUS_LABELS, FileStatus
from renkei_desktop.findings import Finding
from renkei_desktop.targets import Body, TargetList
from renkei_desktop.validation import ItemStatus

# the statuses under their short names (FileStatus is the one definition)
RETURNED = FileStatus.RETURNED
MISSING = FileStatus.MISSING
DUPLICATE = FileStatus.DUPLICATE
UNREADABLE = FileStatus.UNREADABLE
WRONG_FORM = FileStatus.WRONG_FORM
UNMATCHED = FileStatus.UNMATCHED
NO_WORKBOOK = FileStatus.NO_WORKBOOK


@dataclass
class Respondent:
    """A counted response: the newest valid workbook of one target body."""

    survey: str
    body: Body
    file: str  # display path
    path: str
    mtime: float
    values: dict[str, Any]
    statuses: dict[str, ItemStatus]
    other_texts: dict[str, dict[int, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # free-text answers by item id
    raw: dict[str, Any] = field(default_factory=dict)  # codebook address -> raw cell value
    offset: tuple[int, int] = (0, 0)  # layout shift of the workbook

    @property
    def code(self) -> str:
        return self.body.code


@dataclass(frozen=True)
class StatusRow:
    survey: str
    code: str
    prefecture: str
    name: str
    status: str
    file: str
    # unreadable only because its password is not known yet (「パスワードが必要です」): the file has
    # arrived, so the reminder list shows 受領・パスワード待ち rather than a reminder
    password_pending: bool = False
    # a byte-identical copy of the counted file (a "quiet" duplicate: listed, but nothing to decide)
    quiet: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class Dataset:
    targets: TargetList
    codebooks: dict[str, Codebook]
    respondents: dict[str, list[Respondent]]
    status_rows: list[StatusRow]
    findings: list[Finding]
    cancelled: bool = False
    # (survey, code) -> the distinct versions (FileReads, newest first) of a body with two or more
    versions: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def of(self, survey: str) -> list[Respondent]:
        return self.respondents.get(survey, [])

    def findings_for(self, survey: str, code: str) -> list[Finding]:
        return [f for f in self.findings if f.survey == survey and f.code == code]

    def rows_with_status(self, *statuses: str) -> Iterator[StatusRow]:
        return (r for r in self.status_rows if r.status in statuses)

    def summary(self) -> dict[str, int]:
        """Counts for the status bar: returned/targets per survey, queries, unreadable files."""
        returned: dict[str, int] = {s: len(self.of(s)) for s in Survey}
        return {
            "municipal_returned": returned["municipal"],
            "municipal_targets": len(self.targets.municipalities),
            "prefectural_returned": returned["prefectural"],
            "prefectural_targets": len(self.targets.prefectures),
            "needs_query": len({(f.survey, f.code) for f in self.findings if f.needs_query}),
            "unreadable": sum(1 for r in self.status_rows if r.status == UNREADABLE),
            "problem_files": sum(1 for r in self.status_rows if r.status in PROBLEM_STATUSES),
            "password_pending": sum(1 for r in self.status_rows if r.password_pending),
        }
