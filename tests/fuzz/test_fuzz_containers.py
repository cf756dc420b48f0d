"""Mutation fuzzing of the container walker: whatever a zip, mail or .msg holds, expanding it ends with
members and notes (Japanese reasons), never an exception, within a second."""

from __future__ import annotations

import random
import time

import pytest
from container_builders import eml_bytes, msg_bytes, zip_bytes
from forms import fill_form
from fuzz_mutator import mutate_bytes

from renkei_desktop.workbooks.containers.walker import expand_container

ROUNDS = 150
SEED = 20261130


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    book = fill_form(tmp_path_factory.mktemp("f") / "b.xlsx", "municipal", {}).read_bytes()
    inner = zip_bytes([("内側/08201.xlsx", book)], "cp932")
    return {
        "zip": zip_bytes(
            [("茨城県回答/08201_水戸市.xlsx", book), ("追加.zip", inner), ("メモ.txt", b"x")], "cp932"
        ),
        "eml": eml_bytes([("回答.xlsx", book), ("bundle.zip", inner)], name_style="rfc2231-jis"),
        "msg": msg_bytes([("回答.xlsx", book)], 1_790_000_000.0),
    }


@pytest.mark.parametrize("kind", ["zip", "eml", "msg"])
def test_mutated_containers_never_raise(seeds, tmp_path, kind):
    rng = random.Random(f"{SEED}-{kind}")
    path = tmp_path / f"fuzz.{kind}"
    outcomes = {"members": 0, "notes": 0}
    slowest = 0.0
    for _ in range(ROUNDS):
        path.write_bytes(mutate_bytes(rng, seeds[kind]))
        started = time.perf_counter()
        out = expand_container(path, path.name)
        slowest = max(slowest, time.perf_counter() - started)
        outcomes["members"] += bool(out.members)
        outcomes["notes"] += bool(out.notes)
        for note in out.notes:
            assert note.message and not note.message.isascii(), note.message
    assert slowest < 1.0
    assert outcomes["notes"] > 0  # the mutations did break some containers
