"""Broken files and files in use: truncated, being written while read, locked by another program,
not regular files, vanished, password-protected (with and without the password)."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hostile_builders import base_workbook
from hostile_harness import run_isolated

from renkei_desktop.workbooks import opener
from renkei_desktop.workbooks.reader import read_workbook

IN_USE = "他のプログラムが使用中"


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return base_workbook(tmp_path_factory.mktemp("broken") / "good.xlsx")


def test_truncated_everywhere(good, tmp_path, read_hostile):
    """Cut at 12 places (including inside the central directory): always a clear status."""
    data = good.read_bytes()
    cuts = sorted({*range(1, len(data), len(data) // 10), len(data) - 1, len(data) - 22})
    for cut in cuts:
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(data[:cut])
        read = read_hostile(path, f"truncated at {cut} of {len(data)} bytes", expect=None)
        assert read.status == "unreadable", (cut, read.status)
        assert read.message.startswith(("ファイルが壊れています", "Excel ブックではありません")), read.message


def test_random_bytes_and_wrong_magic(tmp_path, read_hostile):
    rng = __import__("random").Random(7)
    cases = {
        "noise.xlsx": bytes(rng.getrandbits(8) for _ in range(5000)),
        "zipmagic.xlsx": b"PK\x03\x04" + bytes(rng.getrandbits(8) for _ in range(5000)),
        "olemagic.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.getrandbits(8) for _ in range(5000)),
        "empty.xlsx": b"",
    }
    for name, body in cases.items():
        (tmp_path / name).write_bytes(body)
        read_hostile(tmp_path / name, f"garbage: {name}")


def test_file_being_written_while_read(good, tmp_path):
    """A writer saves the workbook in small pieces while it is read again and again: every read ends
    with ok or a clear Japanese reason (never an exception), and the finished file reads ok."""
    data = good.read_bytes()
    target = tmp_path / "saving.xlsx"
    target.write_bytes(b"")
    done = threading.Event()

    def writer() -> None:
        with open(target, "wb") as handle:
            for start in range(0, len(data), 1024):
                handle.write(data[start : start + 1024])
                handle.flush()
                time.sleep(0.002)
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    statuses = []
    while not done.is_set():
        read = read_workbook(target)
        statuses.append((read.status, read.message))
    thread.join()
    assert len(statuses) > 3
    for status, message in statuses:
        assert status in ("ok", "unreadable"), status
        if status == "unreadable":
            assert message.startswith(
                ("ファイルが壊れています", "ファイルが空です", "読み込み中にファイルが変更されました")
            )
    assert read_workbook(target).status == "ok"


def test_size_change_during_the_read_is_reported(good, tmp_path, monkeypatch):
    path = tmp_path / "grow.xlsx"
    path.write_bytes(good.read_bytes())
    real_fstat = os.fstat
    calls = {"n": 0}

    def fstat(fd):
        result = real_fstat(fd)
        calls["n"] += 1
        if calls["n"] == 2:  # after the read: the file grew meanwhile
            return os.stat_result((*result[:6], result.st_size + 100, *result[7:]))
        return result

    monkeypatch.setattr(opener.os, "fstat", fstat)
    read = read_workbook(path)
    assert read.status == "unreadable" and "変更されました" in read.message


@pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root on POSIX"
)
def test_permission_denied_for_real(good):
    """A real EACCES from the kernel: a forked child drops root (tests run as root, whom file modes
    do not stop) and reads a mode-000 file."""
    folder = Path(tempfile.mkdtemp(prefix="renkei-perm-"))
    try:
        folder.chmod(0o755)
        path = folder / "locked.xlsx"
        path.write_bytes(good.read_bytes())
        path.chmod(0)
        read_workbook(good)  # import and cache everything before the privileges go

        def as_nobody(p: str):
            os.setgid(65534)
            os.setuid(65534)
            with pytest.raises(PermissionError):
                open(p, "rb")  # noqa: SIM115 - proves the denial is real
            return read_workbook(Path(p))

        outcome = run_isolated(as_nobody, str(path), timeout=60)
        assert outcome.error is None, outcome.error
        assert outcome.value.status == "unreadable"
        assert IN_USE in outcome.value.message
    finally:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


def test_windows_sharing_violation(good, monkeypatch):
    """On Windows a file Excel holds open without share-read fails with ERROR_SHARING_VIOLATION (32),
    which Python raises as PermissionError. Simulated here: Linux has no mandatory locks."""

    def sharing_violation(*_args, **_kwargs):
        exc = PermissionError(errno.EACCES, "The process cannot access the file because it is being used")
        exc.winerror = 32  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(opener.os, "open", sharing_violation)
    read = read_workbook(good)
    assert read.status == "unreadable" and IN_USE in read.message


def test_windows_region_lock_during_read(good, monkeypatch):
    """A byte-range lock (LockFileEx) makes ReadFile fail with ERROR_LOCK_VIOLATION (33)."""

    def lock_violation(*_args, **_kwargs):
        raise PermissionError(
            errno.EACCES, "The process cannot access the file because another process has locked"
        )

    monkeypatch.setattr(opener.os, "read", lock_violation)
    read = read_workbook(good)
    assert read.status == "unreadable" and "ロック" in read.message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks")
def test_file_locked_by_another_process_is_still_read(good, tmp_path):
    """Another process holds exclusive advisory locks (flock and fcntl): reading needs no lock."""
    import subprocess

    path = tmp_path / "held.xlsx"
    path.write_bytes(good.read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl,sys,time\n"
            "f=open(sys.argv[1],'r+b'); fcntl.flock(f, fcntl.LOCK_EX); fcntl.lockf(f, fcntl.LOCK_EX)\n"
            "print('locked', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = path.read_bytes()
        read = read_workbook(path)
        assert read.status == "ok"
        assert path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_does_not_hang(tmp_path, read_hostile):
    path = tmp_path / "pipe.xlsx"
    os.mkfifo(path)
    assert stat.S_ISFIFO(path.stat().st_mode)
    read_hostile(path, "a named pipe called .xlsx", contains="通常のファイルではありません")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX only")
def test_symlink_to_an_endless_device(tmp_path, read_hostile):
    path = tmp_path / "zero.xlsx"
    path.symlink_to("/dev/zero")
    read_hostile(path, "symlink to /dev/zero", contains="通常のファイルではありません")


def test_directory_named_like_a_workbook(tmp_path, read_hostile):
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    read_hostile(path, "a folder called .xlsx", expect="unreadable")


def test_vanished_file(tmp_path):
    read = read_workbook(tmp_path / "gone.xlsx")
    assert read.status == "unreadable" and read.message.startswith("ファイルを読み込めません")


# --- password-protected OOXML -------------------------------------------------------------------


def _encrypt(src: Path, out: Path, password: str) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as plain, open(out, "wb") as locked:
        OOXMLFile(plain).encrypt(password, locked)
    return out


def test_encrypted_without_password(good, tmp_path, read_hostile):
    path = _encrypt(good, tmp_path / "locked.xlsx", "秘密")
    read_hostile(path, "encrypted OOXML, no password given", contains="パスワードが必要です")


def test_encrypted_with_password(good, tmp_path):
    path = _encrypt(good, tmp_path / "locked.xlsx", "秘密")
    read = read_workbook(path, password="秘密")
    assert read.status == "ok" and read.raw["E17"] == "水戸市"
    wrong = read_workbook(path, password="違う")
    assert wrong.status == "unreadable" and wrong.message.startswith("パスワードが必要です")
    assert "入力されたパスワード 1 件では開けませんでした" in wrong.message


def test_encrypted_with_hostile_spin_count(good, tmp_path):
    """9,000,000 hashing rounds (Excel uses 100,000) would keep the CPU busy for many seconds:
    refused before msoffcrypto starts."""
    import olefile

    path = _encrypt(good, tmp_path / "spin.xlsx", "pw")
    ole = olefile.OleFileIO(str(path), write_mode=True)
    info = ole.openstream("EncryptionInfo").read()
    patched = info.replace(b'spinCount="100000"', b'spinCount="9000000"').replace(
        b"\n    <keyData", b"\n   <keyData"
    )
    assert len(patched) == len(info)
    ole.write_stream("EncryptionInfo", patched)
    ole.close()
    start = time.perf_counter()
    read = read_workbook(path, password="pw")
    assert read.status == "unreadable" and "反復回数" in read.message
    assert time.perf_counter() - start < 2


def test_reader_never_writes_or_locks(good, tmp_path):
    """The file is opened read-only and closed at once: mtime, bytes and mode are unchanged, and the
    handle count returns to where it was."""
    path = tmp_path / "ro.xlsx"
    path.write_bytes(good.read_bytes())
    path.chmod(0o444)
    before = (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode)
    fds_before = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").exists() else None
    for _ in range(5):
        assert read_workbook(path).status == "ok"
    assert (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode) == before
    if fds_before is not None:
        assert len(os.listdir("/proc/self/fd")) == fds_before
