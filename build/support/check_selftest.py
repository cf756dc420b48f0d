"""Check the report of ``renkei-desktop --selftest OUT`` (CI, after a build): exit 1 with the reasons if bad.

    python build/support/check_selftest.py OUT [--label "Linux, 2nd run"] [--wall SECONDS]

Checks, independently of the exe's own verdict: ``ok`` is true, the sample's counts (248/450 returned
municipalities, 10/10 prefectures), the fonts (IPAexGothic in Qt and matplotlib), and that the PNGs exist,
are PNGs and are not tiny, and (``--splash``) what became of the start-up splash. Prints one summary line with the timings for the build log.
Standard library only (runs with any python3).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXPECTED_COUNTS = {
    "municipal_returned": 248,
    "municipal_targets": 450,
    "prefectural_returned": 10,
    "prefectural_targets": 10,
}
PNG_MIN_BYTES = {"window.png": 10_000, "figure19.png": 5_000}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FONT = "IPAexGothic"


def problems_in(out: Path, splash: str | None = None) -> tuple[list[str], dict]:
    path = out / "selftest.json"
    if not path.is_file():
        return [f"{path} was not written (the exe did not start, or crashed before the end)"], {}
    report = json.loads(path.read_text(encoding="utf-8"))
    problems = [f"exe reported: {e}" for e in report.get("errors", [])]
    if not report.get("ok"):
        problems.append("report says ok=false")
    counts = report.get("counts") or {}
    for key, want in EXPECTED_COUNTS.items():
        if counts.get(key) != want:
            problems.append(f"count {key} = {counts.get(key)}, expected {want}")
    fonts = report.get("fonts") or {}
    if fonts.get("qt") != FONT:
        problems.append(f"Qt font {fonts.get('qt')!r}, expected {FONT}")
    if fonts.get("matplotlib") != [FONT]:
        problems.append(f"matplotlib fonts {fonts.get('matplotlib')!r}, expected [{FONT!r}]")
    for name, minimum in PNG_MIN_BYTES.items():
        png = out / name
        data = png.read_bytes() if png.is_file() else b""
        if not data.startswith(PNG_SIGNATURE) or len(data) < minimum:
            problems.append(f"{name}: not a PNG of at least {minimum} bytes ({len(data)} bytes)")
    if splash is not None and report.get("splash") != splash:
        problems.append(f"start-up splash {report.get('splash')!r}, expected {splash!r}")
    for name, info in (report.get("files") or {}).items():
        if not info.get("bytes"):
            problems.append(f"{name} is empty")
    return problems, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--label", default="selftest")
    parser.add_argument("--wall", type=float, default=None, help="wall-clock seconds measured by the caller")
    parser.add_argument("--splash", choices=["closed", "none"], help="what the report must say of the splash")
    args = parser.parse_args(argv)
    problems, report = problems_in(args.out, args.splash)
    t = report.get("timings_s", {})
    counts = report.get("counts", {})
    wall = f", wall {args.wall:.2f} s" if args.wall is not None else ""
    print(
        f"[{args.label}] municipal {counts.get('municipal_returned')}/{counts.get('municipal_targets')}, "
        f"prefectural {counts.get('prefectural_returned')}/{counts.get('prefectural_targets')}; "
        f"launch→window {t.get('launch_to_window')} s, launch→end {t.get('launch_to_end')} s{wall}, "
        f"sample {t.get('sample_ready')} s; fonts {report.get('fonts')}; splash {report.get('splash')}"
    )
    if problems:
        print(f"[{args.label}] FAILED:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(f"[{args.label}] OK ({args.out / 'selftest.json'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
