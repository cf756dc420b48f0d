"""A folder as it might arrive: good answers mixed with every kind of hostile or broken file.

The good files are loaded, every other file ends with a status and a Japanese reason naming it,
nothing in the folder changes, and the CLI exports the lot."""

from __future__ import annotations

import csv
import struct
import time

import pytest
from forms import digest_tree, fill_form
from hostile_builders import (
    LAUGHS_DTD,
    MIB,
    NS,
    SHEET,
    add_cells,
    add_shared_strings,
    biff_record,
    bomb_workbook,
    insert_in_last_sheet,
    mutated,
    random_text,
    with_dtd,
    write_xls,
    xls_stream,
    xls_workbook,
)

from renkei_desktop.cli import main
from renkei_desktop.loader import load_dataset

GOOD = {
    "08201_水戸市.xlsx": {"E12": "茨城県", "E17": "水戸市"},
    "08202_日立市.xlsx": {"E12": "茨城県", "E17": "日立市"},
}


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("mailbox")
    inbox = root / "受信"
    inbox.mkdir()
    for name, cells in GOOD.items():
        fill_form(inbox / name, "municipal", cells)
    fill_form(inbox / "13_東京都.xlsx", "prefectural", {})
    work = root / "work"
    work.mkdir()
    base = fill_form(work / "base.xlsx", "municipal", {"E12": "茨城県", "E17": "土浦市"})
    bomb_workbook(base, inbox / "zipbomb.xlsx", 1200)
    bomb_workbook(base, inbox / "liar.xlsx", 1200, declared=4096)
    mutated(
        base,
        inbox / "far.xlsx",
        lambda p: add_cells(p, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    )

    def laughs(parts):
        parts[SHEET] = with_dtd(parts[SHEET], LAUGHS_DTD)

    mutated(base, inbox / "laughs.xlsx", laughs)

    def amplify(parts):
        add_shared_strings(parts, b"<sst " + NS + b"><si><t>" + random_text(MIB) + b"</t></si></sst>")
        add_cells(
            parts,
            b"".join(b'<row r="%d"><c r="K%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(300, 2300)),
        )

    mutated(base, inbox / "amplify.xlsx", amplify)
    (inbox / "truncated.xlsx").write_bytes(base.read_bytes()[:5000])
    (inbox / "empty.xlsx").write_bytes(b"")
    (inbox / "text.xlsx").write_text("Excel ではない", encoding="utf-8")
    xls = xls_workbook(work / "base.xls")
    write_xls(
        inbox / "far.xls",
        insert_in_last_sheet(
            xls_stream(xls), biff_record(0x0203, struct.pack("<HHHd", 0xFFFF, 0xFFFF, 0, 1.0))
        ),
    )
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(base, "rb") as plain, open(inbox / "locked.xlsx", "wb") as locked:
        OOXMLFile(plain).encrypt("pw", locked)
    (inbox / "~$08201_水戸市.xlsx").write_bytes(b"owner file of Excel")
    return inbox


HOSTILE = [
    "zipbomb.xlsx",
    "liar.xlsx",
    "far.xlsx",
    "laughs.xlsx",
    "amplify.xlsx",
    "truncated.xlsx",
    "empty.xlsx",
    "text.xlsx",
    "far.xls",
    "locked.xlsx",
]


def test_folder_loads_with_a_status_for_every_file(mailbox):
    before = digest_tree(mailbox)
    start = time.perf_counter()
    data = load_dataset([mailbox])
    seconds = time.perf_counter() - start
    assert digest_tree(mailbox) == before
    returned = {r.file for r in data.status_rows if r.status == "returned"}
    assert returned == {*GOOD, "13_東京都.xlsx"}
    problems = {r.file: r.status for r in data.status_rows if r.status not in ("returned", "missing")}
    assert problems == dict.fromkeys(HOSTILE, "unreadable")
    reasons = {f.file: f.message for f in data.findings if f.kind == "unreadable"}
    assert set(reasons) == set(HOSTILE)
    assert all(reasons[name] for name in HOSTILE)
    assert seconds < 10, seconds


def test_cli_exports_the_folder(mailbox, tmp_path):
    before = digest_tree(mailbox)
    out = tmp_path / "out"
    assert main(["export", str(mailbox), "--out", str(out), "--formats", "none"]) == 0
    assert digest_tree(mailbox) == before
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        unreadable = {r["file"]: r["message"] for r in csv.DictReader(handle) if r["kind"] == "unreadable"}
    assert set(unreadable) == set(HOSTILE)
    assert "ZIP 爆弾" in unreadable["zipbomb.xlsx"] and "DTD" in unreadable["laughs.xlsx"]
