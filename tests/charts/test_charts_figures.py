"""The report figure set (図表3–34) on a small dataset of real filled forms, and writing it to files."""

from __future__ import annotations

import os
import struct
import xml.etree.ElementTree as ET

import pytest
from forms import fill_form

from renkei_desktop.charts.base import figure_title
from renkei_desktop.export.atomic import OverwriteRefused
from renkei_desktop.export.figures_export import (
    export_figure_set,
    export_figures,
    parse_formats,
)
from renkei_desktop.figures import TITLES, FigureSpec, file_stem, find_figure, report_set, safe_file_stem
from renkei_desktop.loader import load_dataset

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("figs")
    fill_form(root / "a.xlsx", "municipal", {})  # 水戸市, band 4: 2 → 4
    fill_form(
        root / "b.xlsx",
        "municipal",
        {"E17": "日立市", "E23": 174_508, "E198": "1. 誰が事業の担当者なのかわからない状態"},
    )  # band 3: 1 → 4
    fill_form(
        root / "c.xlsx",
        "municipal",
        {"E17": "大子町", "E23": 16_500, "D55": "連携していない", "E44": "連携を推進する専門の部課室がある"},
        drop=["D61", "D63", "D80", "D95", "D111", "F111"],
    )  # band 1
    fill_form(root / "p.xlsx", "prefectural", {})  # 東京都: 連携していない, 把握の取組なし
    return load_dataset([root])


@pytest.fixture(scope="module")
def specs(data):
    return report_set(data)


def test_numbering_titles_and_stems(specs):
    assert [s.number for s in specs] == list(range(3, 35))
    assert all(isinstance(s, FigureSpec) for s in specs)
    s3 = find_figure(specs, 3)
    assert s3.title == "連携を推進する専門の部課室の有無" and s3.n == 3
    assert s3.caption == "図表3 連携を推進する専門の部課室の有無（N=3）"
    assert s3.file_stem == "図表03_連携を推進する専門の部課室の有無"
    assert find_figure(specs, 5).n is None  # the report prints no N for 図表5 (two scopes)
    for s in specs:
        assert s.title == TITLES[s.number]
        assert not WINDOWS_FORBIDDEN & set(s.file_stem) and s.file_stem.startswith(f"図表{s.number:02d}_")


def test_n_is_recomputed_from_the_data(specs):
    assert find_figure(specs, 4).n == 3
    assert find_figure(specs, 6).n == 2  # Q6_3_med answered by a and b
    assert find_figure(specs, 21).n == 3  # stage difference: a 2→4, b 1→4, c 2→4
    assert find_figure(specs, 26).n == 1
    assert find_figure(specs, 21).build is not None


def test_absent_data_is_skipped_with_a_reason(specs):
    skipped = {s.number: s.skipped_reason for s in specs if not s.available}
    # the one prefecture does not cooperate and does not grasp its municipalities
    assert {28, 29, 31, 32, 33} <= set(skipped)
    assert skipped[28] == "集計対象の回答がありません（N=0）"
    assert skipped[31] == "該当する自由記述の回答がありません"
    assert all(s.build is not None for s in specs if s.number in (3, 4, 18, 19, 21, 22, 34))


def test_every_available_figure_builds_with_its_caption(specs):
    for spec in specs:
        if spec.build is None:
            continue
        fig = spec.build()
        title = figure_title(fig).replace("\n", "")
        assert title.startswith(f"図表{spec.number} "), (spec.number, title)
        if spec.n is not None:
            assert title.endswith(f"（N={spec.n}）"), (spec.number, title)


def test_empty_dataset_draws_nothing(tmp_path):
    empty = load_dataset([tmp_path])
    specs = report_set(empty)
    assert [s.number for s in specs if s.available] == [18]  # only the concept diagram needs no data


def test_safe_file_stem():
    assert safe_file_stem('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert safe_file_stem("CON") == "CON_"
    assert safe_file_stem("図表03_a\u202eb") == "図表03_ab"  # no invisible bidi overrides
    assert safe_file_stem("図表01_x. ") == "図表01_x"
    assert len(safe_file_stem("長" * 300)) == 80
    assert file_stem(7, "人口規模×連携している部課室") == "図表07_人口規模×連携している部課室"


def test_parse_formats():
    assert parse_formats("png,svg") == ("png", "svg")
    assert parse_formats(["PDF", ".png", "pdf"]) == ("pdf", "png")
    assert parse_formats("none") == () and parse_formats([]) == () and parse_formats(("none",)) == ()
    assert parse_formats("png,none") == ("png",)
    with pytest.raises(ValueError, match="emf"):
        parse_formats("png,emf")


def test_export_writes_available_figures_and_reports_skips(data, specs, tmp_path):
    out = tmp_path / "figs"
    subset = [s for s in specs if s.number in (3, 21, 28, 31)]
    result = export_figure_set(data, out, ("png", "svg", "pdf"), dpi=150, specs=subset)
    assert len(result.written) == 3 * 2
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in result.written)  # no temp files left behind
    png = out / "図表03_連携を推進する専門の部課室の有無.png"
    head = png.read_bytes()[:24]
    assert (
        head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", head[16:20])[0] >= 720
    )  # compact donut: 12.5 cm
    svg = ET.parse(out / "図表03_連携を推進する専門の部課室の有無.svg").getroot()
    assert any("連携を推進する専門の部課室の有無" in "".join(t.itertext()) for t in svg.iter())
    assert (out / "図表03_連携を推進する専門の部課室の有無.pdf").read_bytes().startswith(b"%PDF")
    # skipped figures are reported, never written empty
    assert [spec.number for spec, _ in result.skipped] == [28, 31]
    assert not list(out.glob("図表28_*"))
    assert any(note.startswith("図表28（連携を主導する機関・部課室（複数回答））：") for note in result.notes)


def test_export_formats_none_and_overwrite(data, tmp_path):
    out = tmp_path / "figs"
    assert export_figures(data, out, "none") == []
    assert not out.exists()
    written = export_figures(data, out, ("png",), dpi=150)
    assert len(written) == sum(1 for s in report_set(data) if s.available)
    assert written and all(p.suffix == ".png" for p in written)
    before = {p: p.stat().st_mtime_ns for p in written}
    with pytest.raises(OverwriteRefused):
        export_figures(data, out, ("png", "svg"), overwrite=False)
    assert not list(out.glob("*.svg"))  # refused before writing anything
    assert {p: p.stat().st_mtime_ns for p in written} == before
    os.utime(written[0], ns=(0, 0))
    export_figure_set(data, out, ("png",), overwrite=True, specs=[find_figure(report_set(data), 3)])
    assert written[0].name.startswith("図表03_") and written[0].stat().st_mtime_ns != 0


def test_export_rejects_bad_dpi(data, tmp_path):
    with pytest.raises(ValueError, match="dpi"):
        export_figures(data, tmp_path, ("png",), dpi=0)


def test_gui_dispatch_for_any_item_and_row_variable(data):
    from renkei_desktop import charts
    from renkei_desktop.crosstab import crosstab, row_variables
    from renkei_desktop.items import tab_items
    from renkei_desktop.tabulate import table_for

    med, oth = table_for(data, "municipal", "Q6_2_med"), table_for(data, "municipal", "Q6_2_oth")
    pair = charts.figure_for_tables([med, oth])
    assert len(pair.axes[0].containers) == 2
    assert charts.figure_for_tables([table_for(data, "prefectural", "Q3_3")]) is None  # N=0: nothing drawn
    assert charts.figure_for_tables([]) is None
    for item in tab_items(data.codebooks["municipal"])[:8]:
        assert charts.figure_for_tables([table_for(data, "municipal", item.item_id)]) is not None
    keys = {v.key for v in row_variables(data.codebooks["municipal"], data.of("municipal"))}
    for key in ("prefecture", "item:Q5_dept", "stage_difference"):
        assert key in keys
        for item_id in ("Q6_7", "Q6_3_oth", "Q3_population"):
            ct = crosstab(data, "municipal", item_id, key)
            for mode in charts.CROSSTAB_MODES:
                fig = charts.figure_for_crosstab(ct, mode)
                assert fig is not None and fig.axes, (key, item_id, mode)
    multi = crosstab(data, "municipal", "Q6_3_oth", "population_band")
    heat = charts.figure_for_crosstab(multi, "stacked")  # a multi-answer item does not stack to 100 %
    assert not heat.axes[0].containers and heat.axes[0].patches
    with pytest.raises(ValueError):
        charts.figure_for_crosstab(multi, "pie")
