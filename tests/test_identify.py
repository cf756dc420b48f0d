from __future__ import annotations

import pytest

from renkei_desktop.identify import Identifier
from renkei_desktop.targets import load_master, resolve_targets


@pytest.fixture(scope="module")
def identifier():
    return Identifier(load_master(), resolve_targets())


@pytest.mark.parametrize(
    ("pref", "name", "code"),
    [
        ("茨城県", "水戸市", "08201"),
        ("茨城", "水戸市", "08201"),  # prefecture without 県
        (None, "埼玉県川越市", "11201"),  # prefecture prefix in the name cell
        ("茨城県", "那珂郡東海村", "08341"),  # county prefix
        ("埼玉県", "鶴ケ島市", "11241"),  # master list spells 鶴ヶ島市
        ("千葉県", "鎌ヶ谷市", "12224"),  # master list spells 鎌ケ谷市
        ("東京都", " 千代田区 ", "13101"),
        ("東京都", "千代田\u3000区", "13101"),  # full-width space inside
        ("東京都", "府中市", "13206"),  # also in 広島県: Q1 decides
        (None, "府中市", "13206"),  # without Q1 the target list decides
        ("神奈川県", "横浜市", "14100"),
    ],
)
def test_identified_from_cells(identifier, pref, name, code):
    ident = identifier.identify("municipal", pref, name, "回答.xlsx")
    assert ident.body is not None and ident.body.code == code
    assert ident.in_targets and ident.via == "cells"


@pytest.mark.parametrize(
    ("file_name", "code"),
    [("08201_水戸市_調査票.xlsx", "08201"), ("082015.xlsx", "08201"), ("【つくば市】回答.xlsx", "08220")],
)
def test_identified_from_file_name(identifier, file_name, code):
    ident = identifier.identify("municipal", None, None, file_name)
    assert (ident.body.code, ident.via) == (code, "file_name")


def test_body_outside_targets_is_named(identifier):
    ident = identifier.identify("municipal", "大阪府", "大阪市", "x.xlsx")
    assert ident.body.code == "27100" and not ident.in_targets
    assert ident.message == "調査対象外の団体です（大阪府大阪市、関東信越厚生局の名簿にありません）"


def test_koriyama_is_not_a_county_prefix(identifier):
    assert identifier.identify("municipal", "福島県", "郡山市", "x.xlsx").body.code == "07203"


def test_unidentifiable(identifier):
    ident = identifier.identify("municipal", None, "架空市", "回答.xlsx")
    assert ident.body is None and "特定できません" in ident.message


def test_prefectural_identification(identifier):
    assert identifier.identify("prefectural", "東京都", None, "x.xlsx").body.code == "13"
    assert identifier.identify("prefectural", None, None, "都県_長野県.xlsx").body.code == "20"
    assert not identifier.identify("prefectural", "大阪府", None, "x.xlsx").in_targets


def test_every_municipality_of_japan_is_identified_from_its_own_name():
    """All 1,741: 「大阪府」+「大阪狭山市」 is 大阪狭山市, not 大阪 + 埼玉県狭山市; with the prefecture typed into the
    name cell too."""
    master = load_master()
    nationwide = Identifier(master, resolve_targets("all"))
    assert len(master.municipalities) == 1741
    assert [
        b.code for b in master.municipalities if nationwide.municipality(b.prefecture, b.name) is not b
    ] == []
    assert [
        b.code for b in master.municipalities if nationwide.municipality(None, b.full_name) is not b
    ] == []
    assert nationwide.municipality("大阪府", "大阪狭山市").code == "27231"
