"""Session fixtures for the sample-data tests: the plan, the published figures, one generated set."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any

import pytest

from renkei_desktop.paths import resource_path
from renkei_desktop.sample import SampleRespondent, build_plan, ensure_sample

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def plan() -> list[SampleRespondent]:
    return build_plan()


@pytest.fixture(scope="session")
def municipal(plan: list[SampleRespondent]) -> list[SampleRespondent]:
    return [r for r in plan if r.survey == "municipal"]


@pytest.fixture(scope="session")
def prefectural(plan: list[SampleRespondent]) -> list[SampleRespondent]:
    return [r for r in plan if r.survey == "prefectural"]


@pytest.fixture(scope="session")
def published() -> dict[str, Any]:
    return json.loads((DATA / "published_tables.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def crosstab_facts() -> dict[str, Any]:
    return json.loads((DATA / "published_crosstab_facts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full sample generated once per session (through ensure_sample, into a temp cache)."""
    cache = tmp_path_factory.mktemp("cache")
    start = time.perf_counter()
    folder = ensure_sample(cache)
    elapsed = time.perf_counter() - start
    print(f"\nsample generation: {elapsed:.1f} s")
    assert elapsed < 60, f"generating the sample took {elapsed:.1f} s"
    return folder


@pytest.fixture(scope="session")
def county_of() -> dict[str, str]:
    with resource_path("reference", "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["county"] for row in csv.DictReader(fh)}
