"""Writing the report figure set (図表3–34) as PNG / SVG / PDF files, atomically.

File names: ``図表03_連携を推進する専門の部課室の有無.png`` (see ``figures.file_stem``). A figure whose data is
absent is not drawn; it is reported in ``FigureExportResult.skipped`` (and logged) instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.figure import Figure

from renkei_desktop.charts import FORMATS, save_figure
from renkei_desktop.charts.style import DEFAULT_DPI
from renkei_desktop.dataset import Dataset
from renkei_desktop.export.atomic import OverwriteRefused, write_atomic
from renkei_desktop.figures import FigureSpec, report_set, safe_file_stem

log = logging.getLogger(__name__)

NONE = "none"
MAX_DPI = 1200


@dataclass
class FigureExportResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[FigureSpec, str]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """Japanese lines for the log / status bar: ``図表31：該当する自由記述の回答がありません``."""
        return [f"{spec.label}（{spec.title}）：{reason}" for spec, reason in self.skipped]


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """``"png,svg"`` or ``["png", "svg"]`` → ``("png", "svg")``; ``"none"`` (or nothing) → ``()``.

    Raises ``ValueError`` with a Japanese message on an unknown format.
    """
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    names = [str(f).strip().lower().lstrip(".") for f in items if str(f).strip()]
    names = [f for f in names if f != NONE]  # "none" alone means no figures; beside a format it is moot
    if not names:
        return ()
    unknown = [f for f in names if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"図の形式 {', '.join(unknown)} には対応していません（{', '.join(FORMATS)}、または {NONE}）"
        )
    return tuple(dict.fromkeys(names))


def check_dpi(dpi: int) -> int:
    if not isinstance(dpi, int) or isinstance(dpi, bool) or not 10 <= dpi <= MAX_DPI:
        raise ValueError(f"解像度（dpi）は 10～{MAX_DPI} の整数で指定してください: {dpi!r}")
    return dpi


def figure_paths(out_dir: Path, stem: str, formats: Sequence[str]) -> list[Path]:
    return [Path(out_dir) / f"{safe_file_stem(stem)}.{fmt}" for fmt in formats]


def _save_to(fig: Figure, tmp: Path, *, fmt: str, dpi: int, title: str | None) -> None:
    save_figure(fig, tmp, fmt, dpi=dpi, title=title)


def write_figure(
    fig: Figure,
    out_dir: Path,
    stem: str,
    formats: Sequence[str] = ("png", "svg"),
    *,
    dpi: int = DEFAULT_DPI,
    overwrite: bool = True,
    title: str | None = None,
) -> list[Path]:
    """Write one figure in each format (temp file then ``os.replace``); return the paths written."""
    written = []
    for path, fmt in zip(figure_paths(out_dir, stem, formats), formats, strict=True):
        write_atomic(
            path,
            functools.partial(_save_to, fig, fmt=fmt, dpi=dpi, title=title),
            overwrite=overwrite,
        )
        written.append(path)
    return written


def export_figure_set(
    data: Dataset,
    out_dir: Path,
    formats: str | Iterable[str] = ("png", "svg"),
    *,
    dpi: int = DEFAULT_DPI,
    overwrite: bool = True,
    specs: Sequence[FigureSpec] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> FigureExportResult:
    """Draw and write every available figure of ``specs`` (default: the report set of ``data``).

    With ``overwrite=False`` nothing is written when any target exists (``OverwriteRefused``).
    ``progress(done, total, caption)`` is called after each figure.
    """
    fmts = parse_formats(formats)
    check_dpi(dpi)
    result = FigureExportResult()
    if not fmts:
        return result
    specs = list(report_set(data) if specs is None else specs)
    out_dir = Path(out_dir)
    if not overwrite:
        existing = [
            p.name
            for s in specs
            if s.available
            for p in figure_paths(out_dir, s.file_stem, fmts)
            if p.exists()
        ]
        if existing:
            raise OverwriteRefused(
                f"{out_dir} に既に図があります（{existing[0]} ほか {len(existing)} 件）。"
                "上書きするには --force を指定してください"
            )
    for done, spec in enumerate(specs, start=1):
        if spec.build is None:
            reason = spec.skipped_reason or "データがありません"
            result.skipped.append((spec, reason))
            log.info("%s を作成しません: %s", spec.label, reason)
        else:
            fig = spec.build()
            result.written += write_figure(
                fig, out_dir, spec.file_stem, fmts, dpi=dpi, overwrite=overwrite, title=spec.caption
            )
            fig.clear()
        if progress is not None:
            progress(done, len(specs), spec.caption)
    return result


def export_figures(
    data: Dataset,
    out_dir: Path,
    formats: str | Iterable[str] = ("png", "svg"),
    dpi: int = DEFAULT_DPI,
    overwrite: bool = True,
) -> list[Path]:
    """Write the report figure set to ``out_dir``; return the files written (skips are logged)."""
    return export_figure_set(data, out_dir, formats, dpi=dpi, overwrite=overwrite).written
