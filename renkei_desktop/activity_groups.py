"""図表27: the 事業・取組 that prefectures name (質問2-(2)) as the report shows them, a list grouped into
事業 / 取組 / 計画策定 / 市区町村支援.

The grouping is editable: ``activity_groups.json`` in the user data folder may give ``"mapping"`` (an answer →
its group, for answers the rules put in the wrong place) and ``"rules"`` (group → keywords, replacing the
defaults below). Rules are tried in order; the first whose keyword occurs in the answer wins; an answer that
matches none is a 取組.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

GROUPS = ("事業", "取組", "計画策定", "市区町村支援")
FALLBACK = "取組"
CONFIG_FILE = "activity_groups.json"
# (group, keywords), in the order they are tried: 「介護保険事業計画策定」 is a 計画策定, not a 事業.
DEFAULT_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("計画策定", ("計画", "構想")),
    ("市区町村支援", ("市町村", "市区町村", "交付金", "実施状況調査")),
    ("事業", ("事業",)),
)


@dataclass(frozen=True)
class Grouping:
    rules: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_RULES
    mapping: Mapping[str, str] = field(default_factory=dict)

    def group_of(self, answer: str) -> str:
        text = answer.strip()
        if text in self.mapping:
            return self.mapping[text]
        for group, keywords in self.rules:
            if any(k in text for k in keywords):
                return group
        return FALLBACK


def load_grouping(folder: Path | None = None) -> Grouping:
    """The default grouping, adjusted by ``activity_groups.json`` in ``folder`` (the user data folder)."""
    if folder is None:
        from renkei_desktop.paths import user_data_dir

        folder = user_data_dir()
    path = Path(folder) / CONFIG_FILE
    if not path.is_file():
        return Grouping()
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
        rules = config.get("rules")
        parsed = (
            tuple((str(g), tuple(str(k) for k in ks)) for g, ks in rules.items()) if rules else DEFAULT_RULES
        )
        mapping = {str(a).strip(): str(g) for a, g in (config.get("mapping") or {}).items()}
        return Grouping(parsed, mapping)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        log.warning("%s を読めません（既定の区分を使います）: %s", path, exc)
        return Grouping()


def grouped_rows(activities: Iterable[tuple[str, int]], grouping: Grouping) -> list[tuple[str, str]]:
    """(区分, 事業・取組) rows: groups in ``GROUPS`` order (others after), most-named answers first in each;
    the group name is printed on the first row of its block only."""
    by_group: dict[str, list[tuple[str, int]]] = {}
    for answer, count in activities:
        by_group.setdefault(grouping.group_of(answer), []).append((answer, count))
    order: Sequence[str] = [*GROUPS, *sorted(g for g in by_group if g not in GROUPS)]
    rows: list[tuple[str, str]] = []
    for group in order:
        answers = sorted(by_group.get(group, []), key=lambda a: -a[1])
        rows += [(group if i == 0 else "", answer) for i, (answer, _n) in enumerate(answers)]
    return rows
