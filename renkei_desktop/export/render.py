"""Draw the figure set once, in parallel worker processes, as encoded bytes per format.

The PNGs feed the Word report, the PowerPoint deck and ``figures/`` alike, so each figure is drawn once per
format. Workers are spawned (never forked: the GUI runs Qt threads) and get the dataset once, pickled, in their
initializer; if no process pool can be made, the figures are drawn in this process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from renkei_desktop.dataset import Dataset

log = logging.getLogger(__name__)

Rendered = dict[int, dict[str, bytes]]  # figure number → format → file bytes (and TITLE_BAND)
TITLE_BAND = (
    "title_band"  # the top fraction holding the title, as ASCII ("0.0912"): see charts.base.title_band
)
ProgressFn = Callable[[int, int, str], None]

_WORKER: dict[str, Any] = {}


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _init_worker(pickled: bytes) -> None:
    _WORKER["data"] = pickle.loads(pickled)


def _specs(data: Dataset) -> dict[int, Any]:
    from renkei_desktop.figures import report_set

    if "specs" not in _WORKER or _WORKER.get("of") is not data:
        _WORKER["specs"] = {s.number: s for s in report_set(data)}
        _WORKER["of"] = data
    specs: dict[int, Any] = _WORKER["specs"]
    return specs


def render_one(data: Dataset, number: int, formats: Sequence[str], dpi: int) -> tuple[int, dict[str, bytes]]:
    """Build figure ``number`` of ``data`` and encode it in each format."""
    import io

    from renkei_desktop.charts import save_figure
    from renkei_desktop.charts.base import title_band

    spec = _specs(data)[number]
    fig = spec.build()
    out: dict[str, bytes] = {TITLE_BAND: f"{title_band(fig):.5f}".encode()}
    try:
        for fmt in formats:
            buffer = io.BytesIO()
            save_figure(fig, buffer, fmt, dpi=dpi, title=spec.caption)
            out[fmt] = buffer.getvalue()
    finally:
        fig.clear()
    return number, out


def _render_in_worker(number: int, formats: Sequence[str], dpi: int) -> tuple[int, dict[str, bytes]]:
    return render_one(_WORKER["data"], number, formats, dpi)


def render_figures(
    data: Dataset,
    numbers: Sequence[int],
    formats: Sequence[str] = ("png",),
    *,
    dpi: int = 300,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    cancel: Any = None,
) -> Rendered:
    """Figures ``numbers`` of the report set, encoded; stops early (partial result) when cancelled."""
    workers = default_workers() if workers is None else workers
    if workers > 1 and len(numbers) > 1:
        try:
            return _render_pool(data, numbers, formats, dpi, workers, progress, cancel)
        except (BrokenProcessPool, OSError, pickle.PicklingError) as exc:
            log.warning("図の並列作成に失敗しました（%s）。1 プロセスで作成します", exc)
    out: Rendered = {}
    for done, number in enumerate(numbers, start=1):
        if cancel is not None and cancel.cancelled:
            break
        out[number] = render_one(data, number, formats, dpi)[1]
        if progress:
            progress(done, len(numbers), f"図表{number}")
    return out


def _render_pool(
    data: Dataset,
    numbers: Sequence[int],
    formats: Sequence[str],
    dpi: int,
    workers: int,
    progress: ProgressFn | None,
    cancel: Any,
) -> Rendered:
    context = multiprocessing.get_context("spawn")
    pickled = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    out: Rendered = {}
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(numbers)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(pickled,),
    )
    try:
        pending: set[Future[tuple[int, dict[str, bytes]]]] = {
            pool.submit(_render_in_worker, n, tuple(formats), dpi) for n in numbers
        }
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if cancel is not None and cancel.cancelled:
                break
            for future in done:
                number, encoded = future.result()
                out[number] = encoded
                if progress:
                    progress(len(out), len(numbers), f"図表{number}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return out
