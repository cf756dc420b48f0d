"""Writing a figure as PNG / SVG / PDF, reproducibly (no dates in the metadata, fixed SVG ids)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from renkei_desktop import APP_NAME
from renkei_desktop.charts.fonts import chart_context
from renkei_desktop.charts.style import DEFAULT_DPI

FORMATS = ("png", "svg", "pdf")
# zlib level 3 instead of matplotlib's 6: the same file size for these flat-colour charts, a fifth less time.
PNG_COMPRESS_LEVEL = 3

# matplotlib subsets the embedded font with fontTools, which logs every glyph list at INFO level; keep an app
# that logs at INFO readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def metadata(fmt: str, title: str | None = None) -> dict[str, str | None]:
    """Metadata without creation dates or version strings, so equal figures give equal files."""
    if fmt == "png":
        return {"Software": APP_NAME, **({"Title": title} if title else {})}
    if fmt == "svg":
        return {"Date": None, "Creator": APP_NAME, **({"Title": title} if title else {})}
    if fmt == "pdf":
        return {
            "CreationDate": None,
            "ModDate": None,
            "Creator": APP_NAME,
            "Producer": APP_NAME,
            **({"Title": title} if title else {}),
        }
    raise ValueError(f"unknown figure format {fmt!r} (use one of {', '.join(FORMATS)})")


def save_figure(
    fig: Figure, target: Path | io.BytesIO, fmt: str, *, dpi: int = DEFAULT_DPI, title: str | None = None
) -> None:
    """Save under the report rcParams (embedded TrueType in PDF, text kept as text in SVG)."""
    fmt = fmt.lower()
    meta = metadata(fmt, title)
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}
    with chart_context(), design_size_for_export(fig):
        fig.savefig(target, format=fmt, dpi=dpi, metadata=meta, facecolor="white", **extra)


@contextmanager
def design_size_for_export(fig: Figure) -> Iterator[None]:
    """Draw at the size the figure was laid out for (a Qt canvas may have resized it to the widget), then put
    the on-screen size back; the widget itself is never resized (``forward=False``)."""
    from renkei_desktop.charts.base import design_size

    wanted = design_size(fig)
    current = tuple(fig.get_size_inches())
    dpi = fig.dpi
    if wanted is None or all(abs(a - b) < 1e-6 for a, b in zip(wanted, current, strict=True)):
        yield
        return
    fig.set_size_inches(wanted[0], wanted[1], forward=False)
    try:
        yield
    finally:
        fig.set_size_inches(current[0], current[1], forward=False)
        fig.set_dpi(dpi)


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = DEFAULT_DPI) -> bytes:
    """The encoded figure (e.g. PNG thumbnails for the GUI)."""
    buffer = io.BytesIO()
    save_figure(fig, buffer, fmt, dpi=dpi)
    return buffer.getvalue()
