"""The plan: determinism, identity of the respondents, and cell values that decode back to the clean
answers under the reader's normalisation rules (NFKC, no whitespace, no leading option number,
lenient numbers), including the deliberate human variants."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from renkei_desktop.sample import FormattedValue, SampleRespondent, build_plan
from renkei_desktop.sample._codebook import questions

CIRCLE = "\u25cb"


def norm(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"^\s*\d+\s*\.\s*|^\s*\d+\s+", "", text)
    return re.sub(r"\s+", "", text)


def parse_number(value: object, rate: bool) -> float:
    if isinstance(value, FormattedValue):
        value = value.value
    if isinstance(value, int | float):
        number = float(value)
        return number * 100 if rate and 0 < number < 1 else number
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+", "", text).replace(",", "").removesuffix("人").removesuffix("%")
    return float(text)


def decode_single(q: dict[str, Any], value: object) -> int:
    matches = {o["code"] for o in q["options"] if norm(value) in (norm(o["value"]), norm(o["label"]))}
    assert len(matches) == 1, f"{q['id']}: {value!r} -> {matches}"
    return matches.pop()


def decode(survey: str, cells: dict[str, Any]) -> dict[str, object]:
    """Clean answers read back from ``cells`` (independent of the generator's code)."""
    out: dict[str, object] = {}
    for qid, q in questions(survey).items():
        kind = q["type"]
        if kind in ("single", "prefecture"):
            if q["cell"] in cells:
                out[qid] = decode_single(q, cells[q["cell"]])
        elif kind == "multi":
            codes = tuple(o["code"] for o in q["options"] if cells.get(o["cell"]) == CIRCLE)
            if codes:
                out[qid] = codes
        elif kind == "rank":
            codes = tuple(decode_single(q, cells[c["cell"]]) for c in q["cells"] if c["cell"] in cells)
            if codes:
                out[qid] = codes
        elif kind == "table":
            rows = []
            for spec in q["rows"]:
                row = {}
                for col in q["columns"]:
                    cell = spec["cells"].get(col["key"])
                    if cell in cells:
                        row[col["key"]] = (
                            decode_single(col, cells[cell]) if col["type"] == "single" else cells[cell]
                        )
                if row:
                    rows.append(row)
            if rows:
                out[qid] = rows
        elif kind in ("integer", "decimal") and q["cell"] in cells:
            number = parse_number(cells[q["cell"]], rate=kind == "decimal")
            out[qid] = round(number, 1) if kind == "decimal" else int(number)
        elif q.get("cell") in cells:
            out[qid] = cells[q["cell"]]
        for opt in q.get("options") or []:
            if "text_cell" in opt and opt["text_cell"] in cells:
                out[f"{qid}.other"] = cells[opt["text_cell"]]
    return out


def same_municipality(written: object, r: SampleRespondent, county: str) -> bool:
    def fold(text: str) -> str:
        return norm(text).replace("ヶ", "ケ")

    return fold(str(written)) in {fold(r.name), fold(r.prefecture + r.name), fold(county + r.name)}


def test_plan_is_deterministic(plan: list[SampleRespondent]) -> None:
    again = build_plan()
    assert again == plan
    assert [r.cells for r in again] == [r.cells for r in plan]


def test_respondents(plan: list[SampleRespondent], municipal: list[SampleRespondent]) -> None:
    assert len(plan) == 258 and len(municipal) == 248
    assert [r.survey for r in plan] == ["municipal"] * 248 + ["prefectural"] * 10
    assert len({r.code for r in municipal}) == 248
    assert all(re.fullmatch(r"\d{5}", r.code) for r in municipal)
    mito = next(r for r in municipal if r.code == "08201")
    assert (mito.name, mito.prefecture, mito.file_name) == ("水戸市", "茨城県", "08201_水戸市_調査票.xlsx")
    assert plan[248].file_name == "都県_08_茨城県_調査票.xlsx"
    kinds = Counter(r.name[-1] for r in municipal)
    assert kinds["村"] > 0 and kinds["区"] > 0


def test_cells_decode_to_the_answers(plan: list[SampleRespondent], county_of: dict[str, str]) -> None:
    for r in plan:
        got = decode(r.survey, r.cells)
        want = dict(r.answers)
        if r.survey == "municipal":
            assert same_municipality(got.pop("Q2_municipality"), r, county_of[r.code]), r.cells["E17"]
            want.pop("Q2_municipality")
        assert got == want, r.file_name


def test_variants_are_present(municipal: list[SampleRespondent]) -> None:
    q = questions("municipal")
    names = [str(r.cells[q["Q2_municipality"]["cell"]]) for r in municipal]
    assert "埼玉県川越市" in names and "那珂郡東海村" in names
    assert any(" " in n for n in names) and any("\u3000" in n for n in names)
    assert {"龍ヶ崎市", "茅ケ崎市", "駒ケ根市"} <= set(names)
    exact = sum(n == r.name for n, r in zip(names, municipal, strict=True))
    assert exact >= 235
    pops = [r.cells[q["Q3_population"]["cell"]] for r in municipal]
    assert any(isinstance(p, str) and p.endswith("人") and "," in p for p in pops)
    assert any(isinstance(p, str) and re.fullmatch(r"[０-９]+", p) for p in pops)
    rates = [r.cells[q["Q3_aging_rate"]["cell"]] for r in municipal]
    fractions = [v for v in rates if isinstance(v, FormattedValue)]
    assert len(fractions) == 2 and all(0 < v.value < 1 and v.number_format == "0.0%" for v in fractions)
    labels = [r.cells.get(q["Q6_6_med_m1"]["cell"]) for r in municipal]
    assert any(isinstance(v, str) and not v[0].isdigit() for v in labels)
    texts = [v for r in municipal for v in r.cells.values() if isinstance(v, str)]
    assert "=連携会議を毎月開催" in texts


def test_sample_labels(plan: list[SampleRespondent]) -> None:
    for r in plan:
        a = r.answers
        assert a["C_dept"].startswith("（サンプル）")
        assert (a["C_person1"], a["C_tel"], a["C_mail"]) == (
            "サンプル 太郎",
            "000-0000-0000",
            "sample@example.invalid",
        )
        for key, value in a.items():
            q = questions(r.survey)[key.split(".")[0]]
            if (q["type"] == "text" and not key.startswith("C_")) or key.endswith(".other"):
                assert value.startswith("（サンプル）") or value == "=連携会議を毎月開催", (key, value)
    municipal_texts = Counter(
        k
        for r in plan
        if r.survey == "municipal"
        for k in r.answers
        if k in ("Q5_role", "Q6_8", "Q8_2", "Q9_2") or k.startswith("Q9_3_")
    )
    assert all(municipal_texts[k] > 0 for k in ("Q5_role", "Q6_8", "Q8_2", "Q9_2", "Q9_3_med_pref"))
