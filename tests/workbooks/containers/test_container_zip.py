"""Zip archives: names per entry (CP932, UTF-8 with and without the flag), nesting, passwords."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from container_builders import plain, seven_zip, zip_bytes
from forms import T0, fill_form

from renkei_desktop.workbooks.containers.common import PASSWORD_NEEDED
from renkei_desktop.workbooks.containers.walker import expand_container
from renkei_desktop.workbooks.containers.zipcrypto import unseal
from renkei_desktop.workbooks.reader import read_member
from renkei_desktop.workbooks.sources import Source, read_source


@pytest.fixture(scope="module")
def mito(tmp_path_factory) -> bytes:
    return fill_form(tmp_path_factory.mktemp("f") / "mito.xlsx", "municipal", {}).read_bytes()


@pytest.fixture(scope="module")
def hitachi(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("f") / "hitachi.xlsx"
    return fill_form(path, "municipal", {"E17": "日立市"}).read_bytes()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_names_are_decoded_per_entry(tmp_path, mito):
    """A CP932 bundle (Windows Explorer), a macOS zip (UTF-8 without flag) and a 7-Zip/Python zip
    (UTF-8 flag) all read as written, and the reader gets the member's bytes unchanged."""
    cp932 = _write(
        tmp_path / "茨城県_取りまとめ.zip", zip_bytes([("〇〇県回答/08201_水戸市.xlsx", mito)], "cp932")
    )
    raw = zipfile.ZipFile(cp932).infolist()[0]
    assert raw.flag_bits & 0x800 == 0 and raw.orig_filename != "〇〇県回答/08201_水戸市.xlsx"
    mac = _write(tmp_path / "mac.zip", zip_bytes([("回答/ｶﾀｶﾅ①_水戸市.xlsx", mito)], "utf-8-raw"))
    flagged = _write(tmp_path / "flag.zip", zip_bytes([("回答/水戸市.xlsx", mito)], "utf-8-flag"))
    for path, expected in (
        (cp932, "茨城県_取りまとめ.zip/〇〇県回答/08201_水戸市.xlsx"),
        (mac, "mac.zip/回答/ｶﾀｶﾅ①_水戸市.xlsx"),
        (flagged, "flag.zip/回答/水戸市.xlsx"),
    ):
        out = expand_container(path, path.name)
        assert out.notes == []
        assert [m.display for m in out.members] == [expected]
        assert plain(out.members[0]) == mito


def test_one_archive_may_mix_encodings(tmp_path, mito, hitachi):
    """``metadata_encoding`` is per archive: a zip re-packed on another system has both kinds."""
    _write(
        tmp_path / "m.zip",
        zip_bytes([("水戸市.xlsx", mito), ("日立市.xlsx", hitachi)], ["cp932", "utf-8-raw"]),
    )
    names = [m.display for m in expand_container(tmp_path / "m.zip", "m.zip").members]
    assert names == ["m.zip/水戸市.xlsx", "m.zip/日立市.xlsx"]


def test_zip_in_zip_and_member_times(tmp_path, mito, hitachi):
    inner = zip_bytes([("日立市.xlsx", hitachi)], "cp932", stamp=T0 + 600)
    outer = zip_bytes([("水戸市.xlsx", mito), ("追加分/内側.zip", inner), ("メモ.txt", b"x")], stamp=T0)
    path = _write(tmp_path / "外側.zip", outer)
    os.utime(path, (T0 + 99999, T0 + 99999))
    out = expand_container(path, "外側.zip")
    assert [(m.display, m.chain) for m in out.members] == [
        ("外側.zip/水戸市.xlsx", ("水戸市.xlsx",)),
        ("外側.zip/追加分/内側.zip/日立市.xlsx", ("追加分/内側.zip", "日立市.xlsx")),
    ]
    # the member's own (DOS, 2-second) time, not the saved zip's mtime
    assert abs(out.members[0].sent - T0) <= 2 and abs(out.members[1].sent - (T0 + 600)) <= 2
    read = read_member(
        plain(out.members[1]), str(path), "追加分/内側.zip/日立市.xlsx", out.members[1].display
    )
    assert read.ok and read.raw["E17"] == "日立市"


def test_archive_without_workbook_is_listed(tmp_path):
    path = _write(tmp_path / "資料.zip", zip_bytes([("説明.pdf", b"%PDF-1.4"), ("readme.txt", b"x")]))
    out = expand_container(path, "資料.zip")
    assert out.members == []
    assert [(n.display, n.empty) for n in out.notes] == [("資料.zip", True)]
    assert out.notes[0].message == "ZIP に Excel ブックが含まれていません（2 個のファイル・フォルダ）"


@pytest.mark.parametrize("method", ["AES256", "ZipCrypto"])
def test_password_zip_from_7zip(tmp_path, mito, hitachi, method):
    """7-Zip's AES-256 (WinZip AE-2) and ZipCrypto archives: closed without the password, and read
    with it (the right one among several candidates, Japanese included)."""
    path = seven_zip(
        tmp_path / "回答.zip", {"水戸市.xlsx": mito, "日立市.xlsx": hitachi}, "Haru-2026!", method
    )
    before = path.read_bytes()
    closed = expand_container(path, "回答.zip")
    assert closed.members == []
    (note,) = closed.notes
    assert note.password_pending and note.message.startswith(PASSWORD_NEEDED)
    assert "2 件" in note.message
    wrong_passwords = ["違う", "haru-2026!"]
    wrong = expand_container(path, "回答.zip", wrong_passwords)
    for m in wrong.members:  # a wrong password passes ZipCrypto's header check 1 time in 256 (AES: 65,536)
        assert m.sealed is not None and m.sealed.encrypted
        source = Source(str(path), m.display, m.chain[0], m.data, 0.0, m.sent, m.sealed)
        assert read_source(source, passwords=wrong_passwords).password_pending  # the reader finds out
    if len(wrong.members) < 2:
        assert "入力されたパスワード 2 件では開けませんでした" in wrong.notes[0].message
    started = time.perf_counter()
    opened = expand_container(path, "回答.zip", ["違う", "Haru-2026!"])
    elapsed = time.perf_counter() - started
    assert opened.notes == []
    assert sorted(m.display for m in opened.members) == ["回答.zip/日立市.xlsx", "回答.zip/水戸市.xlsx"]
    # encrypted members are only checked here and decrypted by the reader (in the worker processes)
    assert all(m.sealed is not None and m.sealed.encrypted for m in opened.members)
    assert all((m.sealed.aes is not None) == (method == "AES256") for m in opened.members if m.sealed)
    assert {plain(m, ["Haru-2026!"]) for m in opened.members} == {mito, hitachi}
    assert unseal(opened.members[0].data, opened.members[0].sealed, ["違う"]) is None
    source = Source(
        str(path), opened.members[0].display, "x", opened.members[0].data, 0.0, None, opened.members[0].sealed
    )
    read = read_source(source, passwords=["違う", "Haru-2026!"])
    assert read.ok and read.raw["E17"] in ("水戸市", "日立市")
    locked = read_source(source, passwords=["違う"])
    assert locked.password_pending and locked.message.startswith(PASSWORD_NEEDED)
    assert elapsed < 2.0
    assert path.read_bytes() == before


def test_japanese_zipcrypto_password_in_cp932(tmp_path, mito):
    """Japanese archivers encode a ZipCrypto password in CP932: the typed password is tried both ways.
    The zip is also checked against the standard library's own ZipCrypto decrypter."""
    from container_builders import zipcrypto_zip

    password = "春の調査２０２６"
    data = zipcrypto_zip([("08201_水戸市.xlsx", mito)], password.encode("cp932"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("08201_水戸市.xlsx", pwd=password.encode("cp932")) == mito
    path = _write(tmp_path / "回答.zip", data)
    (member,) = expand_container(path, "回答.zip", [password]).members
    assert plain(member, [password]) == mito
    source = Source(str(path), member.display, member.chain[0], member.data, 0.0, member.sent, member.sealed)
    read = read_source(source, passwords=[password])
    assert read.ok and read.raw["E17"] == "水戸市"
