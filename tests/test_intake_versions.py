"""Loading folders with containers: provenance names, notes, identical copies, the Date rule, decisions."""

from __future__ import annotations

import csv
import os

from container_builders import eml_bytes, zip_bytes
from forms import T0, digest_tree, fill_form

from renkei_desktop import dataset as ds
from renkei_desktop.cli import main
from renkei_desktop.loader import ReadCache, load_dataset
from renkei_desktop.versions import Decisions


def _book(tmp_path, name: str, cells: dict, mtime: float = T0) -> bytes:
    return fill_form(tmp_path / "src" / name, "municipal", cells, mtime=mtime).read_bytes()


def _rows(data, code: str) -> list[tuple[str, str]]:
    return sorted((r.status, r.file) for r in data.status_rows if r.code == code and r.survey == "municipal")


def test_identical_copies_are_one_response(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    hitachi = _book(tmp_path, "h.xlsx", {"E17": "日立市"})
    (inbox / "08202_日立市.xlsx").write_bytes(hitachi)
    (inbox / "茨城県_取りまとめ.zip").write_bytes(
        zip_bytes([("茨城県回答/08202_日立市.xlsx", hitachi)], "cp932")
    )
    data = load_dataset([inbox])
    # same bytes: the one with the newer time (the loose file, just written) is shown as counted
    assert _rows(data, "08202") == [
        (ds.DUPLICATE, "茨城県_取りまとめ.zip/茨城県回答/08202_日立市.xlsx"),
        (ds.RETURNED, "08202_日立市.xlsx"),
    ]
    dup = next(f for f in data.findings if f.kind == "duplicate")
    assert "内容が同一のコピーです（1 件として数えます）" in dup.message
    assert ("municipal", "08202") not in data.versions  # nothing to choose between
    assert [r.quiet for r in data.status_rows if r.status == ds.DUPLICATE] == [True]
    assert len(data.of("municipal")) == 1


def test_mail_date_beats_the_mtime_trap(tmp_path):
    """The correction arrived on 11/5 and was saved first; the first answer (11/2) was saved
    afterwards, so its file is newer on disk. The mails' Date: decides: the correction counts."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    first = _book(tmp_path, "v1.xlsx", {"E23": 270000})
    fixed = _book(tmp_path, "v2.xlsx", {"E23": 270685})
    old_mail = inbox / "水戸市から.eml"
    new_mail = inbox / "水戸市から（修正）.eml"
    old_mail.write_bytes(eml_bytes([("水戸市_回答.xlsx", first)], date="Mon, 02 Nov 2026 10:00:00 +0900"))
    new_mail.write_bytes(eml_bytes([("水戸市_回答.xlsx", fixed)], date="Thu, 05 Nov 2026 16:30:00 +0900"))
    os.utime(new_mail, (T0, T0))
    os.utime(old_mail, (T0 + 86400, T0 + 86400))  # saved a day later: the mtime trap
    data = load_dataset([inbox])
    (mito,) = [r for r in data.of("municipal") if r.code == "08201"]
    assert mito.file == "水戸市から（修正）.eml/水戸市_回答.xlsx"
    assert mito.values["Q3_population"] == 270685
    dup = next(f for f in data.findings if f.kind == "duplicate")
    assert [r.quiet for r in data.status_rows if r.status == ds.DUPLICATE] == [False]
    assert dup.file == "水戸市から.eml/水戸市_回答.xlsx"
    assert "送信・圧縮日時 2026-11-05" in dup.message
    versions = data.versions[("municipal", "08201")]
    assert [v.display for v in versions] == [mito.file, dup.file]


def test_decisions_round_trip_and_cli(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    fill_form(inbox / "水戸市_第1版.xlsx", "municipal", {"E23": 111}, mtime=T0)
    fill_form(inbox / "水戸市_第2版.xlsx", "municipal", {"E23": 222}, mtime=T0 + 60)
    before = digest_tree(inbox)
    data = load_dataset([inbox])
    assert next(r for r in data.of("municipal") if r.code == "08201").values["Q3_population"] == 222
    older = data.versions[("municipal", "08201")][1]
    decisions = Decisions()
    decisions.choose("municipal", "08201", older)
    path = tmp_path / "判断.json"
    decisions.save(path)
    again = Decisions.load(path)
    assert again.choices == decisions.choices
    chosen = load_dataset([inbox], decisions=again)
    assert next(r for r in chosen.of("municipal") if r.code == "08201").values["Q3_population"] == 111
    dup = next(f for f in chosen.findings if f.kind == "duplicate")
    assert (
        dup.file == "水戸市_第2版.xlsx"
        and "画面（判断ファイル）で選ばれた「水戸市_第1版.xlsx」" in dup.message
    )
    assert (
        main(
            [
                "export",
                str(inbox),
                "--out",
                str(tmp_path / "out"),
                "--formats",
                "none",
                "--decisions",
                str(path),
            ]
        )
        == 0
    )
    with open(tmp_path / "out" / "response_status.csv", encoding="utf-8-sig") as handle:
        rows = [r for r in csv.DictReader(handle) if "水戸市" in "".join(r.values())]
    assert [(r["file"], r["status"]) for r in rows] == [
        ("水戸市_第1版.xlsx", "returned"),
        ("水戸市_第2版.xlsx", "duplicate"),
    ]
    assert digest_tree(inbox) == before


def test_password_given_later_reads_only_what_was_locked(tmp_path, monkeypatch):
    from msoffcrypto.format.ooxml import OOXMLFile

    import renkei_desktop.loader as loader_module

    inbox = tmp_path / "in"
    inbox.mkdir()
    plain = fill_form(tmp_path / "p.xlsx", "municipal", {"E17": "日立市"})
    with open(plain, "rb") as src, open(inbox / "日立市_パスワード付き.xlsx", "wb") as out:
        OOXMLFile(src).encrypt("kanto-2026", out)
    fill_form(inbox / "08201_水戸市.xlsx", "municipal", {})
    cache = ReadCache()
    locked = load_dataset([inbox], cache=cache)
    (row,) = [r for r in locked.status_rows if r.status == ds.UNREADABLE]
    assert row.password_pending and row.code == "08202"
    assert locked.summary()["password_pending"] == 1
    finding = next(f for f in locked.findings if f.kind == "unreadable")
    assert finding.password_pending and finding.message.startswith("パスワードが必要です")
    reads = []
    real = loader_module.read_source
    monkeypatch.setattr(loader_module, "read_source", lambda s, *a: reads.append(s.display) or real(s, *a))
    opened = load_dataset([inbox], cache=cache, passwords=["違う", "kanto-2026"])
    assert reads == ["日立市_パスワード付き.xlsx"]
    assert {r.code for r in opened.of("municipal")} == {"08201", "08202"}
    assert not any(r.password_pending for r in opened.status_rows)
