"""Write the sample plan as filled-in questionnaires (one .xlsx per respondent).

Each file is the bundled blank form with the respondent's cells written in: sheet, protection, data
validations, conditional formatting, hidden list sheet and the status formulas stay as they are.
Output is byte-for-byte reproducible: fixed document properties, fixed zip entry times, and a fixed
file modification time per file (2020-10-01 09:00 JST + i minutes).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from copy import copy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from renkei_desktop import paths
from renkei_desktop.codebook import SURVEYS
from renkei_desktop.sample._codebook import form_file, load_codebook
from renkei_desktop.sample.plan import CellValue, FormattedValue, SampleRespondent, build_plan

SAMPLE_VERSION = 1
AUTHOR = "サンプル"
_JST = timezone(timedelta(hours=9))
_START = datetime(2020, 10, 1, 9, 0)  # local (JST) time of the first file; then +1 minute per file
_MARKER = ".sample-complete.json"


def _stamp(index: int) -> datetime:
    return _START + timedelta(minutes=index)


def _as_utc(local: datetime) -> datetime:
    """A JST wall-clock time as the naive UTC time that document properties store."""
    return local.replace(tzinfo=_JST).astimezone(UTC).replace(tzinfo=None)


class _FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose entries all carry one fixed timestamp (openpyxl otherwise uses 'now')."""

    def __init__(self, file: Any, date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._fixed_time = date_time

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=self._fixed_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        with open(filename, "rb") as fh:
            data = fh.read()
        self.writestr(arcname or os.path.basename(filename), data, compress_type, compresslevel)


def _save(wb: Workbook, path: Path, when: datetime) -> None:
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = _as_utc(_START)
    wb.properties.modified = _as_utc(when)
    buffer = io.BytesIO()
    ExcelWriter(
        wb, _FixedTimeZipFile(buffer, (when.year, when.month, when.day, when.hour, when.minute, 0))
    ).save()
    path.write_bytes(buffer.getvalue())
    stamp = when.replace(tzinfo=_JST).timestamp()
    os.utime(path, (stamp, stamp))


def _needs_own_styles(cells: dict[str, CellValue]) -> bool:
    """Cells that add a style (number format, quote prefix) get a freshly loaded workbook, so the
    shared pristine form never collects extra styles."""
    return any(
        isinstance(v, FormattedValue) or (isinstance(v, str) and v.startswith("=")) for v in cells.values()
    )


def _write_cells(wb: Workbook, sheet: str, cells: dict[str, CellValue]) -> list[tuple[Any, Any, str, Any]]:
    """Write ``cells``; returns what is needed to undo the writes."""
    ws = wb[sheet]
    undo = []
    for address, value in cells.items():
        cell = ws[address]
        undo.append((cell, cell._value, cell.data_type, copy(cell._style)))
        if isinstance(value, FormattedValue):
            cell.value = value.value
            cell.number_format = value.number_format
        else:
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula (as typed after an apostrophe)
                cell.quotePrefix = True
    return undo


def _undo(undo: list[tuple[Any, Any, str, Any]]) -> None:
    for cell, value, data_type, style in reversed(undo):
        cell._value = value
        cell.data_type = data_type
        cell._style = style


def generate_sample(
    out_dir: Path,
    respondents: Sequence[SampleRespondent] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Write one workbook per respondent under ``out_dir/市区町村/`` and ``out_dir/都県/``.

    ``respondents`` defaults to the full :func:`build_plan`; file i gets the timestamps of minute i.
    Returns the written paths in plan order.
    """
    plan = build_plan() if respondents is None else list(respondents)
    form_bytes: dict[str, bytes] = {
        s: paths.resource_path("forms", form_file(s)).read_bytes() for s in SURVEYS
    }
    pristine: dict[str, Workbook] = {}
    written: list[Path] = []
    for index, resp in enumerate(plan):
        if progress is not None:
            progress(index, len(plan), resp.file_name)
        sheet = load_codebook(resp.survey)["sheet"]
        folder = out_dir / resp.folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / resp.file_name
        if _needs_own_styles(resp.cells):
            wb = openpyxl.load_workbook(io.BytesIO(form_bytes[resp.survey]))
            _write_cells(wb, sheet, resp.cells)
            _save(wb, path, _stamp(index))
        else:
            if resp.survey not in pristine:
                pristine[resp.survey] = openpyxl.load_workbook(io.BytesIO(form_bytes[resp.survey]))
            wb = pristine[resp.survey]
            undo = _write_cells(wb, sheet, resp.cells)
            try:
                _save(wb, path, _stamp(index))
            finally:
                _undo(undo)
        written.append(path)
    return written


def _is_complete(folder: Path) -> bool:
    try:
        marker = json.loads((folder / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if marker.get("version") != SAMPLE_VERSION:
        return False
    return all((folder / rel).is_file() for rel in marker.get("files", [])) and bool(marker.get("files"))


def ensure_sample(
    cache_root: Path | None = None, progress: Callable[[int, int, str], None] | None = None
) -> Path:
    """The generated sample folder, creating it once under ``<cache>/sample-v<N>``.

    ``cache_root`` defaults to :func:`renkei_desktop.paths.user_cache_dir` (which honours
    ``RENKEI_DATA_DIR``). Generation goes to a temporary folder next to the target, which is renamed
    into place when complete; an incomplete folder is regenerated.
    """
    root = paths.user_cache_dir() if cache_root is None else Path(cache_root)
    target = root / f"sample-v{SAMPLE_VERSION}"
    if _is_complete(target):
        return target
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".sample-v{SAMPLE_VERSION}-", dir=root))
    try:
        files = generate_sample(tmp, progress=progress)
        marker = {"version": SAMPLE_VERSION, "files": [p.relative_to(tmp).as_posix() for p in files]}
        (tmp / _MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=1), encoding="utf-8")
        if target.exists() and not _is_complete(target):
            shutil.rmtree(target)
        try:
            os.replace(tmp, target)
        except OSError:
            if not _is_complete(target):  # someone else finished first: keep theirs
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target
