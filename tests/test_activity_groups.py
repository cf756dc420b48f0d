"""図表27's grouping of the prefectures' 事業・取組 (editable mapping with a default)."""

from __future__ import annotations

import json

from renkei_desktop.activity_groups import GROUPS, Grouping, grouped_rows, load_grouping

# The answers printed in the report's 図表27 and the group they are listed under.
REPORT_LIST = {
    "在宅医療・介護連携事業": "事業",
    "訪問看護支援事業": "事業",
    "高齢者の保健事業と介護予防事業との一体的実施": "事業",
    "認知症施策": "取組",
    "介護・福祉人材の確保・定着支援": "取組",
    "居住支援": "取組",
    "KDB・NDBデータの分析": "取組",
    "保健福祉計画の策定・推進": "計画策定",
    "介護保険事業計画策定": "計画策定",
    "医療計画会議": "計画策定",
    "県内市町村における地域包括ケアシステムの推進に関する取組の実施状況調査": "市区町村支援",
    "保険者機能交付金の調査": "市区町村支援",
}


def test_default_groups_the_report_list_as_printed():
    grouping = Grouping()
    assert {a: grouping.group_of(a) for a in REPORT_LIST} == REPORT_LIST


def test_rows_are_grouped_in_order_with_the_group_named_once():
    rows = grouped_rows(
        [("居住支援", 1), ("医療計画会議", 2), ("訪問看護支援事業", 1), ("認知症施策", 3)], Grouping()
    )
    assert rows == [
        ("事業", "訪問看護支援事業"),
        ("取組", "認知症施策"),
        ("", "居住支援"),
        ("計画策定", "医療計画会議"),
    ]
    assert GROUPS == ("事業", "取組", "計画策定", "市区町村支援")


def test_user_file_overrides(tmp_path):
    (tmp_path / "activity_groups.json").write_text(
        json.dumps({"mapping": {"居住支援": "市区町村支援"}}, ensure_ascii=False), encoding="utf-8"
    )
    grouping = load_grouping(tmp_path)
    assert grouping.group_of("居住支援") == "市区町村支援"
    assert grouping.group_of("介護保険事業計画策定") == "計画策定"  # the default rules still apply
    (tmp_path / "activity_groups.json").write_text("{not json", encoding="utf-8")
    assert load_grouping(tmp_path) == Grouping()
    assert load_grouping(tmp_path / "missing") == Grouping()
