"""Golden images: a few charts drawn from fixed tabulation results must look as committed.

Regenerate (after an intended change of the look) with ``RENKEI_REGEN_GOLDEN=1 pytest tests/charts`` and look
at the new PNGs before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from chartdata import DIFFERENCE, Q63_MED, Q67_BANDS, crosstab_of, table
from matplotlib.testing.compare import compare_images

from renkei_desktop import charts
from renkei_desktop.charts.save import save_figure

GOLDEN = Path(__file__).parent / "golden"
TOLERANCE = 6  # RMS over 0–255 grey levels
DPI = 100


def _bar():
    return charts.bar_chart(
        table("municipal", "Q6_3_med", Q63_MED, 226),
        title="図表6 連携している部課室（医療・介護・福祉分野を担当している部課室）（複数回答可）",
    )


def _stacked():
    ct = crosstab_of("municipal", "Q6_7", "population_band", Q67_BANDS)
    return charts.stacked_share_chart(ct, title="図表14 人口規模×連携を主導している部課室・機関")


def _histogram():
    return charts.difference_histogram(
        table("municipal", "stage_difference", DIFFERENCE, 233),
        title="図表21 現状と目指したい連携の段階の差分",
    )


CASES = {"bar_q6_3_med": _bar, "stacked_q6_7_by_band": _stacked, "histogram_stage_difference": _histogram}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden_image(name, tmp_path):
    actual = tmp_path / f"{name}.png"
    save_figure(CASES[name](), actual, "png", dpi=DPI)
    expected = GOLDEN / f"{name}.png"
    if os.environ.get("RENKEI_REGEN_GOLDEN") == "1":
        expected.write_bytes(actual.read_bytes())
    assert expected.exists(), f"missing golden image {expected} (run with RENKEI_REGEN_GOLDEN=1)"
    failure = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert failure is None, failure
