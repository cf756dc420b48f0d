"""A folder as staff really have it: typed variants, LibreOffice files, .xls, shifted layouts,
duplicates, encrypted, corrupt, wrong form, non-target bodies and Excel lock files."""

from __future__ import annotations

import shutil

import pytest
from forms import T0, digest_tree, fill_form

from renkei_desktop.loader import ReadCache, load_dataset
from renkei_desktop.progress import CancelToken
from renkei_desktop.tabulate import response_rates, table_for


def test_every_status_is_right(messy):
    before = digest_tree(messy)
    data = load_dataset([messy])
    assert digest_tree(messy) == before  # inputs byte-identical afterwards
    returned = {r.code: r.file for r in data.status_rows if r.status == "returned"}
    assert returned == {
        "08201": "再提出/水戸市_修正版.xlsx",
        "08202": "日立市.xlsx",
        "08220": "つくば市.xls",
        "11201": "shifted.xlsx",
        "13": "都県_東京都.xlsx",
        "20": "legacy_長野県.xls",
    }
    problems = {r.file: r.status for r in data.status_rows if r.status not in ("returned", "missing")}
    assert problems == {
        "08201_水戸市.xlsx": "duplicate",
        "osaka.xlsx": "unmatched",
        "壊れた.xlsx": "unreadable",
        "パスワード付き.xlsx": "unreadable",
        "別調査.xlsx": "wrong_form",
    }
    assert sum(1 for r in data.status_rows if r.status == "missing") == 450 - 4 + 10 - 2
    s = data.summary()
    assert (s["municipal_returned"], s["prefectural_returned"], s["unreadable"]) == (4, 2, 2)


def test_findings_name_file_and_reason(messy):
    data = load_dataset([messy])
    by_file = {}
    for f in data.findings:
        by_file.setdefault(f.file, []).append(f)
    assert by_file["パスワード付き.xlsx"][0].message.startswith("パスワードが必要です")
    assert by_file["osaka.xlsx"][0].kind == "unmatched"
    dup = by_file["08201_水戸市.xlsx"][0]
    assert dup.kind == "duplicate" and "再提出/水戸市_修正版.xlsx" in dup.message
    assert [f.kind for f in by_file["shifted.xlsx"]] == ["layout_shifted"]


def test_typed_variants_are_normalised(messy):
    data = load_dataset([messy])
    values = {r.code: r.values for r in data.of("municipal")}
    assert values["08202"]["Q3_aging_rate"] == pytest.approx(34.1)  # 0.341 in a % cell
    assert values["08202"]["Q4_areas"] == 12  # full-width digits
    assert values["08202"]["Q6_6_med_m1"] == 7  # 随時 without its number
    assert values["08201"]["Q6_1_oth"] == 2  # the newer file's answer
    rates = {r.prefecture: (r.returned, r.targets, r.rate) for r in response_rates(data, "municipal")}
    assert rates["茨城県"] == (3, 44, 6.8) and rates["全体"] == (4, 450, 0.9)
    q6 = table_for(data, "municipal", "Q6_2_oth")
    assert q6.base == 3  # 水戸市 no longer cooperates with oth


def test_cache_rereads_only_changed_files(messy, tmp_path, monkeypatch):
    import renkei_desktop.loader as loader_module

    reads = []
    real = loader_module.read_source
    monkeypatch.setattr(
        loader_module, "read_source", lambda s, *a: reads.append(s.display.rsplit("/", 1)[-1]) or real(s, *a)
    )
    work = tmp_path / "copy"
    shutil.copytree(messy, work)
    cache = ReadCache()
    first = load_dataset([work], cache=cache)
    assert len(cache) == 9  # unreadable files are not cached
    assert len(reads) == 11
    reads.clear()
    second = load_dataset([work], cache=cache)
    assert [r.status for r in second.status_rows] == [r.status for r in first.status_rows]
    assert sorted(reads) == ["パスワード付き.xlsx", "壊れた.xlsx"]  # only the unreadable ones again
    reads.clear()
    fill_form(
        work / "日立市.xlsx",
        "municipal",
        {"E12": "茨城", "E17": "日立市", "E44": "連携を推進する専門の部課室がある"},
        mtime=T0 + 10,
    )
    third = load_dataset([work], cache=cache)
    assert sorted(reads) == ["パスワード付き.xlsx", "壊れた.xlsx", "日立市.xlsx"]
    hitachi = next(r for r in third.of("municipal") if r.code == "08202")
    assert hitachi.values["Q5_dept"] == 1


def test_cancel_stops_reading(messy):
    token = CancelToken()
    seen = []

    def progress(done, total, name):
        seen.append(done)
        if done == 2:
            token.cancel()

    data = load_dataset([messy], progress=progress, cancel=token)
    assert data.cancelled
    assert max(seen) == 2
    assert sum(1 for r in data.status_rows if r.status != "missing") <= 3


def test_equal_multi_answers_share_one_set():
    """Equal multi-answer values are one object (fewer objects for the cycle collector to walk)."""
    from renkei_desktop.sample import ensure_sample

    data = load_dataset([ensure_sample()])
    by_value: dict[frozenset, list[int]] = {}
    for r in data.of("municipal"):
        for value in r.values.values():
            if isinstance(value, frozenset) and value:
                by_value.setdefault(value, []).append(id(value))
    assert sum(len(ids) for ids in by_value.values()) > 1000
    assert all(len(set(ids)) == 1 for ids in by_value.values())
