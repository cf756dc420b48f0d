"""Class intervals (bands) for the numeric items, as in the report's 参考資料① (option code = band index)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Band:
    index: int
    label: str
    low: float | None  # inclusive
    high: float | None  # exclusive

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


BANDS: dict[str, tuple[Band, ...]] = {
    "Q3_population": (
        Band(1, "2.5万人未満", None, 25_000),
        Band(2, "2.5万人以上7.5万人未満", 25_000, 75_000),
        Band(3, "7.5万人以上20万人未満", 75_000, 200_000),
        Band(4, "20万人以上", 200_000, None),
    ),
    "Q3_aging_rate": (
        Band(1, "25%未満", None, 25),
        Band(2, "25%以上35%未満", 25, 35),
        Band(3, "35%以上40%未満", 35, 40),
        Band(4, "40%以上", 40, None),
    ),
    "Q3_care_rate": (
        Band(1, "10%未満", None, 10),
        Band(2, "10%以上15%未満", 10, 15),
        Band(3, "15%以上20%未満", 15, 20),
        Band(4, "20%以上", 20, None),
    ),
    # The report prints 1以上～5未満 / 6以上～10未満 …, which skips 5 (erratum E2): 5 belongs to band 1.
    "Q4_areas": (
        Band(1, "1～5", None, 6),
        Band(2, "6～9", 6, 10),
        Band(3, "10～14", 10, 15),
        Band(4, "15～19", 15, 20),
        Band(5, "20以上", 20, None),
    ),
}


def bands_for(item_id: str) -> tuple[Band, ...]:
    """The bands of a numeric item; a numeric item without preset bands gets none (stats only)."""
    return BANDS.get(item_id, ())


def band_of(item_id: str, value: float | None) -> int | None:
    if value is None:
        return None
    for band in bands_for(item_id):
        if band.contains(value):
            return band.index
    return None


def round_half_up(value: float | Decimal, digits: int = 1) -> float:
    """Round like the report (and Excel's ROUND): 0.05 → 0.1, never banker's rounding."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def percent(count: int, base: int) -> float | None:
    """round-half-up(100 × count / base, 1), exactly (no float error at the .x5 boundary)."""
    if base <= 0:
        return None
    exact = Decimal(100 * count) / Decimal(base)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
