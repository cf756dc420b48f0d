"""What build this is: version, build date, commit and the exe's SHA-256 (shown in バージョン情報).

The build writes ``resources/build_info.json`` (``build/support/write_build_info.py``). A source checkout has
no such file: there the commit comes from git when it is available, and the build date is 「開発版」.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from renkei_desktop import __version__
from renkei_desktop.paths import resource_path

BUILD_INFO_FILE = "build_info.json"
DEVELOPMENT = "開発版"
UNKNOWN = "不明"
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class BuildInfo:
    version: str
    build_date: str  # ISO date and time (UTC) of the build, or 「開発版」
    commit: str  # git commit (short hash), or 「不明」
    frozen: bool  # running as the PyInstaller exe

    @property
    def is_release_build(self) -> bool:
        return self.build_date != DEVELOPMENT


def _read_json(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def git_commit(folder: Path) -> str | None:
    """The short commit of the git checkout at ``folder`` (with 「+変更あり」 when the tree is dirty)."""
    if not (folder / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+変更あり" if head and dirty else head or None


def build_info(info_file: Path | None = None) -> BuildInfo:
    """The build's facts: from ``build_info.json`` when the build wrote one, else from the checkout."""
    frozen = bool(getattr(sys, "frozen", False))
    data = _read_json(info_file or resource_path(BUILD_INFO_FILE))
    if data.get("build_date"):
        return BuildInfo(
            version=data.get("version", __version__),
            build_date=data["build_date"],
            commit=data.get("commit") or UNKNOWN,
            frozen=frozen,
        )
    checkout = Path(__file__).resolve().parent.parent
    commit = None if frozen else git_commit(checkout)
    return BuildInfo(version=__version__, build_date=DEVELOPMENT, commit=commit or UNKNOWN, frozen=frozen)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (the one-file exe is about 100 MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def executable_sha256() -> str | None:
    """SHA-256 of the running exe (None when running from source: there is no single file to hash)."""
    if not getattr(sys, "frozen", False):
        return None
    try:
        return file_sha256(Path(sys.executable))
    except OSError:
        return None
