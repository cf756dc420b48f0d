"""Writing the sample: files, cells, form structure, determinism, and the cached copy."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from renkei_desktop.paths import resource_path
from renkei_desktop.sample import FormattedValue, SampleRespondent, ensure_sample, generate_sample
from renkei_desktop.sample import writer as sample_writer

JST = timezone(timedelta(hours=9))


def _form(survey: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(resource_path("forms", f"{survey}_form.xlsx"))


def _filled(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, object]:
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_all_files_exist(sample_dir: Path, plan: list[SampleRespondent]) -> None:
    files = sorted(p.relative_to(sample_dir).as_posix() for p in sample_dir.rglob("*.xlsx"))
    assert len(files) == 258
    assert len(list((sample_dir / "市区町村").glob("*.xlsx"))) == 248
    assert len(list((sample_dir / "都県").glob("*.xlsx"))) == 10
    assert "市区町村/08201_水戸市_調査票.xlsx" in files
    assert "都県/都県_08_茨城県_調査票.xlsx" in files
    assert files == sorted(f"{r.folder}/{r.file_name}" for r in plan)


def test_known_municipality(sample_dir: Path, plan: list[SampleRespondent]) -> None:
    mito = next(r for r in plan if r.code == "08201")
    wb = openpyxl.load_workbook(sample_dir / "市区町村" / mito.file_name)
    ws = wb["調査票"]
    assert ws["E12"].value == "茨城県"
    assert ws["E17"].value == "水戸市"
    assert ws["E23"].value == mito.answers["Q3_population"]
    assert ws["D55"].value == ("連携している" if mito.answers.get("Q6_1_med") == 1 else ws["D55"].value)
    first = mito.answers["Q7_1_med"][0]
    assert ws[f"D{145 + first}"].value == "\u25cb"  # Q7_1_med option cells are D146..D160
    assert ws["B10"].value == '=IF(AND(E12<>""),"回答済","未回答")'  # status formulas untouched
    assert ws.protection.sheet
    assert wb["選択肢"].sheet_state == "hidden"
    blank = _form("municipal")["調査票"]
    assert len(ws.data_validations.dataValidation) == len(blank.data_validations.dataValidation)
    assert len(ws.conditional_formatting) == len(blank.conditional_formatting)
    assert wb.properties.creator == wb.properties.lastModifiedBy == "サンプル"
    assert wb.properties.created == datetime(2020, 10, 1, 0, 0)  # 09:00 JST, stored as UTC


def test_every_cell_is_written_as_planned(sample_dir: Path, plan: list[SampleRespondent]) -> None:
    blanks = {s: _filled(_form(s)["調査票"]) for s in ("municipal", "prefectural")}
    special = [
        i
        for i, r in enumerate(plan)
        if any(isinstance(v, FormattedValue) or str(v).startswith("=") for v in r.cells.values())
    ]
    for i in sorted(set(range(0, 258, 23)) | set(special) | {248, 257}):
        r = plan[i]
        ws = openpyxl.load_workbook(sample_dir / r.folder / r.file_name)["調査票"]
        filled = _filled(ws)
        added = {k: v for k, v in filled.items() if blanks[r.survey].get(k) != v}
        want = {k: (v.value if isinstance(v, FormattedValue) else v) for k, v in r.cells.items()}
        assert added == want, r.file_name
        for address, value in r.cells.items():
            cell = ws[address]
            if isinstance(value, FormattedValue):
                assert cell.number_format == value.number_format
            if isinstance(value, str):
                assert cell.data_type in ("s", "inlineStr"), (r.file_name, address)
        stamp = datetime(2020, 10, 1, 9, 0, tzinfo=JST) + timedelta(minutes=i)
        assert os.stat(sample_dir / r.folder / r.file_name).st_mtime == stamp.timestamp()


def test_prefectural_file(sample_dir: Path, prefectural: list[SampleRespondent]) -> None:
    r = prefectural[0]
    ws = openpyxl.load_workbook(sample_dir / "都県" / r.file_name)["調査票"]
    assert ws["D12"].value == "茨城県"
    assert ws["D20"].value in ("連携している", "連携していない")
    if r.answers.get("Q4_4"):
        assert ws["F125"].value.split(". ", 1)[0] == str(r.answers["Q4_4"][0])


def test_output_is_byte_identical(tmp_path: Path, plan: list[SampleRespondent]) -> None:
    picks = [
        plan[0],
        next(r for r in plan if any(isinstance(v, FormattedValue) for v in r.cells.values())),
        next(r for r in plan if "=連携会議を毎月開催" in r.cells.values()),
        plan[-1],
    ]

    def digest(folder: Path) -> list[str]:
        paths = generate_sample(folder, picks)
        return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]

    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_ensure_sample_reuses_a_complete_copy(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> list[Path]:
        raise AssertionError("should not regenerate")

    monkeypatch.setattr(sample_writer, "generate_sample", fail)
    assert ensure_sample(sample_dir.parent) == sample_dir
    assert sample_dir.name == f"sample-v{sample_writer.SAMPLE_VERSION}"


def test_ensure_sample_regenerates_and_honours_data_dir(
    tmp_path: Path, plan: list[SampleRespondent], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def small(out_dir: Path, progress=None) -> list[Path]:
        calls.append(out_dir)
        return generate_sample(out_dir, plan[:2], progress=progress)

    monkeypatch.setattr(sample_writer, "generate_sample", small)
    monkeypatch.setenv("RENKEI_DATA_DIR", str(tmp_path / "data"))
    folder = ensure_sample()
    assert folder == tmp_path / "data" / "cache" / f"sample-v{sample_writer.SAMPLE_VERSION}"
    assert len(list(folder.rglob("*.xlsx"))) == 2
    assert ensure_sample() == folder and len(calls) == 1
    (folder / "市区町村" / plan[0].file_name).unlink()  # incomplete -> regenerated
    assert ensure_sample() == folder and len(calls) == 2
    assert (folder / "市区町村" / plan[0].file_name).is_file()
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temp folders left


def test_generate_sample_reports_progress(plan, tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    generate_sample(tmp_path, plan[:3], progress=lambda done, total, _name: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3)]
