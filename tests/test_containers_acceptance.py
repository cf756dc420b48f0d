"""Acceptance (issue 11): the responses of an ordinary collection, packaged as they really arrive,
give exactly the numbers and statuses of the same responses as loose files, and every container and
unusable piece is listed with its reason."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from container_builders import eml_bytes, msg_bytes, seven_zip, zip_bytes
from forms import digest_tree, libreoffice_convert

from renkei_desktop.cli import main
from renkei_desktop.sample import ensure_sample

pytestmark = pytest.mark.slow
ZIP_PASSWORD = "Bundle-2026"
BOOK_PASSWORD = "回答パスワード"


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _encrypt(src: Path, out: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as plain, open(out, "wb") as locked:
        OOXMLFile(plain).encrypt(BOOK_PASSWORD, locked)


def _package(sample: Path, root: Path) -> Path:
    """The sample's 258 responses: part loose, part inside containers, three encrypted, two .ods."""
    inbox = root / "受信"
    shutil.copytree(sample, inbox, ignore=shutil.ignore_patterns(".*"))
    muni = sorted((inbox / "市区町村").glob("*.xlsx"))
    take = iter(muni)

    def pop(n: int) -> list[tuple[str, bytes]]:
        out = []
        for _ in range(n):
            path = next(take)
            out.append((path.name, path.read_bytes()))
            path.unlink()
        return out

    bundle = [(f"茨城県回答/{name}", data) for name, data in pop(12)]
    (inbox / "茨城県_取りまとめ.zip").write_bytes(zip_bytes(bundle, "cp932"))
    inner = zip_bytes(pop(4), "cp932")
    (inbox / "栃木県.zip").write_bytes(zip_bytes([*pop(2), ("第2回/追加分.zip", inner)], "cp932"))
    seven_zip(inbox / "群馬県_パスワード付き.zip", dict(pop(3)), ZIP_PASSWORD, "AES256")
    (inbox / "回答2件.eml").write_bytes(eml_bytes(pop(2), name_style="rfc2047-jis"))
    (inbox / "お礼.eml").write_bytes(eml_bytes([]))
    (inbox / "Outlook保存.msg").write_bytes(msg_bytes(pop(1), 1_790_000_000.0))
    for name, data in pop(3):
        plain = root / "plain" / name
        plain.parent.mkdir(parents=True, exist_ok=True)
        plain.write_bytes(data)
        _encrypt(plain, inbox / "市区町村" / name)
    for name, data in pop(2):
        plain = root / "for-lo" / name
        plain.parent.mkdir(parents=True, exist_ok=True)
        plain.write_bytes(data)
        libreoffice_convert(plain, "ods", inbox / "市区町村")
    return inbox


def test_packaged_collection_gives_the_loose_numbers(tmp_path):
    sample = ensure_sample()
    inbox = _package(sample, tmp_path)
    before = digest_tree(inbox)
    passwords = tmp_path / "passwords.txt"
    passwords.write_text(f"wrong\n{ZIP_PASSWORD}\n{BOOK_PASSWORD}\n", encoding="utf-8")
    loose, packed = tmp_path / "loose", tmp_path / "packed"
    assert main(["export", str(sample), "--out", str(loose), "--formats", "none"]) == 0
    args = ["export", str(inbox), "--out", str(packed), "--formats", "none", "--passwords", str(passwords)]
    assert main(args) == 0
    assert digest_tree(inbox) == before  # inputs byte-identical afterwards

    for name in ("simple_tabulation.csv", "response_rate.csv"):
        assert (packed / name).read_bytes() == (loose / name).read_bytes(), name
    want = {(r["survey"], r["code"]): r for r in _csv(loose / "response_status.csv")}
    got = _csv(packed / "response_status.csv")
    counted = {(r["survey"], r["code"]): r for r in got if r["status"] in ("returned", "missing")}
    assert {k: r["status"] for k, r in counted.items()} == {k: r["status"] for k, r in want.items()}
    for key, row in counted.items():  # the same response, named by its path through the containers
        assert Path(row["file"]).stem.split("_")[0] == Path(want[key]["file"]).stem.split("_")[0]
    names = {r["file"] for r in counted.values()}
    assert any(n.startswith("茨城県_取りまとめ.zip/茨城県回答/") for n in names)
    assert sum(n.startswith("栃木県.zip/第2回/追加分.zip/") for n in names) == 4
    assert sum(n.startswith("群馬県_パスワード付き.zip/") for n in names) == 3
    assert sum(n.startswith("回答2件.eml/") for n in names) == 2
    assert sum(n.startswith("Outlook保存.msg/") for n in names) == 1
    assert sum(n.endswith(".ods") for n in names) == 2
    others = [(r["file"], r["status"]) for r in got if r["status"] not in ("returned", "missing")]
    assert others == [("お礼.eml", "no_workbook")]
    findings = {(f["file"], f["kind"]): f["message"] for f in _csv(packed / "findings.csv")}
    assert (
        findings[("お礼.eml", "no_workbook")]
        == "メールに Excel ブックが添付されていません（添付ファイルなし）"
    )
    item_level = lambda rows: sorted(  # noqa: E731
        (f["survey"], f["code"], f["question_id"], f["cell"], f["kind"], f["message"])
        for f in rows
        if f["kind"] not in ("no_workbook", "duplicate", "unreadable")
    )
    assert item_level(_csv(packed / "findings.csv")) == item_level(_csv(loose / "findings.csv"))


def test_without_passwords_the_locked_ones_wait(tmp_path):
    inbox = _package(ensure_sample(), tmp_path)
    out = tmp_path / "out"
    assert main(["export", str(inbox), "--out", str(out), "--formats", "none"]) == 0
    rows = _csv(out / "response_status.csv")
    locked = sorted(r["file"] for r in rows if r["status"] == "unreadable")
    assert len(locked) == 4 and locked[-1] == "群馬県_パスワード付き.zip"
    messages = [f["message"] for f in _csv(out / "findings.csv") if f["kind"] == "unreadable"]
    assert len(messages) == 4 and all(m.startswith("パスワードが必要です") for m in messages)
