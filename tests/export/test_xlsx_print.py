"""Every Excel export prints sensibly: printed to PDF through real LibreOffice (headless), each table's
columns stay on one page, tables are not split, header rows and page numbers repeat."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pdf_helpers import pdf_page_size, pdf_pages, pdf_text

from renkei_desktop.export.bundle import export_all
from renkei_desktop.export.xlsx_print import block_breaks, wrapped_lines
from renkei_desktop.paths import resource_path
from renkei_desktop.tabulate import tabulate_all

pytestmark = pytest.mark.slow
A4_LANDSCAPE = (842, 595)
WORKBOOKS = ("tabulation", "free_text", "未提出一覧", "要確認一覧")


@pytest.fixture(scope="module")
def printed(sample_data, tmp_path_factory) -> dict[str, Path]:
    """The sample's exports printed to PDF by LibreOffice, with IPAexGothic installed for it (so Japanese
    text has its real width, as on an office PC with Japanese fonts)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("RENKEI_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required in CI but not installed")
        pytest.skip("LibreOffice is not installed")
    root = tmp_path_factory.mktemp("print")
    export_all(sample_data, root / "out", formats=("none",), overwrite=True)
    home = root / "home"
    (home / ".fonts").mkdir(parents=True)
    shutil.copy(resource_path("fonts", "ipaexg.ttf"), home / ".fonts")
    sources = [str(root / "out" / f"{name}.xlsx") for name in WORKBOOKS]
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{home}/lo",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "pdf"),
            *sources,
        ],
        env={**os.environ, "HOME": str(home)},
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {name: root / "pdf" / f"{name}.pdf" for name in WORKBOOKS}


def pages_text(pdf: Path) -> list[str]:
    return [pdf_text(pdf, page) for page in range(1, pdf_pages(pdf) + 1)]


def test_tabulation_prints_each_table_whole_on_a_page(printed, sample_data):
    pdf = printed["tabulation"]
    pages = pages_text(pdf)
    assert 12 <= len(pages) <= 30  # was 45 pages without print set-up
    assert pdf_page_size(pdf) == pytest.approx(A4_LANDSCAPE, abs=1)
    tables = tabulate_all(sample_data)
    headers_seen = 0
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert any("単純集計表（" in line for line in lines[:3]), number  # page header with the title
        assert f"{number} / {len(pages)} ページ" in text  # footer with page numbers
        headers = [line for line in lines if line.startswith("選択肢")]
        for line in headers:  # the three columns of a table are on one page, on one line
            assert re.match(r"選択肢\s+実数\s+割合(\s|$)", line), line
        totals = [line for line in lines if line.startswith("合計")]
        assert len(totals) == len(headers), number  # no table runs on to the next page
        headers_seen += len(headers)
        rates = [line for line in lines if line.startswith("都県名")]
        assert all(re.match(r"都県名\s+回答数\s+対象数\s+回答率", line) for line in rates)
    assert headers_seen == sum(len(t) for t in tables.values())


def test_free_text_list_repeats_its_header_and_wraps_without_cutting(printed, sample_data):
    pdf = printed["free_text"]
    pages = pages_text(pdf)
    assert pdf_page_size(pdf) == pytest.approx(A4_LANDSCAPE, abs=1)
    for number, text in enumerate(pages, start=1):
        assert re.search(r"設問番号\s+設問\s+都県\s+団体コード\s+団体名\s+回答", text), number
        assert f"{number} / {len(pages)} ページ" in text
    whole = "".join(pages)
    # the item label of 質問6-(2) wraps to a second line: its row is tall enough to show it
    first_lines = whole.count("(2)貴部課室が他の部課室と連携して取り組んでいる事業や取組として")
    assert first_lines > 0
    assert whole.count("当てはまるもの：その他（自由記述）") == first_lines


def test_missing_list_prints_one_page_wide_with_every_body(printed, sample_data):
    pdf = printed["未提出一覧"]
    pages = pages_text(pdf)
    # landscape: with the 状況／理由 column the list is wider than A4 portrait holds legibly
    assert pdf_page_size(pdf) == pytest.approx(A4_LANDSCAPE, abs=1)
    rows = 0
    for number, text in enumerate(pages, start=1):
        assert re.search(r"調査\s+都県\s+団体コード\s+団体名", text), number
        rows += len(re.findall(r"^\S+\s+\S+\s+\d{5,6}\s+\S+", text, re.M))
    assert rows == 450 - 248  # every missing municipality, each on one line


def test_query_list_sheets_print_one_page_wide(printed):
    pdf = printed["要確認一覧"]
    assert pdf_page_size(pdf) == pytest.approx(A4_LANDSCAPE, abs=1)
    for text in pages_text(pdf):
        assert re.search(r"調査\s+都県\s+団体コード\s+団体名", text)


def test_block_breaks_keep_blocks_together():
    blocks = [(1, 15), (15, 30), (30, 40), (40, 100), (100, 110)]
    breaks = block_breaks(blocks, per_page=30)
    assert breaks == [29, 39, 69, 99]  # block 3 starts page 2; block 4 (60 rows) is split at 30
    assert block_breaks([(1, 10), (10, 20)], per_page=30) == []


def test_wrapped_lines_counts_wide_characters_twice():
    assert wrapped_lines("abc", 10) == 1
    assert wrapped_lines("あ" * 10, 10) == 3  # 20 units in 8.2 usable
    assert wrapped_lines("一行目\n二行目", 50) == 2
