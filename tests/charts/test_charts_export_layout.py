"""Issue 12 item 3: a saved or copied figure is laid out for its export size. The longest titles of both forms,
at every dpi and format, keep every text inside the canvas and clear of every other text, also after a canvas
in the window resized the figure."""

from __future__ import annotations

import io
import re
from itertools import combinations

import pytest
from chartdata import table
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from renkei_desktop import charts
from renkei_desktop.charts.base import design_size
from renkei_desktop.charts.model import item_title
from renkei_desktop.charts.save import design_size_for_export
from renkei_desktop.charts.style import DPI_CHOICES
from renkei_desktop.codebook import load_codebook
from renkei_desktop.items import tab_items


def _longest_title_item(survey: str, kinds: tuple[str, ...] = ("single", "multi")):
    items = [i for i in tab_items(load_codebook(survey)) if i.kind in kinds and i.options]
    return max(items, key=lambda i: len(item_title(i)))


def _figure(survey: str, kind: str = "bar") -> Figure:
    """The longest-titled item of a form as a bar chart, or (single answer) as 100 % stacked bars with a legend."""
    if kind == "bar":
        item = _longest_title_item(survey)
        counts = [(7 * k + 3) % 40 + 1 for k in range(len(item.options))]
        return charts.bar_chart(table(survey, item.item_id, counts, 60, no_answer=2))
    item = _longest_title_item(survey, ("single",))
    n = len(item.options)
    first = [(5 * k + 2) % 9 + 1 for k in range(n)]
    second = [(3 * k + 4) % 7 + 1 for k in range(n)]
    tables = [
        table(survey, item.item_id, first, sum(first) + 1, no_answer=1),
        table(survey, item.item_id, second, sum(second), no_answer=0),
    ]
    return charts.stacked_share_chart(tables, row_labels=["医療・介護・福祉分野", "それ以外"])


def _texts(fig: Figure) -> list[Text]:
    found = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return [t for t in found if t.get_window_extent().width > 0]


def _problems(fig: Figure, dpi: int) -> list[str]:
    fig.set_dpi(dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    width, height = fig.get_size_inches() * dpi
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _texts(fig)]
    out = [
        f"outside: {text!r}"
        for text, b in boxes
        if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > width + 0.5 or b.y1 > height + 0.5
    ]
    for (ta, a), (tb, b) in combinations(boxes, 2):
        if a.overlaps(b) and min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1:
            out.append(f"overlap: {ta!r} / {tb!r}")
    return out


@pytest.mark.parametrize("kind", ["bar", "stacked"])
@pytest.mark.parametrize("survey", ["municipal", "prefectural"])
@pytest.mark.parametrize("dpi", DPI_CHOICES)
def test_longest_title_fits_at_every_dpi(survey, dpi, kind):
    fig = _figure(survey, kind)
    title = next(t for t in fig.texts if t.get_gid() == "chart-title").get_text()
    assert "\n" in title  # the long question wording wraps
    fig.set_size_inches(3.2, 2.4, forward=False)  # what a narrow Qt canvas does to it on screen
    with design_size_for_export(fig):
        assert tuple(fig.get_size_inches()) == pytest.approx(design_size(fig))
        assert _problems(fig, dpi) == []
    assert tuple(fig.get_size_inches()) == pytest.approx((3.2, 2.4))  # the on-screen size is back


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_saved_file_has_the_design_size(fmt):
    fig = _figure("municipal")
    fig.set_size_inches(3.2, 2.4, forward=False)
    buffer = io.BytesIO()
    charts.save_figure(fig, buffer, fmt, dpi=150)
    data = buffer.getvalue()
    w, h = design_size(fig)
    if fmt == "png":
        from PIL import Image

        size = Image.open(io.BytesIO(data)).size
        assert size == pytest.approx((w * 150, h * 150), abs=1.0)
    elif fmt == "svg":
        found = re.search(rb'width="([0-9.]+)pt" height="([0-9.]+)pt"', data)
        assert found and (float(found[1]), float(found[2])) == pytest.approx((w * 72, h * 72), abs=0.1)
    else:
        found = re.search(rb"/MediaBox \[ ?0 0 ([0-9.]+) ([0-9.]+) ?\]", data)
        assert found and (float(found[1]), float(found[2])) == pytest.approx((w * 72, h * 72), abs=0.1)


def test_figure_set_titles_fit(sample_data=None):
    """Every title of 図表3–34 (both forms) fits: wrapped only between bracket groups, the N kept with them."""
    from renkei_desktop.charts.base import title_lines
    from renkei_desktop.charts.textwrap_ja import display_width
    from renkei_desktop.figures import TITLES

    for number, title in TITLES.items():
        caption = f"図表{number} {title}（N=1,234）"
        lines = title_lines(caption)
        assert "".join(lines) == caption
        assert all(display_width(line) <= 92 for line in lines)
        for line in lines[1:]:
            assert line.startswith("（"), (number, lines)  # a new line starts a bracket group
        assert lines[-1].endswith("（N=1,234）") and not lines[-1].startswith("（N=")
