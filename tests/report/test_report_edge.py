"""The report on data far from the sample: no returns at all, and a single municipality."""

from __future__ import annotations

import dataclasses

from docx import Document
from pptx import Presentation
from report_checks import check_paragraph

from renkei_desktop.figures import report_set
from renkei_desktop.report import write_report
from renkei_desktop.report.narrate import narrate


def test_no_returns(sample_data, tmp_path):
    empty = dataclasses.replace(sample_data, respondents={k: [] for k in sample_data.respondents})
    result = write_report(empty, tmp_path, workers=1)
    assert (
        result.figures == 1 and len(result.skipped) == 31
    )  # only 図表18 (the stage diagram) needs no answers
    doc = Document(str(tmp_path / "report.docx"))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == ["図表3 庁内連携の段階"]  # numbered in order from 3
    rates = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rates[-1] == ["全体", "450", "0", "0.0"]
    appendix = [t for t in doc.tables if t.rows[0].cells[0].text == "選択肢"]
    assert appendix and all(row.cells[2].text == "－" for t in appendix for row in t.rows[1:])
    assert len(Presentation(str(tmp_path / "figures.pptx")).slides) == 1


def test_one_municipality(sample_data, tmp_path):
    one = dataclasses.replace(
        sample_data, respondents={"municipal": sample_data.respondents["municipal"][:1], "prefectural": []}
    )
    specs = [s for s in report_set(one) if s.available]
    assert [p for s in specs for p in check_paragraph(s, narrate(s).text)] == []
    result = write_report(one, tmp_path, workers=1)
    assert result.figures == len(specs) and not result.cancelled
