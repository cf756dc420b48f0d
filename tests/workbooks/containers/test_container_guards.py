"""Archive guards: bombs and hostile names are refused in well under a second, with a Japanese reason,
and nothing is written to disk."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile

import pytest
from container_builders import zip_bytes

from renkei_desktop.workbooks.containers.common import ArchiveLimits
from renkei_desktop.workbooks.containers.walker import expand_container
from renkei_desktop.workbooks.sources import Source, read_source


def _refused(tmp_path, name: str, data: bytes, limits: ArchiveLimits | None = None) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    before = sorted(os.listdir(tmp_path))
    started = time.perf_counter()
    out = expand_container(path, name, limits=limits) if limits else expand_container(path, name)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    assert out.members == []
    assert sorted(os.listdir(tmp_path)) == before  # nothing extracted next to it
    (note,) = out.notes
    assert not note.empty and not note.password_pending
    return note.message


def _zeros_zip(name: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(name, bytes(size))
    return out.getvalue()


def test_high_ratio_member(tmp_path):
    data = _zeros_zip("回答.xlsx", 20 << 20)
    assert len(data) < 60_000
    assert "圧縮率が異常に高い" in _refused(tmp_path, "ratio.zip", data)


def test_member_too_large(tmp_path):
    message = _refused(tmp_path, "big.zip", _zeros_zip("回答.xlsx", 31 << 20))
    assert message.startswith("ZIP 内のファイルの展開後サイズが大きすぎます（回答.xlsx: 31 MB")


def test_too_many_members(tmp_path):
    members = [(f"f{i}.txt", b"") for i in range(5001)]
    assert _refused(tmp_path, "many.zip", zip_bytes(members)).startswith(
        "ZIP 内のファイルが多すぎます（5001 個"
    )


def test_total_over_budget(tmp_path):
    members = [(f"{i}.xlsx", os.urandom(40_000)) for i in range(3)]
    limits = ArchiveLimits(max_total_bytes=100_000)
    assert "展開後の合計サイズが大きすぎます" in _refused(tmp_path, "total.zip", zip_bytes(members), limits)


@pytest.mark.parametrize("bad", ["../../Windows/回答.xlsx", "/etc/回答.xlsx", "C:/回答.xlsx"])
def test_traversal_names(tmp_path, bad):
    message = _refused(tmp_path, "trav.zip", zip_bytes([(bad, b"x")]))
    assert message.startswith("ZIP に不正なファイル名が含まれています")


def test_lying_sizes_inflate_no_further_than_declared(tmp_path):
    """The central directory says 1,000 bytes; the data inflates to 10 MB: the reader stops at 1,001
    bytes (workbook members are inflated where they are read, in the workers)."""
    data = bytearray(_zeros_zip("回答.xlsx", 10 << 20))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 24, 1000)
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    started = time.perf_counter()
    (member,) = expand_container(path, "liar.zip").members
    source = Source(str(path), member.display, "回答.xlsx", member.data, 0.0, member.sent, member.sealed)
    read = read_source(source)
    assert time.perf_counter() - started < 1.0
    assert read.status == "unreadable"
    assert read.message == "ZIP が壊れています（ファイルの長さか CRC が一致しません）"


def test_nesting_depth(tmp_path):
    data = zip_bytes([("x.txt", b"")])
    for level in range(6):
        data = zip_bytes([(f"level{level}.zip", data)])
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    started = time.perf_counter()
    out = expand_container(path, "deep.zip")
    assert time.perf_counter() - started < 1.0
    (note,) = out.notes
    assert note.display == "deep.zip/level5.zip/level4.zip/level3.zip/level2.zip"
    assert note.message.startswith("入れ子が深すぎるため開きません（4 段まで")


def test_not_a_zip(tmp_path):
    assert _refused(tmp_path, "fake.zip", b"PK\x03\x04 truncated") == "ZIP が壊れています（目次を読めません）"
