"""Build returned workbooks for tests: the bundled blank form filled like a person would."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

from renkei_desktop.paths import resource_path

# A complete, consistent municipal answer (茨城県水戸市): every asked item answered.
MUNICIPAL_BASE: dict[str, Any] = {
    "E12": "茨城県",
    "E17": "水戸市",
    "E23": 270685,
    "E24": 26.2,
    "E25": 18.5,
    "E30": 8,
    "E44": "連携を推進する専門の部課室はない",
    "D55": "連携している",
    "G55": "連携している",
    "D61": "○",
    "D63": "○",  # Q6_2_med 1, 3
    "G61": "○",  # Q6_2_oth 1
    "D80": "○",  # Q6_3_med 1
    "G87": "○",  # Q6_3_oth 8
    "D95": "○",  # Q6_4_med 1
    "G96": "○",  # Q6_4_oth 2
    "D111": "○",  # Q6_5_med 1
    "F111": "7. 随時",  # Q6_6_med_m1
    "G111": "○",  # Q6_5_oth 1
    "I111": "3. 月に1回程度",  # Q6_6_oth_m1
    "E130": "2. 貴部課室が主導している",
    "D146": "○",  # Q7_1_med 1
    "G153": "○",  # Q7_1_oth 8
    "D167": "○",  # Q7_2_med 1
    "G174": "○",  # Q7_2_oth 8
    "E198": "2. 庁内の事業担当者の顔が分かる・見えている状態",
    "G198": "4. 組織的協調が進んでいる状態",
    "D209": "○",  # Q9_1_med 1
    "G216": "○",  # Q9_1_oth 8
    "F239": "高齢福祉課",
    "F240": "029-000-0000",
    "F241": "test@example.invalid",
    "F242": "テスト 花子",
}

PREFECTURAL_BASE: dict[str, Any] = {
    "D12": "東京都",
    "D20": "連携していない",
    "D70": "特になし",
    "E81": "連携状況を把握する取組を行っていない",
    "D101": "特になし",
    "C112": "○",
    "F125": "1. どのような事業や取組で連携できるかわからない",
    "F146": "高齢社会対策課",
    "F147": "03-0000-0000",
    "F148": "pref@example.invalid",
    "F149": "テスト 一郎",
}


T0 = 1_600_000_000.0  # a fixed modification time for filled forms (duplicates are decided by it)


def fill_form(
    path: Path,
    survey: str,
    cells: Mapping[str, Any],
    *,
    base: bool = True,
    drop: Iterable[str] = (),
    insert_rows: int = 0,
    insert_cols: int = 0,
    mtime: float | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> Path:
    """Save a copy of the bundled blank form with ``cells`` filled (on top of a complete answer)."""
    wb = openpyxl.load_workbook(resource_path("forms", f"{survey}_form.xlsx"))
    ws = wb["調査票"]
    values: dict[str, Any] = (
        dict(MUNICIPAL_BASE if survey == "municipal" else PREFECTURAL_BASE) if base else {}
    )
    for address in drop:
        values.pop(address, None)
    values.update(cells)
    for address, value in values.items():
        ws[address].value = value
        if isinstance(value, str) and value.startswith("="):
            ws[address].data_type = "s"
    for address, fmt in (number_formats or {}).items():
        ws[address].number_format = fmt
    if insert_rows:
        ws.insert_rows(1, insert_rows)
    if insert_cols:
        ws.insert_cols(1, insert_cols)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def digest_tree(root: Path) -> dict[str, str]:
    """SHA-256 of every file below ``root`` (to prove inputs are never modified)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def libreoffice_convert(src: Path, filter_spec: str, outdir: Path, *, timeout: float = 180) -> Path:
    """Convert with real LibreOffice (``soffice --convert-to``); skip where it is not installed,
    unless ``RENKEI_REQUIRE_LIBREOFFICE=1`` (CI), where its absence is a failure."""
    import shutil
    import subprocess

    import pytest

    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("RENKEI_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required in CI but not installed")
        pytest.skip("LibreOffice is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            filter_spec,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    suffix = "." + filter_spec.split(":")[0]
    out = outdir / (src.stem + suffix)
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


def write_xls_with_xlwt(path: Path, survey: str, cells: Mapping[str, Any]) -> Path:
    """A legacy .xls written by xlwt: the form's label texts and the answers, no formatting."""
    import xlwt

    from renkei_desktop.workbooks.layout import parse_address

    values: dict[str, Any] = dict(MUNICIPAL_BASE if survey == "municipal" else PREFECTURAL_BASE)
    values.update(cells)
    wb_src = openpyxl.load_workbook(resource_path("forms", f"{survey}_form.xlsx"))
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("調査票")
    for row in wb_src["調査票"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                sheet.write(cell.row - 1, cell.column - 1, cell.value)
    for address, value in values.items():
        r, c = parse_address(address)
        sheet.write(r, c, value)
    book.save(str(path))
    return path
