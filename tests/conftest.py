"""Shared test set-up: offscreen Qt, a private user-data folder, and form-filling helpers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_user_data(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Settings, logs and caches of the app under test go to a temporary folder (unless CI shares one)."""
    if "RENKEI_DATA_DIR" not in os.environ:
        os.environ["RENKEI_DATA_DIR"] = str(tmp_path_factory.mktemp("userdata"))
