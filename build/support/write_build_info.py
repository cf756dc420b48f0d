"""Write resources/build_info.json (version, build date, commit) before PyInstaller bundles resources/.

    python build/support/write_build_info.py [--out resources/build_info.json]

The app shows these in バージョン情報 (renkei_desktop/build_info.py). SOURCE_DATE_EPOCH, when set, fixes the
build date (reproducible builds). The file is git-ignored: a source checkout has none and shows 「開発版」.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from renkei_desktop import __version__  # noqa: E402
from renkei_desktop.build_info import BUILD_INFO_FILE, git_commit  # noqa: E402


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / BUILD_INFO_FILE)
    args = parser.parse_args(argv)
    info = {"version": __version__, "build_date": build_date(), "commit": git_commit(ROOT) or "不明"}
    args.out.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{args.out}: {info}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
