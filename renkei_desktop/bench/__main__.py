"""``python -m renkei_desktop.bench``: measure reading, tabulation, export and the GUI on generated inputs.

Fixed inputs: one filled questionnaire per target body (460 = 関東信越厚生局, 1,788 = all of Japan), the
sample's answers re-labelled, 5 % re-saved by LibreOffice when it is installed. Figures are medians of
``--runs`` runs; the openpyxl baseline runs once. Results are printed and written to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from renkei_desktop.bench.containers import measure_containers
from renkei_desktop.bench.dataset import generate_bench_set
from renkei_desktop.targets import resolve_targets

SIZES = {460: "", 1788: "all"}
BASELINE_MAX_FILES = 460  # the openpyxl baseline is ~0.13 s a file: larger sets are extrapolated from 460


def median_of(runs: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(runs))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def baseline(files: list[Path]) -> float:
    """A plain loop of openpyxl.load_workbook(path) reading the codebook's cells (the naive approach)."""
    import openpyxl

    from renkei_desktop.codebook import load_codebooks

    cells = {s: cb.all_cells() for s, cb in load_codebooks().items()}
    start = time.perf_counter()
    for path in files:
        wb = openpyxl.load_workbook(path)
        ws = wb["調査票"]
        survey = "municipal" if path.parent.name == "市区町村" else "prefectural"
        for address in cells[survey]:
            _ = ws[address].value
    return time.perf_counter() - start


def _cli_command(folder: Path, targets: str, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "renkei_desktop",
        "export",
        str(folder),
        "--out",
        str(out),
        "--formats",
        "none",
        "--force",
    ] + (["--targets", targets] if targets else [])


def cli_process(folder: Path, targets: str, out: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of ``renkei-desktop export DIR --formats none`` as a whole process
    (the peak of the largest single process of its tree, as the kernel reports it on exit)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        _cli_command(folder, targets, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"export failed with exit code {proc.returncode}")
    return wall, usage.ru_maxrss / 1024  # Linux: kilobytes


def _tree_rss_mb(root: int) -> float:
    """Summed resident memory of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    pages = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                pages += int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def cli_tree_peak_mb(folder: Path, targets: str, out: Path) -> float | None:
    """Peak of the summed RSS of the CLI process and its worker processes, sampled every 20 ms in a run
    of its own (sampling costs time, so this run is not timed). None where /proc is missing."""
    if not Path("/proc/self/statm").exists():
        return None
    proc = subprocess.Popen(
        _cli_command(folder, targets, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.02)
    return peak


def gui_probe(folder: Path, targets: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "renkei_desktop.gui.bench_probe", str(folder), targets],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(n: int, runs: int, work: Path, with_gui: bool) -> dict[str, float | int | str]:
    from renkei_desktop.crosstab import crosstab
    from renkei_desktop.export.figures_export import export_figures
    from renkei_desktop.loader import ReadCache, load_dataset
    from renkei_desktop.tabulate import tabulate_all

    spec = SIZES[n]
    targets = resolve_targets(spec or None)
    folder = work / f"inputs-{n}"
    t0 = time.perf_counter()
    files, lo_saved = generate_bench_set(folder, targets)
    row: dict[str, float | int | str] = {
        "files": files,
        "libreoffice_saved": lo_saved,
        "generate_s": time.perf_counter() - t0,
    }
    paths = sorted(folder.rglob("*.xlsx"))
    subset = paths[:BASELINE_MAX_FILES]
    row["baseline_s"] = baseline(subset) * len(paths) / len(subset)
    row["baseline_extrapolated"] = "yes" if len(subset) < len(paths) else "no"

    def cold_core() -> float:
        return timed(lambda: tabulate_all(load_dataset([folder], targets, cache=ReadCache())))

    row["core_cold_s"] = median_of(runs, cold_core)
    row.update(measure_containers(folder, work / f"packed-{n}", targets, runs, timed, package=True))
    cli = [cli_process(folder, spec, work / f"out-{n}") for _ in range(runs)]
    row["cli_cold_s"] = statistics.median(w for w, _ in cli)
    row["cli_peak_mb"] = max(m for _, m in cli)
    tree_peak = cli_tree_peak_mb(folder, spec, work / f"out-{n}")
    if tree_peak is not None:
        row["cli_tree_peak_mb"] = tree_peak
    cache = ReadCache()
    data = load_dataset([folder], targets, cache=cache)
    row["reload_unchanged_s"] = median_of(
        runs, lambda: timed(lambda: tabulate_all(load_dataset([folder], targets, cache=cache)))
    )
    victim = paths[len(paths) // 2]

    def reload_one_changed() -> float:
        os.utime(victim)  # a new modification time: the file must be read again
        return timed(lambda: tabulate_all(load_dataset([folder], targets, cache=cache)))

    row["reload_one_changed_s"] = median_of(runs, reload_one_changed)
    row["crosstab_s"] = median_of(
        runs, lambda: timed(lambda: crosstab(data, "municipal", "Q6_3_med", "population_band"))
    )
    figures = work / f"figures-{n}"
    row["figure_set_png_s"] = timed(lambda: export_figures(data, figures, formats=("png",), dpi=150))
    if with_gui:
        probes = [gui_probe(folder, spec) for _ in range(runs)]
        row["gui_drop_to_grid_s"] = statistics.median(p["drop_to_grid_s"] for p in probes)
        row["gui_longest_stall_ms"] = max(p["longest_stall_ms"] for p in probes)
        row["gui_export_s"] = statistics.median(p["export_s"] for p in probes)
        row["gui_export_stall_ms"] = max(p["export_longest_stall_ms"] for p in probes)
    row["ratio_cli_vs_baseline"] = float(row["cli_cold_s"]) / float(row["baseline_s"])
    return row


def machine() -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in (
            "python-calamine",
            "openpyxl",
            "XlsxWriter",
            "pandas",
            "matplotlib",
            "PySide6-Essentials",
        )
    )
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{versions}"
    )


ROWS = [
    ("files", "files (LibreOffice-saved)", "{files} ({libreoffice_saved})"),
    ("baseline_s", "openpyxl baseline: load_workbook per file", "{baseline_s:.2f} s{extra}"),
    ("core_cold_s", "core API cold: load + validate + tabulate", "{core_cold_s:.2f} s"),
    (
        "containers_packed_s",
        "containers case: same responses in zips and mails (core cold)",
        "{containers_packed_s:.2f} s",
    ),
    ("containers_overhead", "containers case vs loose (limit +15 %)", "{containers_overhead:+.1%}"),
    ("cli_cold_s", "CLI process cold, `--formats none`", "{cli_cold_s:.2f} s"),
    ("ratio_cli_vs_baseline", "CLI / baseline", "{ratio_cli_vs_baseline:.3f}"),
    ("cli_peak_mb", "CLI peak memory (max RSS of one process)", "{cli_peak_mb:.0f} MB"),
    ("cli_tree_peak_mb", "CLI peak memory, app + worker processes together", "{cli_tree_peak_mb:.0f} MB"),
    ("reload_unchanged_s", "reload, nothing changed", "{reload_unchanged_s:.3f} s"),
    ("reload_one_changed_s", "reload, one file changed", "{reload_one_changed_s:.3f} s"),
    ("crosstab_s", "cross-tab 人口規模 × Q6_3_med", "{crosstab_s:.4f} s"),
    ("figure_set_png_s", "figure set 図表3–34, PNG 150 dpi", "{figure_set_png_s:.2f} s"),
    ("gui_drop_to_grid_s", "GUI: drop → grid shown", "{gui_drop_to_grid_s:.2f} s"),
    ("gui_longest_stall_ms", "GUI: longest event-loop stall while loading", "{gui_longest_stall_ms:.0f} ms"),
    ("gui_export_s", "GUI: すべて出力 (tables; figures as PNG 300 dpi and SVG)", "{gui_export_s:.2f} s"),
    ("gui_export_stall_ms", "GUI: longest event-loop stall while exporting", "{gui_export_stall_ms:.0f} ms"),
]


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    lines = ["| measure | " + " | ".join(f"N = {n}" for n in sizes) + " |", "|---|" + "---|" * len(sizes)]
    for key, label, fmt in ROWS:
        if not all(key in results[n] for n in sizes):
            continue
        cells = []
        for n in sizes:
            r = results[n]
            extra = " (extrapolated from 460)" if r.get("baseline_extrapolated") == "yes" else ""
            cells.append(fmt.format(**r, extra=extra))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m renkei_desktop.bench")
    parser.add_argument("--sizes", default="460,1788")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--write", type=Path, default=None, help="write the results into this Markdown file")
    parser.add_argument("--report", action="store_true", help="time `export --sample --report` only")
    args = parser.parse_args(argv)
    if args.report:
        from renkei_desktop.bench.report_bench import measure_report

        with tempfile.TemporaryDirectory(prefix="renkei-bench-") as tmp:
            print(json.dumps(measure_report(Path(tmp), args.runs)))
        return 0
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="renkei-bench-") as tmp:
        os.environ.setdefault("RENKEI_DATA_DIR", str(Path(tmp) / "userdata"))
        for n in (int(s) for s in args.sizes.split(",")):
            print(f"N = {n} …", file=sys.stderr, flush=True)
            results[n] = measure(n, args.runs, Path(tmp), not args.no_gui)
    text = table(results)
    print(text)
    if args.write:
        args.write.write_text(
            f"# Benchmarks\n\nMeasured with `python -m renkei_desktop.bench --write BENCHMARKS.md` "
            f"(median of {args.runs} runs; the openpyxl baseline runs once).\n\nMachine: {machine()}.\n\n{text}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
