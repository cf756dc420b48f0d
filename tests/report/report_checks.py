"""Independent checks of the generated text: every percent next to the options it quotes must be one of the
figure's tabulated values (a single option's share, or the share of several quoted options together)."""

from __future__ import annotations

import re
from itertools import combinations

from renkei_desktop.bands import percent
from renkei_desktop.charts.model import option_label
from renkei_desktop.crosstab import CrossTab
from renkei_desktop.figures import FigureSpec
from renkei_desktop.items import STAGE_DIFFERENCE
from renkei_desktop.tabulate import SimpleTable

PERCENT = re.compile(r"(\d+\.\d)%")
QUOTE = re.compile(r"「([^」]+)」")


def sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s.strip()]


def _groups(source) -> list[tuple[dict, dict, int]]:
    """(label → code, code → count, base) for every group of respondents a source holds."""
    if isinstance(source, SimpleTable):
        plain = source.item_id == STAGE_DIFFERENCE
        labels = {(r.label if plain else option_label(r.code, r.label)): r.code for r in source.rows}
        return [(labels, {r.code: r.count for r in source.rows}, source.base)]
    if isinstance(source, CrossTab):
        labels = {option_label(c, lbl): c for c, lbl in source.columns}
        return [
            (labels, dict(zip([c for c, _ in source.columns], g.counts, strict=True)), g.base)
            for g in (source.total, *source.groups)
        ]
    return []


def allowed_percents(spec: FigureSpec, sentence: str, *, single_answer: bool) -> set[float]:
    quoted = QUOTE.findall(sentence)
    allowed: set[float] = set()
    for source in spec.sources:
        for labels, counts, base in _groups(source):
            codes = [labels[q] for q in quoted if q in labels]
            for c in codes:
                allowed.add(percent(counts[c], base))
            if single_answer or isinstance(source, SimpleTable):
                for k in range(2, len(codes) + 1):
                    for subset in combinations(dict.fromkeys(codes), k):
                        allowed.add(percent(sum(counts[c] for c in subset), base))
            if isinstance(source, CrossTab) and not single_answer:
                continue
    return {a for a in allowed if a is not None}


def check_paragraph(spec: FigureSpec, text: str) -> list[str]:
    """Problems found: percents that are not the quoted options' tabulated shares."""
    single = not any(getattr(getattr(s, "item", None), "is_multi", False) for s in spec.sources)
    problems = []
    for sentence in sentences(text):
        found = [float(p) for p in PERCENT.findall(sentence)]
        if not found:
            continue
        allowed = allowed_percents(spec, sentence, single_answer=single)
        problems += [f"{spec.label}: {p}% in {sentence!r}" for p in found if p not in allowed]
    return problems
