"""Figures of the fuzz campaign, printed at the end of the run (see conftest.py)."""

from __future__ import annotations

FIGURES: dict[str, object] = {}
