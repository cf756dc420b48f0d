"""build_info: the facts バージョン情報 shows, from build_info.json or from the checkout."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from renkei_desktop import __version__
from renkei_desktop.build_info import (
    DEVELOPMENT,
    build_info,
    executable_sha256,
    file_sha256,
    git_commit,
)

ROOT = Path(__file__).resolve().parent.parent


def test_build_info_json_written_by_the_build_script(tmp_path):
    out = tmp_path / "build_info.json"
    env_epoch = "1764547200"  # 2025-12-01 00:00 UTC
    subprocess.run(
        [sys.executable, str(ROOT / "build" / "support" / "write_build_info.py"), "--out", str(out)],
        check=True,
        env={"SOURCE_DATE_EPOCH": env_epoch, "PATH": "/usr/bin:/bin"},
        capture_output=True,
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == __version__
    assert data["build_date"] == "2025-12-01 00:00 UTC"
    info = build_info(out)
    assert info.build_date == "2025-12-01 00:00 UTC"
    assert info.is_release_build
    expected = git_commit(ROOT)
    assert info.commit == (expected or "不明")


def test_source_checkout_without_build_info_shows_development_and_git_commit(tmp_path):
    info = build_info(tmp_path / "absent.json")
    assert info.build_date == DEVELOPMENT
    assert not info.is_release_build
    assert info.version == __version__
    if (ROOT / ".git").exists():
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        assert info.commit.startswith(head)


def test_broken_build_info_falls_back(tmp_path):
    bad = tmp_path / "build_info.json"
    bad.write_text("{not json", encoding="utf-8")
    assert build_info(bad).build_date == DEVELOPMENT


def test_sha256_of_the_running_exe(tmp_path, monkeypatch):
    exe = tmp_path / "renkei-desktop.exe"
    exe.write_bytes(b"MZ" + bytes(range(256)) * 9000)  # > 2 chunks of 1 MiB
    assert executable_sha256() is None  # from source: no exe to hash
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    expected = hashlib.sha256(exe.read_bytes()).hexdigest()
    assert file_sha256(exe) == expected
    assert executable_sha256() == expected
