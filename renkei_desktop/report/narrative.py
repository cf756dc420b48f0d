"""The paragraph under each figure, generated from the figure's own tabulation (templates in ``wording``).

``narrate(spec)`` reads only ``spec.sources`` (the ``SimpleTable``s / ``CrossTab`` the figure draws), so every
number in the text is the number in the figure, for any loaded data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from renkei_desktop.bands import percent
from renkei_desktop.charts.model import option_label
from renkei_desktop.crosstab import CrossGroup, CrossTab
from renkei_desktop.items import NO_ANSWER, STAGE_DIFFERENCE
from renkei_desktop.report import wording as w
from renkei_desktop.tabulate import SimpleTable

STAGE_ITEMS = ("Q8_1_current", "Q8_1_target")


@dataclass(frozen=True)
class Option:
    """One option's share within one group of respondents."""

    code: int | str
    label: str  # as printed: 1.防災担当
    count: int
    percent: float | None


@dataclass(frozen=True)
class Narrative:
    number: int
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.sentences)


def pct(value: float | None) -> str:
    return w.PERCENT.format(value=value or 0.0)


def quote(option: Option) -> str:
    return w.OPTION_QUOTE.format(label=option.label)


def table_options(table: SimpleTable) -> list[Option]:
    """The option rows, labelled as printed (a difference item's labels carry their own sign: 「+2段階」)."""
    plain = table.item_id == STAGE_DIFFERENCE
    return [
        Option(r.code, r.label if plain else option_label(r.code, r.label), r.count, r.percent)
        for r in table.option_rows
    ]


def group_options(ct: CrossTab, group: CrossGroup) -> list[Option]:
    return [
        Option(code, option_label(code, label), n, p)
        for (code, label), n, p in zip(ct.columns, group.counts, group.percents, strict=True)
        if code != NO_ANSWER
    ]


def leading(options: Sequence[Option]) -> list[Option]:
    """The most frequent options: LEADING_MIN..LEADING_MAX, within LEADING_WINDOW points of the first."""
    ranked = sorted((o for o in options if o.count > 0), key=lambda o: -(o.percent or 0.0))
    if not ranked:
        return []
    top = ranked[0].percent or 0.0
    picked = ranked[: w.LEADING_MIN]
    for o in ranked[w.LEADING_MIN : w.LEADING_MAX]:
        if top - (o.percent or 0.0) <= w.LEADING_WINDOW:
            picked.append(o)
    return picked


def lead_sentence(options: Sequence[Option], subject: str = "") -> str | None:
    picked = leading(options)
    if not picked:
        return None
    if len(picked) == 1:
        return w.LEAD_ONE.format(subject=subject, a=quote(picked[0]), pa=pct(picked[0].percent))
    names = quote(picked[0]) + "や" + w.LIST_SEP.join(quote(o) for o in picked[1:])
    return w.LEAD_MANY.format(
        subject=subject, options=names, percents=w.LIST_SEP.join(pct(o.percent) for o in picked)
    )


def shares_sentence(options: Sequence[Option], subject: str = "") -> str | None:
    shown = [o for o in options if o.count > 0]
    if not shown:
        return None
    items = w.LIST_SEP.join(f"{quote(o)}が{pct(o.percent)}" for o in shown)
    return w.SHARES.format(subject=subject, items=items)


def _subject(label: str) -> str:
    return f"{label}では、"


def contrast_sentences(tables: Sequence[SimpleTable], labels: Sequence[str]) -> list[str]:
    """Options where the two series differ by CONTRAST_POINTS or more (largest first)."""
    if len(tables) != 2:
        return []
    first, second = (dict((o.code, o) for o in table_options(t)) for t in tables)
    pairs = [
        (abs((a.percent or 0.0) - (second[c].percent or 0.0)), a, second[c])
        for c, a in first.items()
        if c in second and a.percent is not None and second[c].percent is not None
    ]
    big = sorted((p for p in pairs if p[0] >= w.CONTRAST_POINTS), key=lambda p: -p[0])
    return [
        w.CONTRAST.format(
            a=quote(a), label1=labels[0], p1=pct(a.percent), label2=labels[1], p2=pct(b.percent), diff=d
        )
        for d, a, b in big[: w.MAX_CONTRASTS]
    ]


def band_notes(ct: CrossTab, codes: Sequence[int | str] | None = None) -> list[str]:
    """Bands whose share of an option is BAND_GAP_POINTS or more above 全体 (largest gaps first)."""
    total = {o.code: o for o in group_options(ct, ct.total)}
    found = []
    for g in ct.groups:
        for o in group_options(ct, g):
            t = total[o.code]
            if codes is not None and o.code not in codes:
                continue
            if o.percent is not None and t.percent is not None and o.percent - t.percent >= w.BAND_GAP_POINTS:
                found.append((o.percent - t.percent, g.label, o, t))
    found.sort(key=lambda f: -f[0])
    notes = [
        w.BAND_ABOVE.format(
            band=band, option=quote(o), pb=pct(o.percent), pt=pct(t.percent), points=w.BAND_GAP_POINTS
        )
        for _gap, band, o, t in found[: w.MAX_BAND_NOTES]
    ]
    if notes:
        notes[0] = w.BAND_INTRO + notes[0]
    return notes


def same_top_sentence(ct: CrossTab) -> str | None:
    """「人口規模にかかわらず「1.…」の割合が最も高い」 when one option leads in 全体 and in every group."""
    tops = set()
    for g in (ct.total, *ct.groups):
        if not g.base:
            continue
        options = group_options(ct, g)
        best = max((o.percent or 0.0) for o in options)
        leaders = {o.code for o in options if (o.percent or 0.0) == best}
        if len(leaders) != 1:
            return None
        tops |= leaders
    if len(tops) != 1 or len(ct.groups) < 2:
        return None
    top = next(o for o in group_options(ct, ct.total) if o.code in tops)
    return w.SAME_TOP.format(option=quote(top))


def combined_sentence(ct: CrossTab, codes: Sequence[int]) -> str | None:
    """「4.…」「5.…」を合わせると全体では10.9%で、… per band (stage figures)."""
    names = [o for o in group_options(ct, ct.total) if o.code in codes]
    if len(names) < 2:
        return None
    total = percent(*ct.share(None, codes))
    per_band = w.LIST_SEP.join(
        f"{g.label}{pct(percent(*ct.share(g.code, codes)))}" for g in ct.groups if g.base
    )
    bands = w.COMBINED_BANDS.format(items=per_band) if per_band else ""
    return w.COMBINED.format(
        options="".join(quote(o) for o in names), subject="全体では", p=pct(total), bands=bands
    )


def is_stage_item(ct: CrossTab) -> bool:
    return ct.item.item_id in STAGE_ITEMS
