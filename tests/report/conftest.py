from __future__ import annotations

import csv
from pathlib import Path

import pytest

from renkei_desktop.cli import main
from renkei_desktop.loader import load_dataset
from renkei_desktop.sample import ensure_sample


@pytest.fixture(scope="session")
def sample_data():
    """The bundled sample (248 + 10 returns), loaded through the real pipeline."""
    return load_dataset([ensure_sample()])


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Path:
    """``renkei-desktop export --sample --report`` (PNG figures only, to save time): CSV, docx and pptx of one run."""
    out = tmp_path_factory.mktemp("report")
    assert main(["export", "--sample", "--out", str(out), "--report", "--formats", "png", "--force"]) == 0
    return out


@pytest.fixture(scope="session")
def csv_rows(exported) -> list[dict[str, str]]:
    with open(exported / "simple_tabulation.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
