"""すべて出力: every output of a loaded survey into one folder (CLI ``export`` and the GUI's Ctrl+E)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from renkei_desktop.dataset import Dataset
from renkei_desktop.export.atomic import ExportError, OverwriteRefused, describe_os_error, write_atomic
from renkei_desktop.export.crosstabs import CROSSTAB_DIR, Combo, write_crosstabs
from renkei_desktop.export.csv_export import (
    FINDING_COLUMNS,
    RATE_COLUMNS,
    SIMPLE_COLUMNS,
    STATUS_COLUMNS,
    finding_rows,
    rate_rows,
    simple_rows,
    status_rows,
    write_csv,
)
from renkei_desktop.export.free_text import write_free_text_xlsx
from renkei_desktop.export.render import Rendered, render_figures
from renkei_desktop.export.status_lists import write_missing_list, write_query_list
from renkei_desktop.export.xlsx_tables import write_tabulation_xlsx
from renkei_desktop.progress import CancelToken, ProgressFn
from renkei_desktop.tabulate import tabulate_all

TABLE_FILES = (
    "simple_tabulation.csv",
    "response_status.csv",
    "findings.csv",
    "response_rate.csv",
    "tabulation.xlsx",
    "free_text.xlsx",
    "未提出一覧.xlsx",
    "要確認一覧.xlsx",
)
FIGURE_DIR = "figures"
REPORT_FILES = ("report.docx", "figures.pptx")  # written by renkei_desktop.report (export --report)


def existing_outputs(out: Path) -> list[str]:
    """Outputs of an earlier export that a new one would replace."""
    names = [name for name in (*TABLE_FILES, *REPORT_FILES) if (out / name).exists()]
    for folder in (FIGURE_DIR, CROSSTAB_DIR):
        if (out / folder).is_dir() and any((out / folder).iterdir()):
            names.append(f"{folder}/")
    return names


def existing_outputs_text(out: Path) -> str | None:
    """「… には既に出力があります（…）」 when an export to ``out`` would replace files, else None: the one
    wording that the CLI (with its --force hint), the window (as a question) and export_all use."""
    names = existing_outputs(out)
    if not names:
        return None
    return f"{out} には既に出力があります（{', '.join(names)}）"


def export_all(
    data: Dataset,
    out: Path,
    *,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 300,
    include_contacts: bool = False,
    overwrite: bool = False,
    crosstabs: Sequence[Combo] = (),
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    rendered: Rendered | None = None,
    also_png: bool = False,
) -> list[Path]:
    """Write tables, status lists, the figure set and the window's ``crosstabs``; refuse to replace files
    unless ``overwrite``.

    The figures are drawn in parallel processes, each once per format; ``rendered`` (if given) receives the
    encoded figures, with PNG among them when ``also_png`` (the report reuses them: ``report``).
    """
    out = Path(out)
    if existing := (None if overwrite else existing_outputs_text(out)):
        raise OverwriteRefused(existing)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"出力先フォルダ {out} に書き込めません: {describe_os_error(exc)}") from exc
    tables = tabulate_all(data)
    steps: list[tuple[str, Callable[[], Path | list[Path]]]] = [
        (
            "simple_tabulation.csv",
            lambda: write_csv(
                out / "simple_tabulation.csv",
                SIMPLE_COLUMNS,
                simple_rows(t for ts in tables.values() for t in ts),
            ),
        ),
        (
            "response_status.csv",
            lambda: write_csv(out / "response_status.csv", STATUS_COLUMNS, status_rows(data)),
        ),
        ("findings.csv", lambda: write_csv(out / "findings.csv", FINDING_COLUMNS, finding_rows(data))),
        ("response_rate.csv", lambda: write_csv(out / "response_rate.csv", RATE_COLUMNS, rate_rows(data))),
        ("tabulation.xlsx", lambda: write_tabulation_xlsx(out / "tabulation.xlsx", data, tables)),
        ("free_text.xlsx", lambda: write_free_text_xlsx(out / "free_text.xlsx", data)),
        ("未提出一覧.xlsx", lambda: write_missing_list(out / "未提出一覧.xlsx", data)),
        (
            "要確認一覧.xlsx",
            lambda: write_query_list(out / "要確認一覧.xlsx", data, include_contacts=include_contacts),
        ),
    ]
    if crosstabs:
        steps.append((CROSSTAB_DIR, lambda: write_crosstabs(data, out / CROSSTAB_DIR, crosstabs)))
    formats = [f for f in formats if f != "none"]
    drawn: Rendered = {} if rendered is None else rendered
    if formats or also_png:
        steps.append(("図表", lambda: _draw(data, out / FIGURE_DIR, formats, dpi, also_png, drawn, cancel)))
    return _run_steps(steps, progress, cancel)


def _run_steps(
    steps: Sequence[tuple[str, Callable[[], Path | list[Path]]]],
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> list[Path]:
    written: list[Path] = []
    for i, (name, step) in enumerate(steps):
        if cancel is not None and cancel.cancelled:
            break
        if progress:
            progress(i, len(steps), name)
        result = step()
        written.extend(result if isinstance(result, list) else [result])
    if progress:
        progress(len(steps), len(steps), "")
    return written


def _draw(
    data: Dataset,
    folder: Path,
    formats: Sequence[str],
    dpi: int,
    also_png: bool,
    drawn: Rendered,
    cancel: CancelToken | None,
) -> list[Path]:
    """Draw every available figure once per format (PNG too when a report follows); write the files."""
    from renkei_desktop.export.figures_export import check_dpi, figure_paths, parse_formats
    from renkei_desktop.figures import report_set

    fmts = parse_formats(formats)
    check_dpi(dpi)
    specs = [s for s in report_set(data) if s.available]
    wanted = tuple(dict.fromkeys([*fmts, *(["png"] if also_png else [])]))
    drawn.update(render_figures(data, [s.number for s in specs], wanted, dpi=dpi, cancel=cancel))
    written: list[Path] = []
    for spec in specs:
        encoded = drawn.get(spec.number, {})
        for path, fmt in zip(figure_paths(folder, spec.file_stem, fmts), fmts, strict=True):
            if fmt in encoded:
                folder.mkdir(parents=True, exist_ok=True)
                written.append(write_atomic(path, _bytes_writer(encoded[fmt])))
    return written


def _bytes_writer(data: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        Path(tmp).write_bytes(data)

    return write
