"""The bundled sample, read through the real pipeline (files → reader → validation → tabulation → CLI),
reproduces every published number of 参考資料① / ③ and the cross-tab facts of chapter 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from renkei_desktop.cli import main
from renkei_desktop.crosstab import crosstab
from renkei_desktop.loader import load_dataset
from renkei_desktop.sample import ensure_sample
from renkei_desktop.tabulate import response_rates, table_for

DATA = Path(__file__).resolve().parent / "data"
PUBLISHED = json.loads((DATA / "published_tables.json").read_text(encoding="utf-8"))
FACTS = json.loads((DATA / "published_crosstab_facts.json").read_text(encoding="utf-8"))
# errata: printed values that the report's own numbers contradict (published_tables.json → errata)
ERRATA_PERCENT = {("municipal", "Q6_6_med_m1", 1): 9.2}  # E3: printed "9%", 19/207 = 9.2%


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    assert main(["export", "--sample", "--out", str(out), "--formats", "none", "--force"]) == 0
    with open(out / "simple_tabulation.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return out, {(r["survey"], r["question_id"], r["option_code"]): r for r in rows}


@pytest.fixture(scope="module")
def data():
    return load_dataset([ensure_sample()])


def _code(value) -> str:
    return str(value)


@pytest.mark.parametrize("table", PUBLISHED["tables"], ids=lambda t: f"{t['survey']}-{t['question_id']}")
def test_every_published_table(exported, table):
    _, rows = exported
    survey, qid = table["survey"], table["question_id"]
    for printed in table["rows"]:
        row = rows[(survey, qid, _code(printed["option_code"]))]
        assert int(row["count"]) == printed["count"], (qid, printed)
        assert int(row["base"]) == table["base"], qid
        if printed["percent"] is not None:
            expected = ERRATA_PERCENT.get((survey, qid, printed["option_code"]), printed["percent"])
            assert float(row["percent"]) == expected, (qid, printed)
    summary = table.get("summary_consistent")  # E1: printed min/max are swapped
    if summary:
        for key in ("min", "max", "mean", "median"):
            assert float(rows[(survey, qid, key)]["count"]) == summary[key]


def test_headline_numbers(exported):
    _, rows = exported
    assert rows[("municipal", "Q6_1_med", "1")]["count"] == "226"
    assert rows[("municipal", "Q6_1_med", "1")]["percent"] == "91.1"
    assert rows[("municipal", "Q6_3_med", "2")]["base"] == "226"
    assert rows[("prefectural", "Q2_2_3_4.leader", "3")]["percent"] == "66.7"
    assert rows[("prefectural", "Q4_4", "5")]["count"] == "3"


def test_response_rates(exported, data):
    out, _ = exported
    expected = [(r["prefecture"], r["returned"], r["targets"], r["rate"]) for r in PUBLISHED["response_rate"]]
    got = [(r.prefecture, r.returned, r.targets, r.rate) for r in response_rates(data, "municipal")]
    assert got == expected  # 茨城県 26/44 59.1% … 長野県 36/77 46.8%, 全体 248/450 55.1%
    with open(out / "response_status.csv", encoding="utf-8-sig", newline="") as handle:
        statuses = [r["status"] for r in csv.DictReader(handle)]
    assert statuses.count("returned") == 258 and statuses.count("missing") == 202
    assert len(statuses) == 460


def test_sample_reads_cleanly(data):
    assert {f.kind for f in data.findings} == {"unanswered"}
    assert data.summary()["needs_query"] == 0


def _fact(fact_id):
    return next(f for f in FACTS["facts"] if f["id"] == fact_id)


@pytest.mark.parametrize(
    ("fact_id", "item", "row_key", "group", "codes", "count", "base"),
    [
        ("X1", "Q6_3_oth", "population_band", 1, [8], 55, 62),
        ("X2", "Q6_7", "population_band", 4, [2], 20, 37),
        ("X3", "Q6_7", "population_band", 1, [1], 5, 80),
        ("X4", "Q8_1_current", "population_band", 4, [4, 5], 6, 41),
        ("X5", "Q8_1_current", "population_band", 1, [4, 5], 13, 88),
        ("X6", "Q8_1_target", "population_band", 4, [4, 5], 34, 41),
    ],
)
def test_crosstab_facts(data, fact_id, item, row_key, group, codes, count, base):
    fact = _fact(fact_id)
    ct = crosstab(data, "municipal", item, row_key)
    assert ct.share(group, codes) == (count, base)
    assert round(100 * count / base + 1e-9, 1) == fact["percent"]


def test_stage_difference_facts(data):
    diff = table_for(data, "municipal", "stage_difference")
    assert diff.base == 233
    assert (diff.row(0).count, diff.row(0).percent) == (26, 11.2)  # D3
    assert (diff.row(2).count, diff.row(2).percent) == (69, 29.6)  # D1
    assert sum(diff.row(d).count for d in (1, 2, 3)) == 197  # D2: 84.5%
    current_target = crosstab(
        data,
        "municipal",
        "Q8_1_target",
        "item:Q8_1_current",
        row_codes=[1, 2, 3, 4, 5],
        column_codes=[1, 2, 3, 4, 5],
    )
    assert current_target.total.base == 233
    assert current_target.share(1, [4, 5]) == (7, 18)  # X7: 38.9%
    assert current_target.share(2, [4, 5]) == (98, 135)  # X8: 72.6%


def test_prefectural_support_matches_monitoring(data):
    # X9: the 3 prefectures giving support (質問4-(1) other than 特になし) are those with Q3_1 == 1
    support = {
        r.code for r in data.of("prefectural") if r.texts.get("Q4_1_2.support", "特になし") != "特になし"
    }
    monitoring = {r.code for r in data.of("prefectural") if r.values.get("Q3_1") == 1}
    assert len(support) == 3 and support == monitoring
