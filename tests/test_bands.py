from __future__ import annotations

import pytest

from renkei_desktop.bands import band_of, percent, round_half_up


@pytest.mark.parametrize(
    ("item", "value", "band"),
    [
        ("Q3_population", 0, 1),
        ("Q3_population", 24_999, 1),
        ("Q3_population", 25_000, 2),
        ("Q3_population", 74_999, 2),
        ("Q3_population", 75_000, 3),
        ("Q3_population", 199_999, 3),
        ("Q3_population", 200_000, 4),
        ("Q3_population", 3_700_000, 4),
        ("Q3_aging_rate", 24.9, 1),
        ("Q3_aging_rate", 25.0, 2),
        ("Q3_aging_rate", 34.9, 2),
        ("Q3_aging_rate", 35.0, 3),
        ("Q3_aging_rate", 39.9, 3),
        ("Q3_aging_rate", 40.0, 4),
        ("Q3_care_rate", 9.9, 1),
        ("Q3_care_rate", 10.0, 2),
        ("Q3_care_rate", 15.0, 3),
        ("Q3_care_rate", 20.0, 4),
        ("Q4_areas", 1, 1),
        ("Q4_areas", 5, 1),
        ("Q4_areas", 6, 2),
        ("Q4_areas", 9, 2),
        ("Q4_areas", 10, 3),
        ("Q4_areas", 14, 3),
        ("Q4_areas", 15, 4),
        ("Q4_areas", 19, 4),
        ("Q4_areas", 20, 5),
        ("Q4_areas", 148, 5),
    ],
)
def test_band_edges(item, value, band):
    assert band_of(item, value) == band


def test_no_value_no_band():
    assert band_of("Q3_population", None) is None


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (226, 248, 91.1),
        (19, 207, 9.2),
        (1, 8, 12.5),
        (1, 16, 6.3),
        (3, 8, 37.5),
        (27, 248, 10.9),
        (0, 5, 0.0),
        (1, 3, 33.3),
        (2, 3, 66.7),
        (7, 18, 38.9),
        (20, 37, 54.1),
    ],
)
def test_percent_rounds_half_up(count, base, expected):
    assert percent(count, base) == expected


def test_percent_of_empty_base():
    assert percent(0, 0) is None


def test_round_half_up_not_bankers():
    assert round_half_up(0.25, 1) == 0.3
    assert round_half_up(2.5, 0) == 3.0
    assert round_half_up(5.25, 1) == 5.3
