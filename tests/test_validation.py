"""Item statuses and findings, through real workbooks and the loader."""

from __future__ import annotations

from forms import fill_form

from renkei_desktop.loader import load_dataset
from renkei_desktop.validation import ItemStatus


def load_one(tmp_path, survey="municipal", **kw):
    fill_form(tmp_path / "in" / "r.xlsx", survey, **kw)
    data = load_dataset([tmp_path / "in"])
    (resp,) = data.of(survey)
    return resp, [f for f in data.findings if f.question_id], data


def test_complete_answer_has_no_findings(tmp_path):
    resp, findings, data = load_one(tmp_path, cells={})
    assert findings == []
    assert resp.statuses["Q6_2_med"] == ItemStatus.ANSWERED
    assert resp.statuses["Q6_6_med_m2"] == ItemStatus.NOT_ASKED  # Q6_5_med lacks 2
    assert resp.values["Q6_5_med"] == frozenset({1}) and resp.values["Q6_6_med_m1"] == 7
    assert data.summary()["needs_query"] == 0


def test_skip_when_not_cooperating(tmp_path):
    # Q6_1_oth = 連携していない: the oth column of Q6(2)-(6) is not asked; answers there are excluded.
    resp, findings, _ = load_one(tmp_path, cells={"G55": "連携していない"})
    assert resp.statuses["Q6_2_oth"] == ItemStatus.NOT_ASKED_BUT_ANSWERED
    assert resp.values["Q6_2_oth"] is None
    assert resp.statuses["Q6_6_oth_m1"] == ItemStatus.NOT_ASKED_BUT_ANSWERED
    kinds = {(f.question_id, f.kind, f.cell) for f in findings}
    assert ("Q6_2_oth", "not_asked_but_answered", "G61") in kinds
    msg = next(f.message for f in findings if f.question_id == "Q6_2_oth")
    assert msg.startswith(
        "質問6-(2): この設問は質問6-(1)（それ以外の分野）で『連携している』を選んだ場合に回答します"
    )


def test_excluded_answer_never_opens_a_later_item(tmp_path):
    # Q6_5_oth is not asked (Q6_1_oth = 2) but marked: the frequency Q6_6_oth_m1 must not become asked.
    resp, _, _ = load_one(tmp_path, cells={"G55": "連携していない"})
    assert resp.values["Q6_5_oth"] is None
    assert resp.statuses["Q6_6_oth_m1"] == ItemStatus.NOT_ASKED_BUT_ANSWERED


def test_invalid_single_counts_as_no_answer(tmp_path):
    resp, findings, _ = load_one(tmp_path, cells={"D55": "たぶん"})
    assert resp.statuses["Q6_1_med"] == ItemStatus.INVALID and resp.values["Q6_1_med"] is None
    f = next(f for f in findings if f.kind == "invalid_value")
    assert (f.question_id, f.cell, f.raw) == ("Q6_1_med", "D55", "たぶん")
    assert f.message == "質問6-(1): 「たぶん」は読み取れません（選択肢にない値です）。無回答として扱います"
    # invalid answer: the med follow-ups are not asked, and their ○ are flagged
    assert resp.statuses["Q6_2_med"] == ItemStatus.NOT_ASKED_BUT_ANSWERED


def test_invalid_mark_keeps_valid_marks(tmp_path):
    resp, findings, _ = load_one(tmp_path, cells={"D62": "はい"})
    assert resp.values["Q6_2_med"] == frozenset({1, 3})
    assert resp.statuses["Q6_2_med"] == ItemStatus.INVALID
    assert [(f.cell, f.raw) for f in findings if f.kind == "invalid_value"] == [("D62", "はい")]


def test_exclusive_conflict_is_counted(tmp_path):
    resp, findings, _ = load_one(tmp_path, cells={"D160": "○"})  # 連携したい事業や取組はない + 1
    assert resp.statuses["Q7_1_med"] == ItemStatus.EXCLUSIVE_CONFLICT
    assert resp.values["Q7_1_med"] == frozenset({1, 14})
    f = next(f for f in findings if f.kind == "exclusive_conflict")
    assert (f.question_id, f.cell) == ("Q7_1_med", "D160")
    # 14 marked: Q7_2_med (asked if lacks 14) is not asked any more, its ○ are flagged
    assert resp.statuses["Q7_2_med"] == ItemStatus.NOT_ASKED_BUT_ANSWERED


def test_unanswered_items_and_required_contact(tmp_path):
    resp, findings, _ = load_one(tmp_path, cells={}, drop=["E44", "F242", "D95"])
    kinds = {(f.question_id, f.kind) for f in findings}
    assert ("Q5_dept", "unanswered") in kinds
    assert ("C_person1", "unanswered") in kinds
    assert ("Q6_4_med", "unanswered") in kinds
    assert ("C_person2", "unanswered") not in kinds  # optional
    assert ("Q8_2", "unanswered") not in kinds  # free text is optional
    assert resp.statuses["Q5_dept"] == ItemStatus.UNANSWERED


def test_invalid_number_finding(tmp_path):
    resp, findings, _ = load_one(tmp_path, cells={"E23": "約27万人", "E24": "120"})
    bad = {(f.question_id, f.raw): f.message for f in findings if f.kind == "invalid_value"}
    assert bad[("Q3_population", "約27万人")].endswith("（数値ではありません）。無回答として扱います")
    assert "100 を超える値です" in bad[("Q3_aging_rate", "120")]
    assert resp.values["Q3_population"] is None


def test_shifted_finding_cells_point_at_the_users_cells(tmp_path):
    fill_form(tmp_path / "in" / "s.xlsx", "municipal", {"D55": "たぶん"}, insert_rows=2)
    data = load_dataset([tmp_path / "in"])
    kinds = {(f.kind, f.cell) for f in data.findings}
    assert ("layout_shifted", None) in kinds
    assert ("invalid_value", "D57") in kinds


def test_prefectural_table_and_rank(tmp_path):
    cells = {
        "D20": "連携している",
        "D34": "地域医療構想",
        "E34": "医療政策課",
        "F34": "3. 貴部課室以外が主導している",
        "D35": "認知症施策",
        "E35": "健康長寿課",
        "F35": "3. 貴部課室以外が主導している",
        "D36": "介護人材",
        "F36": "2. 貴部課室が主導している",
        "C43": "○",
        "F126": "5. 旗振り役が不在である",
        "C116": "○",
    }
    resp, findings, _ = load_one(tmp_path, "prefectural", cells=cells)
    assert resp.values["Q2_2_3_4.leader"] == frozenset({2, 3})
    assert resp.values["Q4_4"] == (1, 5)
    assert resp.statuses["Q2_2_3_4"] == ItemStatus.ANSWERED
    assert resp.texts["Q2_2_3_4.activity"] == "地域医療構想\n認知症施策\n介護人材"
    assert [f for f in findings if f.kind != "unanswered"] == []
