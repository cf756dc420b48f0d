"""The headless CLI on real workbooks: files written, their columns and contents, exit codes."""

from __future__ import annotations

import csv
import os
import stat

import openpyxl
import pytest
from forms import digest_tree, fill_form

from renkei_desktop.cli import main


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def inbox(tmp_path):
    fill_form(tmp_path / "in" / "a.xlsx", "municipal", {"D55": "たぶん", "E45": "=SUM(A1)を毎月"})
    fill_form(tmp_path / "in" / "sub" / "p.xlsx", "prefectural", {})
    (tmp_path / "in" / "broken.xlsx").write_bytes(b"PK\x03\x04broken")
    return tmp_path / "in"


def test_export_writes_every_file(inbox, tmp_path, capsys):
    before = digest_tree(inbox)
    assert main(["export", str(inbox), "--out", str(tmp_path / "out"), "--formats", "none"]) == 0
    assert digest_tree(inbox) == before
    out = tmp_path / "out"
    assert (out / "simple_tabulation.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "findings.csv").stat().st_mode) == 0o666 & ~umask  # not the temp file's 0600
    simple = read_csv(out / "simple_tabulation.csv")
    assert list(simple[0]) == [
        "survey",
        "question_id",
        "option_code",
        "option_label",
        "count",
        "percent",
        "base",
    ]
    q61 = [
        (r["option_code"], r["count"], r["percent"], r["base"])
        for r in simple
        if r["question_id"] == "Q6_1_med"
    ]
    assert q61 == [("1", "0", "0.0", "1"), ("2", "0", "0.0", "1"), ("no_answer", "1", "100.0", "1")]
    leader = [r for r in simple if r["question_id"] == "Q2_2_3_4.leader"]
    assert len(leader) == 5 and leader[0]["survey"] == "prefectural"
    stats = {r["option_code"]: r["count"] for r in simple if r["question_id"] == "Q3_population"}
    assert stats["min"] == "270685" and stats["mean"] == "270685"

    status = read_csv(out / "response_status.csv")
    assert list(status[0]) == ["survey", "code", "prefecture", "name", "status", "file"]
    assert status[0] == {
        "survey": "municipal",
        "code": "08201",
        "prefecture": "茨城県",
        "name": "水戸市",
        "status": "returned",
        "file": "a.xlsx",
    }
    assert {
        "survey": "prefectural",
        "code": "13",
        "prefecture": "東京都",
        "name": "東京都",
        "status": "returned",
        "file": "sub/p.xlsx",
    } in status
    assert len(status) == 450 + 10 + 1
    assert status[-1]["status"] == "unreadable" and status[-1]["file"] == "broken.xlsx"

    findings = read_csv(out / "findings.csv")
    assert list(findings[0]) == ["file", "survey", "code", "question_id", "cell", "kind", "message"]
    invalid = next(f for f in findings if f["kind"] == "invalid_value")
    assert (invalid["file"], invalid["code"], invalid["question_id"], invalid["cell"]) == (
        "a.xlsx",
        "08201",
        "Q6_1_med",
        "D55",
    )
    assert "「たぶん」は読み取れません" in invalid["message"]
    nab = next(f for f in findings if f["question_id"] == "Q5_role")
    assert nab["kind"] == "not_asked_but_answered"
    unreadable = next(f for f in findings if f["kind"] == "unreadable")
    assert unreadable["file"] == "broken.xlsx" and unreadable["message"].startswith("ファイルが壊れています")

    rates = read_csv(out / "response_rate.csv")
    assert rates[10] == {
        "survey": "municipal",
        "prefecture_code": "",
        "prefecture": "全体",
        "returned": "1",
        "targets": "450",
        "rate": "0.2",
    }

    err = capsys.readouterr().err
    assert "回収 1/450（0.2%）・都県 1/10" in err and "読込不可 1 件" in err


def test_tabulation_xlsx_layout(inbox, tmp_path):
    assert main(["export", str(inbox), "--out", str(tmp_path / "out"), "--formats", "none"]) == 0
    wb = openpyxl.load_workbook(tmp_path / "out" / "tabulation.xlsx")
    assert wb.sheetnames == ["単純集計_市区町村", "単純集計_都県"]
    ws = wb["単純集計_市区町村"]
    values = [[c.value for c in row] for row in ws.iter_rows(max_col=4)]
    assert values[0][0] == "回収状況（市区町村）"
    assert values[1] == ["都県名", "回答数", "対象数", "回答率"]
    title = next(i for i, row in enumerate(values) if str(row[0]).startswith("質問6-(1)"))
    assert values[title][0].endswith("【医療・介護・福祉分野を担当している部課室】（N=1）")
    assert values[title + 1][:3] == ["選択肢", "実数", "割合"]
    assert values[title + 2][:3] == ["連携している", 0, 0]
    assert values[title + 4][:3] == ["無回答", 1, 1]
    assert ws.cell(title + 5, 3).number_format == "0.0%"


def test_free_text_stays_text(inbox, tmp_path):
    # Q5_role is not asked here (no dedicated department), so use the prefectural free text instead.
    fill_form(inbox / "sub" / "p.xlsx", "prefectural", {"E135": '=HYPERLINK("http://x")'})
    assert main(["export", str(inbox), "--out", str(tmp_path / "out"), "--formats", "none"]) == 0
    wb = openpyxl.load_workbook(tmp_path / "out" / "free_text.xlsx")
    ws = wb["自由記述_都県"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["設問番号", "設問", "都県", "団体コード", "団体名", "回答"]
    texts = [r[5] for r in rows[1:]]
    assert '=HYPERLINK("http://x")' in texts
    cell = next(c for c in ws["F"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    assert "pref@example.invalid" not in texts  # the contact block is personal data


def test_refuses_to_overwrite_without_force(inbox, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", str(inbox), "--out", str(out), "--formats", "none"]) == 0
    before = (out / "findings.csv").read_bytes()
    assert main(["export", str(inbox), "--out", str(out), "--formats", "none"]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "findings.csv").read_bytes() == before
    assert main(["export", str(inbox), "--out", str(out), "--formats", "none", "--force"]) == 0


def test_usage_errors(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "見つかりません" in capsys.readouterr().err
    assert main(["export", "--out", str(tmp_path / "o")]) == 2
    assert main(["export", str(tmp_path), "--out", str(tmp_path / "o"), "--targets", "月面厚生局"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["export"])
    assert exc.value.code == 2
