"""The surveyed bodies: the bundled master list of municipalities and prefectures, and target lists."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from renkei_desktop.paths import resource_path

DEFAULT_BUREAU = "関東信越厚生局"
BUREAU_ALIASES = {
    "kanto-shinetsu": "関東信越厚生局",
    "hokkaido": "北海道厚生局",
    "tohoku": "東北厚生局",
    "tokai-hokuriku": "東海北陸厚生局",
    "kinki": "近畿厚生局",
    "chugoku-shikoku": "中国四国厚生局",
    "kyushu": "九州厚生局",
}
NATIONWIDE = ("all", "全国", "nationwide")


class TargetListError(ValueError):
    """A target list that cannot be used (unknown bureau, unreadable CSV, unknown codes)."""


@dataclass(frozen=True)
class Body:
    """A municipality (5-digit code) or prefecture (2-digit code)."""

    survey: str  # "municipal" or "prefectural"
    code: str
    prefecture: str
    name: str
    kana: str = ""
    county: str = ""
    bureau: str = ""

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]

    @property
    def full_name(self) -> str:
        return self.name if self.survey == "prefectural" else f"{self.prefecture}{self.name}"


@dataclass(frozen=True)
class TargetList:
    label: str
    municipalities: tuple[Body, ...]
    prefectures: tuple[Body, ...]

    def bodies(self, survey: str) -> tuple[Body, ...]:
        return self.municipalities if survey == "municipal" else self.prefectures

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(b.code for b in self.municipalities + self.prefectures)

    def municipal_count_by_prefecture(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for body in self.municipalities:
            counts[body.prefecture_code] = counts.get(body.prefecture_code, 0) + 1
        return counts


@dataclass(frozen=True)
class MasterList:
    municipalities: tuple[Body, ...]
    prefectures: tuple[Body, ...]

    @property
    def by_code(self) -> dict[str, Body]:
        return {b.code: b for b in self.municipalities + self.prefectures}

    @property
    def code6_to_code(self) -> dict[str, str]:
        return {_code6(b.code): b.code for b in self.municipalities}


def _code6(code5: str) -> str:
    """The 6-digit 全国地方公共団体コード with its check digit."""
    digits = [int(c) for c in code5]
    total = sum(d * w for d, w in zip(digits, (6, 5, 4, 3, 2), strict=True))
    check = (11 - total % 11) % 10
    return f"{code5}{check}"


@cache
def load_master() -> MasterList:
    """All 1,741 municipalities and 47 prefectures of Japan (bundled CSV)."""
    with open(resource_path("reference", "prefectures.csv"), encoding="utf-8") as handle:
        prefectures = tuple(
            Body("prefectural", row["code"], row["prefecture"], row["prefecture"], bureau=row["bureau"])
            for row in csv.DictReader(handle)
        )
    with open(resource_path("reference", "municipalities.csv"), encoding="utf-8") as handle:
        municipalities = tuple(
            Body(
                "municipal",
                row["code"],
                row["prefecture"],
                row["name"],
                kana=row["kana"],
                county=row["county"],
                bureau=row["bureau"],
            )
            for row in csv.DictReader(handle)
        )
    return MasterList(municipalities, prefectures)


def bureau_targets(bureau: str) -> TargetList:
    master = load_master()
    munis = tuple(b for b in master.municipalities if b.bureau == bureau)
    prefs = tuple(b for b in master.prefectures if b.bureau == bureau)
    if not munis:
        known = "、".join(sorted({b.bureau for b in master.prefectures}))
        raise TargetListError(f"厚生局「{bureau}」が見つかりません（{known}）")
    return TargetList(bureau, munis, prefs)


def nationwide_targets() -> TargetList:
    master = load_master()
    return TargetList("全国", master.municipalities, master.prefectures)


def targets_from_csv(path: Path) -> TargetList:
    """A user's own list: a CSV with a ``code`` column (5/6-digit municipality or 2-digit prefecture codes)."""
    master = load_master()
    by_code, code6 = master.by_code, master.code6_to_code
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TargetListError(f"対象団体リスト {path} を読み込めません（{exc}）") from exc
    if not rows or "code" not in rows[0]:
        raise TargetListError(f"対象団体リスト {path} に code 列がありません")
    munis: list[Body] = []
    prefs: list[Body] = []
    for line, row in enumerate(rows, start=2):
        raw = (row.get("code") or "").strip()
        code = code6.get(raw, raw.zfill(5) if len(raw) == 4 else raw.zfill(2) if len(raw) == 1 else raw)
        body = by_code.get(code)
        if body is None:
            raise TargetListError(
                f"対象団体リスト {path} の {line} 行目: 団体コード「{raw}」が見つかりません"
            )
        (munis if body.survey == "municipal" else prefs).append(body)
    return TargetList(Path(path).stem, tuple(dict.fromkeys(munis)), tuple(dict.fromkeys(prefs)))


def resolve_targets(spec: str | Path | None = None) -> TargetList:
    """``None`` → 関東信越厚生局; ``all`` → nationwide; a bureau name or alias; or a CSV path."""
    if spec is None or str(spec) == "":
        return bureau_targets(DEFAULT_BUREAU)
    text = str(spec)
    if text in NATIONWIDE:
        return nationwide_targets()
    if text in BUREAU_ALIASES:
        return bureau_targets(BUREAU_ALIASES[text])
    if text.endswith("厚生局") or text.endswith("厚生支局"):
        return bureau_targets(text)
    path = Path(text)
    if path.suffix.lower() == ".csv":
        return targets_from_csv(path)
    raise TargetListError(f"対象団体の指定「{text}」がわかりません（厚生局名、all、または CSV ファイル）")
