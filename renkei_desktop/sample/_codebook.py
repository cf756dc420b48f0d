"""Read-only access to the bundled codebooks (``resources/forms/*_codebook.json``)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from renkei_desktop.codebook import SURVEYS
from renkei_desktop.paths import resource_path

Question = dict[str, Any]


@cache
def load_codebook(survey: str) -> dict[str, Any]:
    """The parsed codebook of ``survey`` ("municipal" or "prefectural")."""
    if survey not in SURVEYS:
        raise ValueError(f"unknown survey {survey!r}")
    path = resource_path("forms", f"{survey}_codebook.json")
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def questions(survey: str) -> dict[str, Question]:
    """Questions of ``survey`` by id, in form order."""
    return {q["id"]: q for q in load_codebook(survey)["questions"]}


def question(survey: str, qid: str) -> Question:
    return questions(survey)[qid]


def option(q: Question, code: int) -> dict[str, Any]:
    """The option with ``code`` of a single/multi/rank question."""
    for opt in q["options"]:
        if opt["code"] == code:
            return opt
    raise KeyError(f"{q['id']}: no option {code}")


def column(q: Question, key: str) -> dict[str, Any]:
    """A column of a table question."""
    for col in q["columns"]:
        if col["key"] == key:
            return col
    raise KeyError(f"{q['id']}: no column {key!r}")


def form_file(survey: str) -> str:
    return load_codebook(survey)["file"]
