"""The status tab's tables, prepared without Qt (in the load worker) from the real sample."""

from __future__ import annotations

import pytest

from renkei_desktop.gui.status_views import prepare_status_views, row_status_label
from renkei_desktop.loader import load_dataset
from renkei_desktop.sample import ensure_sample


@pytest.fixture(scope="module")
def views():
    return prepare_status_views(load_dataset([ensure_sample()]))


def test_grids_hold_every_target_with_precomputed_statuses(views):
    municipal = views.grids["municipal"]
    assert len(municipal.rows) == len(municipal.statuses) == 450
    assert len(municipal.questions) == 59 and {len(s) for s in municipal.statuses} == {59}
    assert sum(r.row_status == "returned" for r in municipal.rows) == 248
    missing = next(i for i, r in enumerate(municipal.rows) if r.respondent is None)
    assert set(municipal.statuses[missing]) == {None} and row_status_label("missing") == "未提出"
    answered = next(i for i, r in enumerate(municipal.rows) if r.respondent is not None)
    row = municipal.rows[answered]
    assert municipal.statuses[answered] == [row.respondent.statuses.get(q.id) for q in municipal.questions]
    assert len(views.grids["prefectural"].rows) == 10


def test_rates_and_problems(views):
    rates = views.rates["municipal"]
    assert rates.iloc[0].tolist() == ["茨城県", 26, 44, 59.1]
    assert rates.iloc[-1].tolist() == ["全体", 248, 450, 55.1]
    assert views.rates["prefectural"].iloc[-1].tolist()[1:] == [10, 10, 100.0]
    assert views.problems.empty and list(views.problems.columns) == ["種別", "ファイル", "団体", "理由"]
