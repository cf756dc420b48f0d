"""Command line: the same core as the GUI, headless.

renkei-desktop export INPUT... --out DIR [--targets SPEC] [--sample] [--force]
renkei-desktop sample --out DIR
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from renkei_desktop import __version__
from renkei_desktop.export.atomic import ExportError
from renkei_desktop.targets import TargetListError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
FIGURE_FORMATS = ("png", "svg", "pdf", "none")


class _Progress:
    """Progress lines on stderr, at most about one a second (and the last one)."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= 1.0:
            self.last = now
            print(f"読み込み中 {done}/{total} {name}", file=self.stream, flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="renkei-desktop", description="庁内連携調査の回収・集計（コマンドライン）"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="回答ファイルを読み込み、集計表・回収状況・要確認一覧を出力する")
    export.add_argument(
        "inputs",
        nargs="*",
        help="回答ファイル（xlsx/xlsm/xls/ods）、ZIP・メール（zip/eml/msg）またはフォルダ",
    )
    export.add_argument("--out", required=True, type=Path, help="出力先フォルダ")
    export.add_argument(
        "--targets",
        default=None,
        help="対象団体: 関東信越厚生局（既定）、他の厚生局名、all（全国）、または CSV（code 列）",
    )
    export.add_argument(
        "--sample", action="store_true", help="同梱のサンプルデータ（248 市区町村 + 10 都県）を使う"
    )
    export.add_argument("--force", action="store_true", help="既存の出力ファイルを上書きする")
    export.add_argument(
        "--formats",
        type=_formats,
        default=("png", "svg"),
        help="図の形式（カンマ区切り: png,svg,pdf／図なしは none）。既定 png,svg",
    )
    export.add_argument(
        "--dpi", type=int, choices=(150, 300, 600), default=300, help="PNG の解像度（既定 300）"
    )
    export.add_argument(
        "--include-contacts",
        action="store_true",
        help="要確認一覧に連絡先（担当者・電話・メール）を含める（個人情報）",
    )
    export.add_argument(
        "--report",
        action="store_true",
        help="報告書の下書き report.docx（Word）と図表スライド figures.pptx（PowerPoint）も出力する",
    )
    export.add_argument(
        "--passwords",
        type=Path,
        default=None,
        help="パスワード候補のファイル（UTF-8、1 行に 1 つ）。暗号化されたブックと ZIP にすべて試す（保存しない）",
    )
    export.add_argument(
        "--decisions",
        type=Path,
        default=None,
        help="判断ファイル（JSON）。同じ団体の複数の版のうち集計する版の選択（画面で保存したもの）",
    )
    sample = sub.add_parser("sample", help="サンプルの回答ファイル一式を書き出す")
    sample.add_argument("--out", required=True, type=Path, help="出力先フォルダ")
    return parser


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in FIGURE_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"--formats は png,svg,pdf,none から選んでください（{text}）")
    return formats


def _export(args: argparse.Namespace) -> int:
    from renkei_desktop.export.bundle import existing_outputs_text, export_all
    from renkei_desktop.loader import load_dataset
    from renkei_desktop.status_display import summary_text
    from renkei_desktop.targets import resolve_targets

    inputs = [Path(p) for p in args.inputs]
    if args.sample:
        from renkei_desktop.sample import ensure_sample

        inputs.append(ensure_sample())
    if not inputs:
        print("エラー: 入力ファイルまたはフォルダを指定してください（サンプルは --sample）", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in inputs if not p.exists()]
    if missing:
        print(f"エラー: 見つかりません: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    out: Path = args.out
    existing = existing_outputs_text(out)
    if existing and not args.force:
        print(f"エラー: {existing}。上書きするには --force を指定してください", file=sys.stderr)
        return EXIT_USAGE
    targets = resolve_targets(args.targets)
    passwords = _read_passwords(args.passwords) if args.passwords else []
    if passwords is None:
        return EXIT_USAGE
    decisions = None
    if args.decisions:
        from renkei_desktop.versions import Decisions, DecisionsError

        try:
            decisions = Decisions.load(args.decisions)
        except DecisionsError as exc:
            print(f"エラー: {exc}", file=sys.stderr)
            return EXIT_USAGE
    data = load_dataset(inputs, targets, progress=_Progress(), passwords=passwords, decisions=decisions)
    if args.report:
        from renkei_desktop.report import export_all_with_report as export_all
    export_all(
        data,
        out,
        formats=args.formats,
        dpi=args.dpi,
        include_contacts=args.include_contacts,
        overwrite=True,
    )
    print(f"{summary_text(data)} → {out}", file=sys.stderr)
    return EXIT_OK


def _read_passwords(path: Path) -> list[str] | None:
    """Candidate passwords, one a line (UTF-8; blank lines ignored); None after an error message.
    They stay in memory: never logged, never written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "UTF-8 ではありません" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        print(f"エラー: パスワードファイルを読めません（{path.name}: {reason}）", file=sys.stderr)
        return None
    return list(dict.fromkeys(line.rstrip("\r") for line in text.split("\n") if line.strip()))


def _sample(args: argparse.Namespace) -> int:
    from renkei_desktop.sample import generate_sample

    paths = generate_sample(args.out)
    print(f"サンプル {len(paths)} ファイルを書き出しました → {args.out}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            return _export(args)
        return _sample(args)
    except TargetListError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExportError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return EXIT_FAILED
