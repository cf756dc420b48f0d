"""未提出一覧 and 要確認一覧: 状況／理由 separate bodies that sent an unreadable file from non-responders,
and a filter writes only the bodies shown."""

from __future__ import annotations

import openpyxl
from forms import fill_form
from msoffcrypto.format.ooxml import OOXMLFile

from renkei_desktop.export.status_lists import (
    RECEIVED_PASSWORD,
    RECEIVED_UNREADABLE,
    list_size,
    missing_rows,
    received_label,
    write_missing_list,
    write_query_list,
)
from renkei_desktop.loader import load_dataset
from renkei_desktop.targets import resolve_targets


def inbox_with_receipts(root):
    fill_form(root / "水戸市.xlsx", "municipal", {})
    good = fill_form(root / "src" / "日立市.xlsx", "municipal", {"E17": "日立市"})
    (root / "08202_日立市.xlsx").write_bytes(good.read_bytes()[:2000])  # corrupt
    plain = fill_form(root / "src" / "笠間市.xlsx", "municipal", {"E17": "笠間市"})
    with open(plain, "rb") as src, open(root / "08216_笠間市.xlsx", "wb") as locked:
        OOXMLFile(src).encrypt("pw", locked)
    (root / "src" / "日立市.xlsx").unlink()
    (root / "src" / "笠間市.xlsx").unlink()
    return root


def test_received_files_are_not_listed_as_plain_non_responders(tmp_path):
    data = load_dataset([inbox_with_receipts(tmp_path / "in")], resolve_targets(None))
    rows = {r[2]: r for r in missing_rows(data)}
    assert len(rows) == 449 + 10  # 水戸市 answered; 日立市 and 笠間市 are still without a usable return
    assert rows["08202"][4] == RECEIVED_UNREADABLE and rows["08202"][5].endswith("（08202_日立市.xlsx）")
    assert rows["08202"][5].startswith("ファイルが壊れています")
    assert rows["08216"][4:] == [RECEIVED_PASSWORD, rows["08216"][5]] and "パスワード" in rows["08216"][5]
    assert rows["08203"][4:] == ["未提出", ""]
    path = write_query_list(tmp_path / "q.xlsx", data)
    sheet = [[c.value for c in r] for r in openpyxl.load_workbook(path)["要確認一覧"].iter_rows()]
    received = {r[2]: r for r in sheet[1:]}
    assert received["08202"][7] == RECEIVED_UNREADABLE and received["08202"][9] == "08202_日立市.xlsx"
    assert received["08216"][7] == RECEIVED_PASSWORD


def test_a_filter_writes_only_the_bodies_shown(tmp_path):
    data = load_dataset([inbox_with_receipts(tmp_path / "in")], resolve_targets(None))
    shown = {("municipal", "08202"), ("municipal", "08203"), ("municipal", "08201")}
    path = write_missing_list(tmp_path / "m.xlsx", data, codes=shown)
    ws = openpyxl.load_workbook(path)["未提出一覧"]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0] == ["調査", "都県", "団体コード", "団体名", "状況", "理由"]
    assert [r[2] for r in values[1:]] == ["08202", "08203"]  # 08201 answered
    assert list_size(data, "missing", shown) == 2 and list_size(data, "missing") == 459
    assert list_size(data, "queries", shown) == 1


def test_received_label_keys_off_the_pending_password_or_the_message():
    from renkei_desktop.dataset import StatusRow

    row = StatusRow("municipal", "08202", "茨城県", "日立市", "unreadable", "a.xlsx")
    assert received_label(row, "ファイルが壊れています") == RECEIVED_UNREADABLE
    assert received_label(row, "パスワードで保護されています") == RECEIVED_PASSWORD
    pending = StatusRow(
        "municipal", "08202", "茨城県", "日立市", "unreadable", "a.xlsx", password_pending=True
    )
    assert received_label(pending, "開けません") == RECEIVED_PASSWORD
