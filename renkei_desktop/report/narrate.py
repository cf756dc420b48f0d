"""``narrate(spec)``: the paragraph of one figure, by chart kind (sentences from ``report.narrative``)."""

from __future__ import annotations

from collections.abc import Callable

from renkei_desktop.bands import percent
from renkei_desktop.crosstab import CrossTab
from renkei_desktop.figures import FigureSpec
from renkei_desktop.items import STAGE_CODES
from renkei_desktop.report import wording as w
from renkei_desktop.report.narrative import (
    Narrative,
    Option,
    band_notes,
    combined_sentence,
    contrast_sentences,
    group_options,
    is_stage_item,
    lead_sentence,
    pct,
    quote,
    same_top_sentence,
    shares_sentence,
    table_options,
)
from renkei_desktop.tabulate import SimpleTable


def _bar(spec: FigureSpec) -> list[str | None]:
    return [lead_sentence(table_options(spec.sources[0]))]


def _paired(spec: FigureSpec) -> list[str | None]:
    tables: list[SimpleTable] = list(spec.sources)
    labels = list(spec.series) or [t.item.title for t in tables]
    out: list[str | None] = [
        lead_sentence(table_options(t), f"{label}では、") for t, label in zip(tables, labels, strict=True)
    ]
    return out + list(contrast_sentences(tables, labels))


def _donut(spec: FigureSpec) -> list[str | None]:
    return [shares_sentence(table_options(spec.sources[0]))]


def _stacked(spec: FigureSpec) -> list[str | None]:
    first = spec.sources[0]
    if isinstance(first, SimpleTable):  # 図表4: one bar per table
        labels = list(spec.series) or [t.item.title for t in spec.sources]
        return [
            shares_sentence(table_options(t)[:1], f"{label}では、")
            for t, label in zip(spec.sources, labels, strict=True)
        ]
    ct: CrossTab = first
    out = [lead_sentence(group_options(ct, ct.total), "全体では、"), same_top_sentence(ct)]
    if is_stage_item(ct):
        out.append(combined_sentence(ct, w.UPPER_STAGES))
    else:
        top = sorted(group_options(ct, ct.total), key=lambda o: -(o.percent or 0.0))[:2]
        out += band_notes(ct, [o.code for o in top])
    return out


def _heat(spec: FigureSpec) -> list[str | None]:
    ct: CrossTab = spec.sources[0]
    notes = band_notes(ct)
    lead = lead_sentence(group_options(ct, ct.total), "全体では、")
    return [lead, same_top_sentence(ct), *(notes or [_no_band()])]


def _no_band() -> str:
    return w.BAND_NONE.format(points=w.BAND_GAP_POINTS)


def _histogram(spec: FigureSpec) -> list[str | None]:
    t: SimpleTable = spec.sources[0]
    unit = w.UNIT.get(spec.survey, "")
    options = table_options(t)
    if not t.base or not options:
        return []
    mode = max(options, key=lambda o: o.count)
    out: list[str | None] = [w.DIFF_MODE.format(a=quote(mode), n=mode.count, unit=unit, p=pct(mode.percent))]
    i = options.index(mode)
    lo = hi = i
    while lo > 0 and (options[lo - 1].percent or 0.0) >= w.DIFF_CLUSTER_SHARE:
        lo -= 1
    while hi < len(options) - 1 and (options[hi + 1].percent or 0.0) >= w.DIFF_CLUSTER_SHARE:
        hi += 1
    zero = next((o for o in options if o.code == 0), None)
    if hi > lo and zero is not None and not lo <= options.index(zero) <= hi:
        run = options[lo : hi + 1]
        n = sum(o.count for o in run)
        out.append(
            w.DIFF_RANGE.format(
                options="".join(quote(o) for o in run),
                n=n,
                unit=unit,
                p=pct(percent(n, t.base)),
                zero=quote(zero),
                nz=zero.count,
                pz=pct(zero.percent),
            )
        )
    return out


def _matrix(spec: FigureSpec) -> list[str | None]:
    ct: CrossTab = spec.sources[0]
    columns = [o for o in group_options(ct, ct.total) if o.code in w.UPPER_STAGES]
    items = w.LIST_SEP.join(
        f"現状が{quote(Option(g.code or 0, f'{g.code}.{g.label}', 0, None))}では"
        f"{pct(percent(*ct.share(g.code, w.UPPER_STAGES)))}"
        for g in ct.groups
        if g.base
    )
    if not items or len(columns) < 2:
        return []
    return [w.MATRIX.format(options="".join(quote(o) for o in columns), items=items)]


def _text_table(spec: FigureSpec) -> list[str | None]:
    rows = spec.sources[0] if spec.sources else []
    out: list[str | None] = []
    if spec.n is not None:
        out.append(w.TEXT_BODIES.format(n=spec.n, unit=w.UNIT.get(spec.survey, "")))
    else:
        out.append(w.TEXT_ROWS.format(n=len(rows)))
    return out


def _diagram(_spec: FigureSpec) -> list[str | None]:
    return [w.DIAGRAM.format(n=len(STAGE_CODES))]


KINDS: dict[str, Callable[[FigureSpec], list[str | None]]] = {
    "bar": _bar,
    "paired_bar": _paired,
    "donut": _donut,
    "stacked": _stacked,
    "heat_table": _heat,
    "histogram": _histogram,
    "matrix": _matrix,
    "text_table": _text_table,
    "diagram": _diagram,
}


def narrate(spec: FigureSpec) -> Narrative:
    """The sentences of one available figure (none for a kind without a template)."""
    make = KINDS.get(spec.kind)
    sentences = [s for s in (make(spec) if make else []) if s]
    return Narrative(spec.number, tuple(sentences))
