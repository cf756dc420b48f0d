"""PNG / SVG / PDF outputs are valid, reproducible and carry real Japanese text in the bundled font."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib as mpl
import pytest
from chartdata import DIFFERENCE, Q63_MED, Q67_BANDS, crosstab_of, table
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from renkei_desktop import charts
from renkei_desktop.charts.fonts import font_path
from renkei_desktop.charts.save import figure_bytes, save_figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
TITLE = "図表6 連携している部課室"


@pytest.fixture(scope="module")
def fig():
    return charts.bar_chart(table("municipal", "Q6_3_med", Q63_MED, 226), title=TITLE)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("dpi", [150, 300, 600])
def test_png_signature_and_size_follow_dpi(fig, dpi):
    width, height = png_size(figure_bytes(fig, "png", dpi=dpi))
    w_in, h_in = fig.get_size_inches()
    assert abs(width - w_in * dpi) <= 1 and abs(height - h_in * dpi) <= 1
    assert width >= 900 * dpi // 150  # 16 cm wide


def test_svg_parses_and_keeps_japanese_text(fig):
    data = figure_bytes(fig, "svg")
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    assert any(t.startswith(TITLE) for t in texts), texts[:3]  # text kept as text, not paths
    assert "2.健康増進担当" in texts and "82.7%" in texts
    styles = {t.get("style", "") for t in root.iter(f"{SVG_NS}text")}
    assert all("font-family: 'IPAexGothic', 'Yu Gothic', 'Meiryo', sans-serif" in s for s in styles)
    assert b"<dc:date>" not in data  # reproducible: no dates


def test_pdf_embeds_ipaexgothic_as_truetype(fig, tmp_path):
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.fail("pdffonts (poppler-utils) is required to check the embedded font")
    path = tmp_path / "figure.pdf"
    save_figure(fig, path, "pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows, out
    names = [r[0] for r in rows]
    assert all(name.split("+")[-1] == "IPAexGothic" for name in names), out
    for r in rows:
        assert "TrueType" in " ".join(r[1:4]) and "yes" in r  # CID TrueType, embedded
    assert b"CreationDate" not in path.read_bytes()


def test_outputs_are_reproducible(fig):
    for fmt in ("png", "svg", "pdf"):
        assert figure_bytes(fig, fmt) == figure_bytes(fig, fmt), fmt


def test_every_text_uses_the_bundled_font():
    ct = crosstab_of("municipal", "Q6_7", "population_band", Q67_BANDS)
    fig = charts.stacked_share_chart(ct, title="全角１２３％と−2")
    FigureCanvasAgg(fig).draw()
    bundled = font_path().resolve()
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    assert len(texts) > 20
    for t in texts:
        found = Path(font_manager.fontManager.findfont(t.get_fontproperties())).resolve()
        assert found == bundled, (t.get_text(), found)


def test_no_tofu_even_when_drawn_outside_the_chart_context():
    """Drawn later with matplotlib's defaults (DejaVu Sans), e.g. on a Qt canvas: no missing glyphs."""
    t = table("municipal", "stage_difference", DIFFERENCE, 233)
    fig = charts.difference_histogram(t, title="図表２１ 差分（全角数字・％・−記号）")
    with (
        mpl.rc_context({"font.family": ["DejaVu Sans"], "axes.unicode_minus": True}),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise
        FigureCanvasAgg(fig).draw()
        fig.savefig(io.BytesIO(), format="png")


def test_the_font_and_its_licence_are_bundled():
    path = font_path()
    assert path.name == "ipaexg.ttf" and path.stat().st_size > 1_000_000
    licence = path.parent / "IPA_Font_License_Agreement_v1.0.txt"
    text = licence.read_text(encoding="utf-8")
    assert "IPAフォントライセンスv1.0" in text and "IPA Font License Agreement v1.0" in text
