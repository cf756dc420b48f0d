"""Shared test set-up: offscreen Qt, a private user-data folder, and form-filling helpers."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_user_data(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Settings, logs and caches of the app under test go to a temporary folder (unless CI shares one)."""
    if "RENKEI_DATA_DIR" not in os.environ:
        os.environ["RENKEI_DATA_DIR"] = str(tmp_path_factory.mktemp("userdata"))


@pytest.fixture(scope="session")
def messy(tmp_path_factory):
    """A folder as staff really have it: typed variants, LibreOffice files, .xls, a shifted layout,
    a duplicate, encrypted, corrupt, wrong form, a non-target body and an Excel lock file."""
    from forms import T0, fill_form, libreoffice_convert, write_xls_with_xlwt

    root = tmp_path_factory.mktemp("messy")
    inbox = root / "回収"
    fill_form(inbox / "08201_水戸市.xlsx", "municipal", {"E23": "２７０,６８５人"}, mtime=T0)
    # a resubmission of 水戸市 (newer) with 連携していない for oth: the newer file counts
    fill_form(
        inbox / "再提出" / "水戸市_修正版.xlsx",
        "municipal",
        {"G55": "連携していない"},
        mtime=T0 + 3600,
        drop=["G61", "G87", "G96", "G111", "I111", "G153", "G174", "G216"],
    )
    fill_form(
        inbox / "日立市.xlsx",
        "municipal",
        {"E12": "茨城", "E17": "日立市", "E24": 0.341, "F111": "随時", "E30": "１２"},
        number_formats={"E24": "0.0%"},
        mtime=T0,
    )
    fill_form(
        inbox / "shifted.xlsx", "municipal", {"E12": "埼玉県", "E17": "川越市"}, insert_rows=2, mtime=T0
    )
    fill_form(inbox / "osaka.xlsx", "municipal", {"E12": "大阪府", "E17": "大阪市"}, mtime=T0)
    fill_form(inbox / "都県_東京都.xlsx", "prefectural", {}, mtime=T0)
    src = fill_form(root / "src" / "tsukuba.xlsx", "municipal", {"E12": "茨城県", "E17": "つくば市"})
    shutil.copy(libreoffice_convert(src, "xls", root / "lo"), inbox / "つくば市.xls")
    write_xls_with_xlwt(inbox / "legacy_長野県.xls", "prefectural", {"D12": "長野県"})
    good = (inbox / "日立市.xlsx").read_bytes()
    (inbox / "壊れた.xlsx").write_bytes(good[:2000])
    (inbox / "~$日立市.xlsx").write_bytes(b"owner lock")
    (inbox / "メモ.txt").write_text("督促済み", encoding="utf-8")
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "別の調査"
    wb.save(inbox / "別調査.xlsx")
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(inbox / "日立市.xlsx", "rb") as plain, open(inbox / "パスワード付き.xlsx", "wb") as locked:
        OOXMLFile(plain).encrypt("pw", locked)
    return inbox


@pytest.fixture(autouse=True)
def _no_leftover_work():
    """A test must not leave work running behind it (QThreadPool jobs, Python threads it started)."""
    from hygiene import leftover_work, running_threads

    before = running_threads()
    yield
    problems = leftover_work(before)
    if problems:
        pytest.fail("the test left work running: " + "; ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def four_municipalities(tmp_path_factory):
    """Four 茨城県 answers with known bases (test_tabulate, test_crosstab): A 水戸市 complete;
    B 日立市 Q6_2_med blank, Q6_5_med 1+2 with only m2's frequency; C 土浦市 med 連携していない;
    D 大子町 Q6_1 both blank, care rate and Q8 blank."""
    from forms import fill_form

    from renkei_desktop.loader import load_dataset

    oth_follow_ups = ["G61", "G87", "G96", "G111", "I111"]
    med_follow_ups = ["D61", "D63", "D80", "D95", "D111", "F111"]
    root = tmp_path_factory.mktemp("tab")
    # A 水戸市 (pop 270,685 → band 4): complete answer.
    fill_form(root / "a.xlsx", "municipal", {})
    # B 日立市 (band 3): Q6_2_med left blank, Q6_5_med 1+2 with only m2's frequency.
    fill_form(
        root / "b.xlsx",
        "municipal",
        {
            "E17": "日立市",
            "E23": 174_508,
            "D112": "○",
            "F112": "3. 月に1回程度",
            "E198": "4. 組織的協調が進んでいる状態",
            "G198": "6. わからない",
        },
        drop=["D61", "D63", "F111"],
    )
    # C 土浦市 (band 3): med = 連携していない, so the med follow-ups are not asked.
    fill_form(
        root / "c.xlsx",
        "municipal",
        {
            "E17": "土浦市",
            "E23": 140_000,
            "D55": "連携していない",
            "E198": "1. 誰が事業の担当者なのかわからない状態",
            "G198": "3. 事業担当者間の相互理解が深まっている状態",
        },
        drop=med_follow_ups,
    )
    # D 大子町 (band 1): Q6_1 both blank, care rate blank, Q8 blank.
    fill_form(
        root / "d.xlsx",
        "municipal",
        {"E17": "大子町", "E23": 16_500, "E24": 45.2, "E30": 1},
        drop=["D55", "G55", "E25", "E130", "E198", "G198", *med_follow_ups, *oth_follow_ups],
    )
    return load_dataset([root])
