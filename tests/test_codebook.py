from __future__ import annotations

import copy
import json

import pytest

from renkei_desktop.codebook import CodebookError, codebook_from_dict, load_codebook
from renkei_desktop.paths import resource_path


def test_municipal_codebook_loads_every_item():
    cb = load_codebook("municipal")
    assert len(cb.questions) == 59
    assert cb.sheet == "調査票"
    q = cb.question("Q6_6_med_m3")
    assert q.type == "single" and q.cell == "F113" and q.base == "asked" and q.report_n == 109
    assert str(q.asked_if.any_of[0][0]) == "Q6_5_med has 3"
    assert q.option(6).display_label == "一年に1回程度"  # report_label wins over the form wording
    assert q.option(6).value == "6. 1年に一回程度"
    q7 = cb.question("Q7_1_med")
    assert [o.code for o in q7.options if o.exclusive] == [14]
    assert q7.option(13).text_cell == "E159"
    assert len(cb.anchors()) == 32


def test_prefectural_table_and_rank():
    cb = load_codebook("prefectural")
    table = cb.question("Q2_2_3_4")
    assert [c.key for c in table.columns] == ["activity", "departments", "leader", "leader_other"]
    assert table.rows[0] == {"activity": "D34", "departments": "E34", "leader": "F34", "leader_other": "G34"}
    assert table.row_filled_if == "activity answered"
    rank = cb.question("Q4_4")
    assert [(c.rank, c.cell) for c in rank.rank_cells] == [(1, "F125"), (2, "F126")]
    assert rank.asked_if.text == "Q4_3 answered"


def _raw(survey):
    return json.loads(resource_path("forms", f"{survey}_codebook.json").read_text(encoding="utf-8"))


def test_unknown_id_in_asked_if_is_rejected():
    data = copy.deepcopy(_raw("municipal"))
    data["questions"][9]["asked_if"] = "Q6_1_xxx == 1"
    with pytest.raises(CodebookError, match="unknown item 'Q6_1_xxx'"):
        codebook_from_dict(data, "municipal")


def test_operator_must_fit_item_type():
    data = copy.deepcopy(_raw("municipal"))
    data["questions"][9]["asked_if"] = "Q6_1_med has 1"  # 'has' on a single-answer item
    with pytest.raises(CodebookError, match="does not apply"):
        codebook_from_dict(data, "municipal")


def test_unknown_type_is_rejected():
    data = copy.deepcopy(_raw("prefectural"))
    data["questions"][0]["type"] = "slider"
    with pytest.raises(CodebookError, match="unknown type 'slider'"):
        codebook_from_dict(data, "prefectural")


def test_short_labels_for_grids_come_from_the_codebook():
    cb = load_codebook("municipal")
    assert cb.question("Q6_2_med").short_label == "6-(2)\n医"
    assert cb.question("Q6_6_oth_m3").short_label == "6-(6)\n他3"
    assert cb.question("Q8_1_current").short_label == "8-(1)\n現在"
    assert cb.question("C_mail").short_label == "連絡先\nメール"
    assert cb.question("Q5_role").short_label == "5\n記述"
    labels = [q.short_label for q in cb.questions]
    assert len(labels) == 59 and labels[:5] == ["1", "2", "3-(1)", "3-(2)", "3-(3)"]
