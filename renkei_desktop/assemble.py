"""Turn file reads into a dataset (pure: no file access): identify each response, settle several
files of one body (:mod:`renkei_desktop.versions`), validate the counted ones and list every file
that is not counted, with its reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renkei_desktop import dataset as ds
from renkei_desktop import findings as fk
from renkei_desktop.codebook import Codebook
from renkei_desktop.dataset import Dataset, Respondent, StatusRow
from renkei_desktop.findings import Finding
from renkei_desktop.identify import Identifier
from renkei_desktop.targets import Body, TargetList, load_master
from renkei_desktop.validation import Validated, validate_raw
from renkei_desktop.versions import Decisions, settle
from renkei_desktop.workbooks.reader import READ_NO_WORKBOOK, READ_OK, READ_UNREADABLE, FileRead

_KIND_OF_READ: dict[str, str] = {READ_UNREADABLE: fk.UNREADABLE, READ_NO_WORKBOOK: fk.NO_WORKBOOK}
_STATUS_OF_READ: dict[str, str] = {READ_UNREADABLE: ds.UNREADABLE, READ_NO_WORKBOOK: ds.NO_WORKBOOK}


class ValidationMemo:
    """Validated answers per FileRead object: an unchanged file (same cached read) is not re-validated.

    Multi-answer values (frozensets of codes) are shared between respondents who gave the same
    answer: a survey of 1,788 returns then holds a few hundred sets instead of about 21,000, which
    is most of what the cycle collector would otherwise walk in a loaded dataset."""

    MAX_SHARED_SETS = 50_000

    def __init__(self) -> None:
        self._items: dict[str, tuple[FileRead, Validated]] = {}
        self._sets: dict[frozenset[int], frozenset[int]] = {}

    def validated(self, read: FileRead, codebook: Codebook) -> Validated:
        hit = self._items.get(read.key)
        if hit is not None and hit[0] is read:
            return hit[1]
        checked = validate_raw(read.raw, codebook)
        self.put(read, checked)
        return checked

    def put(self, read: FileRead, checked: Validated) -> None:
        """Remember ``checked`` for ``read`` (computed here, or by a reading worker with the bundled
        codebooks)."""
        if len(self._sets) > self.MAX_SHARED_SETS:
            self._sets.clear()
        values = checked.values
        for key, value in values.items():
            if type(value) is frozenset:
                values[key] = self._sets.setdefault(value, value)
        self._items[read.key] = (read, checked)


def _raw_identity(read: FileRead, codebook: Codebook) -> tuple[Any, Any]:
    by_id = codebook.by_id
    q1 = by_id.get("Q1_prefecture")
    q2 = by_id.get("Q2_municipality")
    return (
        read.raw.get(q1.cell) if q1 and q1.cell else None,
        read.raw.get(q2.cell) if q2 and q2.cell else None,
    )


def _file_finding(read: FileRead, kind: str, message: str, body: Body | None = None) -> Finding:
    survey = read.survey or (body.survey if body else None)
    return Finding(read.display, survey, body.code if body else None, None, None, kind, message)


def _guess_from_name(identifier: Identifier, display: str) -> Body | None:
    """Which target an unreadable file was probably meant for (from its name only), if any."""
    name = Path(display).name
    for survey in ("municipal", "prefectural"):
        body = identifier.from_file_name(name, survey, None)
        if body is not None and body.code in identifier.target_codes:
            return body
    return None


def _texts(codebook: Codebook, values: dict[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for q in codebook.questions:
        if q.type == "text" and isinstance(values.get(q.id), str):
            texts[q.id] = values[q.id]
        elif q.type == "table" and values.get(q.id):
            for col in q.columns:
                if col.type == "text":
                    lines = [str(r[col.key]) for r in values[q.id] if col.key in r]
                    if lines:
                        texts[f"{q.id}.{col.key}"] = "\n".join(lines)
    return texts


@dataclass
class _Build:
    """What build_dataset collects on its way."""

    identifier: Identifier
    findings: list[Finding] = field(default_factory=list)
    problem_rows: list[StatusRow] = field(default_factory=list)
    candidates: dict[tuple[str, str], list[FileRead]] = field(default_factory=dict)
    bodies: dict[tuple[str, str], Body] = field(default_factory=dict)

    def problem(
        self,
        read: FileRead,
        kind: str,
        status: str,
        message: str,
        body: Body | None,
        survey: str,
        quiet: bool = False,
    ) -> None:
        self.findings.append(_file_finding(read, kind, message, body))
        self.problem_rows.append(
            StatusRow(
                survey or (body.survey if body else ""),
                body.code if body else "",
                body.prefecture if body else "",
                body.name if body else "",
                status,
                read.display,
                read.password_pending,
                quiet,
            )
        )


def _take(build: _Build, read: FileRead, codebooks: dict[str, Codebook]) -> None:
    """Sort one read: a problem file, or a candidate response of a target body."""
    if read.status != READ_OK:
        kind = _KIND_OF_READ.get(read.status, fk.WRONG_FORM)
        guess = _guess_from_name(build.identifier, read.display)
        build.problem(
            read, kind, _STATUS_OF_READ.get(read.status, ds.WRONG_FORM), read.message or "", guess, ""
        )
        return
    survey = read.survey or ""
    pref_text, name_text = _raw_identity(read, codebooks[survey])
    ident = build.identifier.identify(survey, pref_text, name_text, Path(read.display).name)
    if not ident.in_targets or ident.body is None:
        build.problem(read, fk.UNMATCHED, ds.UNMATCHED, ident.message or "", ident.body, survey)
        return
    if read.offset != (0, 0):
        rows, cols = read.offset
        build.findings.append(
            Finding(
                read.display,
                survey,
                ident.body.code,
                None,
                None,
                fk.LAYOUT_SHIFTED,
                f"様式のレイアウトが {rows} 行・{cols} 列ずれています（行や列の挿入・削除）。ずれを補正して読み込みました",
            )
        )
    build.candidates.setdefault((survey, ident.body.code), []).append(read)
    build.bodies[(survey, ident.body.code)] = ident.body


def _respondent(
    build: _Build, read: FileRead, body: Body, survey: str, codebook: Codebook, memo: ValidationMemo
) -> Respondent:
    checked = memo.validated(read, codebook)
    for item in checked.findings:
        build.findings.append(
            Finding(
                read.display,
                survey,
                body.code,
                item.question_id,
                read.actual_cell(item.cell) if item.cell else None,
                item.kind,
                item.message,
                item.raw,
            )
        )
    return Respondent(
        survey,
        body,
        read.display,
        read.path,
        read.version_time,
        checked.values,
        checked.statuses,
        checked.other_texts,
        _texts(codebook, checked.values),
        read.raw,
        read.offset,
    )


def build_dataset(
    reads: Iterable[FileRead],
    targets: TargetList,
    codebooks: dict[str, Codebook],
    memo: ValidationMemo | None = None,
    decisions: Decisions | None = None,
) -> Dataset:
    """Turn file reads into a dataset (pure: no file access)."""
    memo = memo or ValidationMemo()
    build = _Build(Identifier(load_master(), targets))
    for read in reads:
        _take(build, read, codebooks)
    winners: dict[tuple[str, str], FileRead] = {}
    versions: dict[tuple[str, str], list[FileRead]] = {}
    for key, group in build.candidates.items():
        body = build.bodies[key]
        settled = settle(group, body.full_name, decisions, *key)
        winners[key] = settled.winner
        if len(settled.versions) > 1:
            versions[key] = settled.versions
        for loser, message in settled.losers:
            quiet = id(loser) in settled.copies
            build.problem(loser, fk.DUPLICATE, ds.DUPLICATE, message, body, key[0], quiet)
    respondents: dict[str, list[Respondent]] = {"municipal": [], "prefectural": []}
    status_rows: list[StatusRow] = []
    for survey in ("municipal", "prefectural"):
        for body in targets.bodies(survey):
            winner = winners.get((survey, body.code))
            if winner is None:
                status_rows.append(StatusRow(survey, body.code, body.prefecture, body.name, ds.MISSING, ""))
                continue
            status_rows.append(
                StatusRow(survey, body.code, body.prefecture, body.name, ds.RETURNED, winner.display)
            )
            respondents[survey].append(_respondent(build, winner, body, survey, codebooks[survey], memo))
    data = Dataset(targets, codebooks, respondents, status_rows + build.problem_rows, build.findings)
    data.versions = versions
    return data
