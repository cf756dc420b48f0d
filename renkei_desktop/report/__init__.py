"""The report itself: ``report.docx`` (a draft of the results chapter) and ``figures.pptx``, from any data.

Sits at the export layer: it uses figures / charts / tabulate / export; nothing in the core imports it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renkei_desktop.dataset import Dataset
from renkei_desktop.export.atomic import write_atomic
from renkei_desktop.export.render import TITLE_BAND, Rendered, render_figures
from renkei_desktop.report.document import ReportOptions

REPORT_FILE = "report.docx"
DECK_FILE = "figures.pptx"
REPORT_FILES = (REPORT_FILE, DECK_FILE)
REPORT_DPI = 300
ProgressFn = Callable[[int, int, str], None]

__all__ = [
    "DECK_FILE",
    "REPORT_FILE",
    "REPORT_FILES",
    "ReportOptions",
    "ReportResult",
    "export_all_with_report",
    "write_report",
]


@dataclass
class ReportResult:
    written: list[Path] = field(default_factory=list)
    figures: int = 0
    skipped: list[str] = field(default_factory=list)  # 図表31（…）：該当する自由記述の回答がありません
    cancelled: bool = False


def _save(document: Any, path: Path, overwrite: bool) -> Path:
    def write(tmp: Path) -> None:
        buffer = io.BytesIO()
        document.save(buffer)
        Path(tmp).write_bytes(buffer.getvalue())

    write_atomic(path, write, overwrite=overwrite)
    return path


def write_report(
    data: Dataset,
    out_dir: Path,
    *,
    options: ReportOptions | None = None,
    dpi: int = REPORT_DPI,
    rendered: Rendered | None = None,
    overwrite: bool = True,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    cancel: Any = None,
) -> ReportResult:
    """Write report.docx and figures.pptx into ``out_dir``.

    ``rendered`` (figure number → {"png": bytes}) reuses figures drawn for ``figures/``; missing ones are
    drawn here, in parallel. ``progress(done, total, text)`` counts figures, then the two documents.
    """
    from renkei_desktop.figures import report_set
    from renkei_desktop.report.deck import build_deck
    from renkei_desktop.report.document import build_document
    from renkei_desktop.report.narrate import narrate
    from renkei_desktop.tabulate import tabulate_all

    specs = report_set(data)
    available = [s for s in specs if s.available]
    result = ReportResult(
        skipped=[f"{s.label}（{s.title}）：{s.skipped_reason}" for s in specs if not s.available]
    )
    total = len(available) + 2
    drawn: Rendered = {n: enc for n, enc in (rendered or {}).items() if "png" in enc}
    pngs = {n: enc["png"] for n, enc in drawn.items()}
    missing = [s.number for s in available if s.number not in pngs]
    if missing:
        more = render_figures(
            data,
            missing,
            ("png",),
            dpi=dpi,
            workers=workers,
            progress=_offset(progress, total, 0),
            cancel=cancel,
        )
        drawn.update(more)
        pngs.update({n: enc["png"] for n, enc in more.items()})
    if cancel is not None and cancel.cancelled:
        result.cancelled = True
        return result
    result.figures = len(pngs)
    narratives = {s.number: narrate(s) for s in available}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _tell(progress, len(available), total, "報告書（Word）")
    bands = {n: float(enc.get(TITLE_BAND, b"0")) for n, enc in drawn.items()}
    document = build_document(data, specs, narratives, pngs, tabulate_all(data), options, bands)
    result.written.append(_save(document, out_dir / REPORT_FILE, overwrite))
    _tell(progress, len(available) + 1, total, "スライド（PowerPoint）")
    result.written.append(_save(build_deck(specs, narratives, pngs, bands), out_dir / DECK_FILE, overwrite))
    _tell(progress, total, total, "")
    return result


def _tell(progress: ProgressFn | None, done: int, total: int, text: str) -> None:
    if progress is not None:
        progress(done, total, text)


def _offset(progress: ProgressFn | None, total: int, start: int) -> ProgressFn | None:
    if progress is None:
        return None
    return lambda done, _n, text: progress(start + done, total, text)


def figure_numbers(specs: Sequence[Any]) -> list[int]:
    return [s.number for s in specs if s.available]


def export_all_with_report(
    data: Dataset,
    out: Path,
    *,
    dpi: int = REPORT_DPI,
    options: ReportOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: Any = None,
    **kwargs: Any,
) -> list[Path]:
    """すべて出力 plus report.docx and figures.pptx: the figures are drawn once (PNG and the chosen formats)
    for ``figures/``, the document and the deck."""
    from renkei_desktop.export.bundle import export_all

    drawn: Rendered = {}
    written = export_all(
        data, out, dpi=dpi, progress=progress, cancel=cancel, rendered=drawn, also_png=True, **kwargs
    )
    if cancel is not None and cancel.cancelled:
        return written
    reuse = drawn if dpi >= REPORT_DPI else None  # a report is printed: never below 300 dpi
    result = write_report(
        data, out, options=options, rendered=reuse, dpi=max(dpi, REPORT_DPI), progress=progress, cancel=cancel
    )
    return written + result.written
