"""The generated sentences: the report's own quoted numbers on the sample, and true numbers on any data."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from report_checks import check_paragraph

from renkei_desktop.figures import find_figure, report_set
from renkei_desktop.report import wording
from renkei_desktop.report.narrate import narrate
from renkei_desktop.report.narrative import Option, band_notes, lead_sentence, leading

DATA = Path(__file__).resolve().parents[1] / "data"
FACTS = json.loads((DATA / "published_crosstab_facts.json").read_text(encoding="utf-8"))["facts"]
# Statements of chapter 2 that the draft does not make (minor options the report singles out by judgement).
NOT_STATED = {
    "S1": "sample size, in the outline",
    "S2": "response rate, in the outline's 回収状況 table",
    "S3": "response rate, in the outline's 回収状況 table",
    "M13": "3.1% (首長が主導): the smallest option, named by the report for contrast",
    "X3": "6.3% (2.5万人未満 × 首長): 3.2 points above 全体, below the band threshold",
    "P4": "0.0% (知事が主導): the report's 'none'",
    "P1": "count only (9都県); the draft prints 90.0%",
    "P5": "count only (3都県); the draft prints 30.0%",
    "P7": "free-text derived (not in a tabulated figure)",
    "X9": "free-text derived (not in a tabulated figure)",
}


@pytest.fixture(scope="module")
def narratives(sample_data):
    specs = report_set(sample_data)
    return {s.number: narrate(s).text for s in specs if s.available}


def _quoted_facts():
    for fact in FACTS:
        if fact["id"] in NOT_STATED or fact.get("percent") is None:
            continue
        yield pytest.param(fact, id=f"{fact['id']}-{fact['figure']}-{fact['percent']}")


@pytest.mark.parametrize("fact", list(_quoted_facts()))
def test_report_numbers_reproduced(narratives, fact):
    """82.7 %, 73.0 % (図表6), 71.9 %, 48.0 % (図表8), 55.2 % (図表19), 49.2 % (図表20) … as the report quotes them."""
    number = int(fact["figure"].removeprefix("図表"))
    assert f"{fact['percent']:.1f}%" in narratives[number], (fact["id"], narratives[number])


def test_known_sentences(narratives):
    assert narratives[6] == (
        "「2.健康増進担当」や「6.障害者福祉担当」と回答した割合が高く、それぞれ82.7%、73.0%であった。"
    )
    assert "2.5万人未満では「8.防災担当」が88.7%と、全体（71.9%）を10ポイント以上上回る。" in narratives[9]
    assert "20万人以上では「2.貴部課室が主導している」が54.1%と、全体（38.8%）" in narratives[14]
    assert "最も多いのは「+2段階」で、69自治体（29.6%）" in narratives[21]
    assert "197自治体（84.5%）" in narratives[21] and "「0（現状維持）」は26自治体（11.2%）" in narratives[21]
    assert "現状が「1.誰が事業の担当者なのかわからない状態」では38.9%" in narratives[22]
    assert "20万人以上82.9%" in narratives[20]
    # the report's qualitative claims (published_crosstab_facts.json → qualitative_statements)
    assert (
        "人口規模にかかわらず、「1.事業担当者間での相談や調整を行っている」の割合が最も高い。"
        in narratives[12]
    )
    assert "人口規模にかかわらず、「2.貴部課室が主導している」の割合が最も高い。" in narratives[14]


def test_every_percent_is_tabulated(sample_data):
    specs = [s for s in report_set(sample_data) if s.available]
    problems = [p for s in specs for p in check_paragraph(s, narrate(s).text)]
    assert problems == []
    assert sum(narrate(s).text.count("%") for s in specs) > 150


def test_other_data_gets_its_own_numbers(sample_data):
    """Half the returns: different numbers, still every percent true, and not the sample's quotes."""
    half = dataclasses.replace(
        sample_data,
        respondents={k: v[::2] for k, v in sample_data.respondents.items()},
    )
    specs = [s for s in report_set(half) if s.available]
    problems = [p for s in specs for p in check_paragraph(s, narrate(s).text)]
    assert problems == []
    six = narrate(find_figure(specs, 6)).text
    assert "82.7%" not in six and "%" in six


def _opt(code: int, pct: float) -> Option:
    return Option(code, f"{code}.選択肢{code}", int(pct), pct)


def test_leading_window():
    assert [o.code for o in leading([_opt(1, 80.0), _opt(2, 70.0), _opt(3, 64.0)])] == [1, 2]
    assert [o.code for o in leading([_opt(1, 64.7), _opt(2, 60.0), _opt(3, 50.2), _opt(4, 46.4)])] == [
        1,
        2,
        3,
    ]
    assert [o.code for o in leading([_opt(1, 10.0), _opt(2, 0.0)])] == [1]
    assert lead_sentence([]) is None
    assert lead_sentence([_opt(1, 50.0)]) == "「1.選択肢1」と回答した割合が最も高く、50.0%であった。"


def test_band_threshold_is_the_heat_table_mark(sample_data):
    from renkei_desktop.charts.grouped import HIGHLIGHT_POINTS

    assert wording.BAND_GAP_POINTS == HIGHLIGHT_POINTS == 10.0
    ct = find_figure(report_set(sample_data), 9).sources[0]
    notes = band_notes(ct)
    assert notes and len(notes) <= wording.MAX_BAND_NOTES
    total = dict(zip([c for c, _ in ct.columns], ct.total.percents, strict=True))
    for g in ct.groups:
        for (code, label), p in zip(ct.columns, g.percents, strict=True):
            if (
                p is not None
                and p - total[code] >= 10.0
                and f"{g.label}では「{code}.{label}」" in " ".join(notes)
            ):
                assert f"{p:.1f}%" in " ".join(notes)
