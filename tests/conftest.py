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
