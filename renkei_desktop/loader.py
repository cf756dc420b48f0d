"""Load a survey from files and folders: discover → read (cached) → identify → dedupe → validate.

Core API used by the CLI, the GUI workers and the benchmark. Progress is reported through a plain
``progress(done, total, current_name)`` callback and cancellation through a :class:`CancelToken`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renkei_desktop import dataset as ds
from renkei_desktop import findings as fk
from renkei_desktop.codebook import Codebook, load_codebooks
from renkei_desktop.dataset import Dataset, Respondent, StatusRow
from renkei_desktop.findings import Finding
from renkei_desktop.identify import Identifier
from renkei_desktop.progress import CancelToken, ProgressFn
from renkei_desktop.targets import Body, TargetList, load_master, resolve_targets
from renkei_desktop.validation import Validated, validate_raw
from renkei_desktop.workbooks.batch import read_parallel, worker_count
from renkei_desktop.workbooks.reader import READ_OK, READ_UNREADABLE, FileRead, read_workbook
from renkei_desktop.workbooks.scan import FoundFile, discover


class ReadCache:
    """FileReads keyed by (path, size, mtime): a reload re-reads only what changed."""

    def __init__(self) -> None:
        self._reads: dict[str, tuple[tuple[int, int], FileRead]] = {}
        self._lock = threading.Lock()
        self.memo = ValidationMemo()

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def get(self, found: FoundFile) -> FileRead | None:
        stamp = self._stamp(found.path)
        with self._lock:
            hit = self._reads.get(str(found.path))
        if hit and stamp and hit[0] == stamp:
            read = hit[1]
            read.display = found.display_name
            return read
        return None

    def put(self, found: FoundFile, read: FileRead) -> None:
        stamp = self._stamp(found.path)
        if stamp and read.status != READ_UNREADABLE:
            with self._lock:
                self._reads[str(found.path)] = (stamp, read)

    def __len__(self) -> int:
        return len(self._reads)


PARALLEL_MIN_FILES = 150  # below this, starting worker processes costs more than it saves


def _bundled(codebooks: dict[str, Codebook]) -> bool:
    bundled = load_codebooks()
    return all(codebooks.get(s) is bundled[s] for s in bundled)


def read_files(
    found: Sequence[FoundFile],
    codebooks: dict[str, Codebook],
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    cache: ReadCache | None = None,
    workers: int | None = None,
    memo: ValidationMemo | None = None,
) -> list[FileRead]:
    """Read every file (cached ones are not re-read), in worker processes when there are many; the
    workers also validate, and their validated answers go into ``memo``."""
    total = len(found)
    results: list[FileRead | None] = [None] * total
    todo: list[int] = []
    for index, item in enumerate(found):
        hit = cache.get(item) if cache is not None else None
        if hit is None:
            todo.append(index)
        else:
            results[index] = hit
    done = total - len(todo)

    def is_cancelled() -> bool:
        return cancel is not None and cancel.cancelled

    def finish(index: int, read: FileRead) -> None:
        nonlocal done
        results[index] = read
        if cache is not None:
            cache.put(found[index], read)
        done += 1
        if progress:
            progress(done, total, found[index].display_name)

    if progress:
        progress(done, total, found[todo[0]].display_name if todo else "")
    n_workers = worker_count() if workers is None else workers
    if n_workers > 1 and len(todo) >= PARALLEL_MIN_FILES and _bundled(codebooks):
        items = [(str(found[i].path), found[i].display_name) for i in todo]

        def finish_validated(k: int, done: tuple[FileRead, Validated | None]) -> None:
            read, checked = done
            if memo is not None and checked is not None:
                memo.put(read, checked)
            finish(todo[k], read)

        left = read_parallel(items, n_workers, finish_validated, is_cancelled, check=validate_raw)
        todo = [todo[k] for k in left]
    for index in todo:
        if is_cancelled():
            break
        finish(index, read_workbook(found[index].path, found[index].display_name, codebooks))
    return [r for r in results if r is not None]


@dataclass
class _Candidate:
    read: FileRead
    body: Body


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
        hit = self._items.get(read.path)
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
        self._items[read.path] = (read, checked)


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


def build_dataset(
    reads: Iterable[FileRead],
    targets: TargetList,
    codebooks: dict[str, Codebook],
    memo: ValidationMemo | None = None,
) -> Dataset:
    """Turn file reads into a dataset (pure: no file access)."""
    memo = memo or ValidationMemo()
    identifier = Identifier(load_master(), targets)
    findings: list[Finding] = []
    problem_rows: list[StatusRow] = []
    candidates: dict[tuple[str, str], list[_Candidate]] = {}

    for read in reads:
        if read.status != READ_OK:
            kind = fk.UNREADABLE if read.status == READ_UNREADABLE else fk.WRONG_FORM
            guess = _guess_from_name(identifier, read.display)
            findings.append(_file_finding(read, kind, read.message or "", guess))
            problem_rows.append(
                StatusRow(
                    guess.survey if guess else "",
                    guess.code if guess else "",
                    guess.prefecture if guess else "",
                    guess.name if guess else "",
                    read.status,
                    read.display,
                )
            )
            continue
        survey = read.survey or ""
        codebook = codebooks[survey]
        pref_text, name_text = _raw_identity(read, codebook)
        ident = identifier.identify(survey, pref_text, name_text, Path(read.display).name)
        if not ident.in_targets or ident.body is None:
            body = ident.body
            findings.append(_file_finding(read, fk.UNMATCHED, ident.message or "", body))
            problem_rows.append(
                StatusRow(
                    survey,
                    body.code if body else "",
                    body.prefecture if body else "",
                    body.name if body else "",
                    ds.UNMATCHED,
                    read.display,
                )
            )
            continue
        if read.offset != (0, 0):
            rows, cols = read.offset
            findings.append(
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
        candidates.setdefault((survey, ident.body.code), []).append(_Candidate(read, ident.body))

    winners: dict[tuple[str, str], _Candidate] = {}
    for key, group in candidates.items():
        group.sort(key=lambda c: (-c.read.mtime, c.read.display))
        winner = group[0]
        winners[key] = winner
        for loser in group[1:]:
            findings.append(
                _file_finding(
                    loser.read,
                    fk.DUPLICATE,
                    f"同じ団体（{winner.body.full_name}）の回答ファイルが複数あります。更新日時の新しい「{winner.read.display}」を集計し、"
                    f"このファイルは集計しません",
                    loser.body,
                )
            )
            problem_rows.append(
                StatusRow(
                    key[0],
                    loser.body.code,
                    loser.body.prefecture,
                    loser.body.name,
                    ds.DUPLICATE,
                    loser.read.display,
                )
            )

    respondents: dict[str, list[Respondent]] = {"municipal": [], "prefectural": []}
    status_rows: list[StatusRow] = []
    for survey in ("municipal", "prefectural"):
        codebook = codebooks[survey]
        for body in targets.bodies(survey):
            cand = winners.get((survey, body.code))
            if cand is None:
                status_rows.append(StatusRow(survey, body.code, body.prefecture, body.name, ds.MISSING, ""))
                continue
            status_rows.append(
                StatusRow(survey, body.code, body.prefecture, body.name, ds.RETURNED, cand.read.display)
            )
            checked = memo.validated(cand.read, codebook)
            for item in checked.findings:
                findings.append(
                    Finding(
                        cand.read.display,
                        survey,
                        body.code,
                        item.question_id,
                        cand.read.actual_cell(item.cell) if item.cell else None,
                        item.kind,
                        item.message,
                        item.raw,
                    )
                )
            respondents[survey].append(
                Respondent(
                    survey,
                    body,
                    cand.read.display,
                    cand.read.path,
                    cand.read.mtime,
                    checked.values,
                    checked.statuses,
                    checked.other_texts,
                    _texts(codebook, checked.values),
                    cand.read.raw,
                    cand.read.offset,
                )
            )
    return Dataset(targets, codebooks, respondents, status_rows + problem_rows, findings)


def load_dataset(
    inputs: Iterable[str | os.PathLike[str]],
    targets: TargetList | str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    cache: ReadCache | None = None,
    codebooks: dict[str, Codebook] | None = None,
) -> Dataset:
    """Load every workbook below ``inputs`` into a :class:`Dataset` (never raises for a bad file)."""
    codebooks = codebooks or load_codebooks()
    target_list = targets if isinstance(targets, TargetList) else resolve_targets(targets)
    found = discover(inputs)
    memo = cache.memo if cache is not None else ValidationMemo()
    reads = read_files(found, codebooks, progress, cancel, cache, memo=memo)
    data = build_dataset(reads, target_list, codebooks, memo)
    data.cancelled = bool(cancel and cancel.cancelled)
    return data
