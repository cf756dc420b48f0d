"""The one place for the look of the report figures: sizes, fonts, colours, rcParams.

Sizes are for an A4 report page: the full text width is 16 cm (A4 minus 2.5 cm margins), a half-width figure
(donut) is 8 cm, and a figure should stay within about half the page height. Colours come from the Okabe–Ito
palette (colour-blind safe) and a sequential blue ramp for ordered categories; neighbouring colours differ in
lightness too, so a greyscale print keeps them apart.

Fonts: the bundled IPAexGothic is named first everywhere (registered by ``charts.fonts``). SVG keeps text as
text (``svg.fonttype: none``) with the CSS family list ``'IPAexGothic', 'Yu Gothic', 'Meiryo', sans-serif`` so that
Word, PowerPoint and browsers on a Windows PC without IPAexGothic still pick a Japanese font; PDF embeds the font
as TrueType (``pdf.fonttype: 42``) so the text stays selectable and prints everywhere.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

CM = 1 / 2.54
FULL_WIDTH_IN = 16 * CM  # A4 text width
HALF_WIDTH_IN = 8.5 * CM
MAX_HEIGHT_IN = 24 * CM  # tall heat tables may use most of a page

DPI_CHOICES = (150, 300, 600)
DEFAULT_DPI = 150

FONT_FAMILY = "IPAexGothic"
FALLBACK_FAMILIES = ("Yu Gothic", "Meiryo")
FONT_FAMILIES = [FONT_FAMILY, "sans-serif"]  # stored in every Text so drawing never needs our rcParams

FONT_SIZE = 8.0
TITLE_SIZE = 9.0
SMALL_SIZE = 7.0

# Display width (half-width columns) available per line, at FONT_SIZE on FULL_WIDTH_IN.
TITLE_COLUMNS = 92
BAR_LABEL_COLUMNS = 40
LEGEND_COLUMNS = 52  # one legend label
LEGEND_WIDTH_COLUMNS = 124  # the whole legend row (SMALL_SIZE)

# Okabe–Ito (https://jfly.uni-koeln.de/color/), ordered so that neighbours differ in lightness.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",
)
# Sequential blue ramp (from matplotlib's Blues) for ordered categories such as the five stages, picked at
# even lightness steps (CIE L* 88, 74, 60, 46, 32) so that a greyscale print keeps neighbours apart.
BLUE_RAMP = ("#CDDFF1", "#87BDDC", "#4A98C9", "#2070B4", "#084A91")
# The segments of a 100 % stacked bar / donut (unordered categories): Okabe–Ito in the order that maximises
# the lightness step between neighbours (≥ 12 L*), and hatches that separate the colours whose greys are close.
STACK_PALETTE = (
    ("#009E73", ""),  # bluish green, L* 58
    ("#E69F00", ""),  # orange, 71
    ("#D55E00", "xxx"),  # vermillion, 54
    ("#56B4E9", "////"),  # sky blue, 70
    ("#0072B2", ""),  # blue, 46
    ("#CC79A7", "\\\\"),  # reddish purple, 61
    ("#F0E442", ""),  # yellow, 89
)
NO_ANSWER_COLOR = "#D9D9D9"
NO_ANSWER_HATCH = "////"  # 無回答 is grey *and* hatched: never mistaken for a light category in greyscale
UNKNOWN_COLOR = "#F2F2F2"  # わからない
UNKNOWN_HATCH = "...."
MIN_NEIGHBOUR_LIGHTNESS = 12.0  # L* step between neighbouring plain (unhatched) segments
TOTAL_COLOR = "#595959"  # the 全体 series / bar
PAIR_COLORS = ("#0072B2", "#E69F00")  # 医療・介護・福祉分野 / それ以外
PAIR_HATCHES = ("", "////")
EDGE_COLOR = "#404040"
GRID_COLOR = "#D0D0D0"
HEAT_CMAP = "Blues"

BAR_EDGE_WIDTH = 0.4


def ramp(n: int) -> list[str]:
    """``n`` colours of the blue ramp from light to dark (ordered categories, bands)."""
    if n <= len(BLUE_RAMP):
        start = {1: 3, 2: 2, 3: 1}.get(n, 0)
        return list(BLUE_RAMP[start : start + n])
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[HEAT_CMAP]
    return [to_hex(cmap(0.25 + 0.7 * i / (n - 1))) for i in range(n)]


def categorical(n: int) -> list[str]:
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


def lightness(color: Any) -> float:
    """CIE L* (0 black … 100 white) of a matplotlib colour: what is left of it in a greyscale print."""
    from matplotlib.colors import to_rgb

    def linear(u: float) -> float:
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(u) for u in to_rgb(color))
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    f = y ** (1 / 3) if y > 216 / 24389 else (24389 / 27 * y + 16) / 116
    return 116 * f - 16


def luminance(color: Any) -> float:
    """Relative luminance (0 black … 1 white) of a matplotlib colour."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_color_on(color: Any) -> str:
    """Black or white, whichever reads better on ``color``."""
    return "black" if luminance(color) > 0.45 else "white"


def rc_params() -> dict[str, Any]:
    """rcParams for building and saving the figures (use with ``matplotlib.rc_context``)."""
    return {
        "font.family": list(FONT_FAMILIES),
        "font.sans-serif": [FONT_FAMILY, *FALLBACK_FAMILIES],
        "font.size": FONT_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": SMALL_SIZE,
        "ytick.labelsize": FONT_SIZE,
        "legend.fontsize": SMALL_SIZE,
        "figure.titlesize": TITLE_SIZE,
        "axes.unicode_minus": True,  # IPAexGothic has U+2212 MINUS SIGN
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": EDGE_COLOR,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 2.5,
        "ytick.major.size": 0.0,
        "grid.color": GRID_COLOR,
        "grid.linewidth": 0.5,
        "hatch.linewidth": 0.6,
        "hatch.color": EDGE_COLOR,
        "legend.frameon": False,
        "figure.dpi": 100,
        "figure.facecolor": "white",
        "savefig.dpi": DEFAULT_DPI,
        "savefig.facecolor": "white",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "svg.hashsalt": "renkei-desktop",
        "path.simplify": True,
    }


def export_context() -> AbstractContextManager[None]:
    """The rcParams (and registered font) to save a figure under; same as ``charts.chart_context()``."""
    from renkei_desktop.charts.fonts import chart_context

    return chart_context()
