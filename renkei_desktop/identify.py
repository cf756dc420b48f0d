"""Who a returned workbook belongs to: Q1 (都県) + Q2 (市区町村名), else the file name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from renkei_desktop.normalize import squash
from renkei_desktop.targets import Body, MasterList, TargetList

_KE_VARIANTS = str.maketrans({"ヶ": "ケ", "ｹ": "ケ", "ゖ": "ケ", "ヵ": "ケ", "个": "ケ"})
_COUNTY = re.compile(r"^(.+?郡)(.+)$")
_CODE_IN_NAME = re.compile(r"(?<!\d)(\d{6}|\d{5}|\d{2})(?!\d)")


def name_key(text: str) -> str:
    """Matching key of a body name: NFKC, no whitespace, ケ/ヶ unified."""
    return squash(text).translate(_KE_VARIANTS)


def prefecture_key(text: str) -> str:
    """``"茨城県"``, ``"茨城"`` → ``"茨城"``; ``"東京都"`` → ``"東京"``."""
    key = name_key(text)
    return key[:-1] if key.endswith(("都", "道", "府", "県")) and len(key) > 2 else key


@dataclass(frozen=True)
class Identification:
    body: Body | None
    in_targets: bool
    via: str  # "cells", "file_name" or ""
    message: str | None = None


class Identifier:
    """Matches names typed in the form (and file names) to bodies of the master list."""

    def __init__(self, master: MasterList, targets: TargetList) -> None:
        self.master = master
        self.targets = targets
        self.target_codes = targets.codes
        self._prefectures = {prefecture_key(b.name): b for b in master.prefectures}
        # the ways a prefecture can open a typed name: 「茨城県」 and 「茨城」
        self._prefixes = [((name_key(b.name), pkey), b) for pkey, b in self._prefectures.items()]
        self._by_name: dict[str, list[Body]] = {}
        for body in master.municipalities:
            self._by_name.setdefault(name_key(body.name), []).append(body)
        self._code6 = master.code6_to_code
        self._by_code = master.by_code

    # -- prefectures -------------------------------------------------------------------------------
    def prefecture(self, text: object) -> Body | None:
        if not isinstance(text, str) or not text.strip():
            return None
        return self._prefectures.get(prefecture_key(text))

    def _strip_prefecture(self, key: str) -> tuple[str, Body | None]:
        """``茨城県水戸市`` → (``水戸市``, 茨城県). A name that is a municipality as typed is kept whole:
        大阪狭山市 is not 大阪 + 狭山市."""
        if key in self._by_name:
            return key, None
        for prefixes, body in self._prefixes:
            for prefix in prefixes:
                if key.startswith(prefix) and key[len(prefix) :] in self._by_name:
                    return key[len(prefix) :], body
        return key, None

    # -- municipalities ------------------------------------------------------------------------------
    def _candidates(self, key: str) -> list[Body]:
        if key in self._by_name:
            return self._by_name[key]
        county = _COUNTY.match(key)
        if county and county.group(2) in self._by_name:
            return [
                b
                for b in self._by_name[county.group(2)]
                if not b.county or name_key(b.county) == county.group(1)
            ] or self._by_name[county.group(2)]
        return []

    def _pick(self, candidates: Iterable[Body], prefecture: Body | None) -> Body | None:
        pool = [b for b in candidates if prefecture is None or b.prefecture_code == prefecture.code]
        if len(pool) > 1:
            pool = [b for b in pool if b.code in self.target_codes] or pool
        return pool[0] if len(pool) == 1 else None

    def municipality(self, prefecture_text: object, name_text: object) -> Body | None:
        prefecture = self.prefecture(prefecture_text)
        if not isinstance(name_text, str) or not name_text.strip():
            return None
        key, typed_prefecture = self._strip_prefecture(name_key(name_text))
        prefecture = prefecture or typed_prefecture
        body = self._pick(self._candidates(key), prefecture)
        if body is None and typed_prefecture is not None:
            body = self._pick(self._candidates(key), typed_prefecture)
        return body

    # -- file names ------------------------------------------------------------------------------------
    def from_file_name(self, file_name: str, survey: str, prefecture: Body | None) -> Body | None:
        stem = name_key(PurePath(file_name).stem)
        for match in _CODE_IN_NAME.finditer(stem):
            code = self._code6.get(match.group(1), match.group(1))
            body = self._by_code.get(code)
            if body and body.survey == survey:
                return body
        if survey == "prefectural":
            hits = [b for k, b in self._prefectures.items() if k in stem]
            return hits[0] if len(hits) == 1 else None
        hits = [b for k, bodies in self._by_name.items() if k in stem for b in bodies]
        if prefecture is not None:
            hits = [b for b in hits if b.prefecture_code == prefecture.code]
        if not hits:
            return None
        longest = max(len(name_key(b.name)) for b in hits)
        hits = [b for b in hits if len(name_key(b.name)) == longest]
        return self._pick(hits, None)

    # -- whole workbook ---------------------------------------------------------------------------------
    def identify(
        self, survey: str, prefecture_text: object, name_text: object, file_name: str
    ) -> Identification:
        if survey == "prefectural":
            body = self.prefecture(prefecture_text)
            via = "cells" if body else ""
        else:
            body = self.municipality(prefecture_text, name_text)
            via = "cells" if body else ""
        if body is None:
            body = self.from_file_name(file_name, survey, self.prefecture(prefecture_text))
            via = "file_name" if body else ""
        if body is None:
            what = "都県名" if survey == "prefectural" else "都県名・市区町村名"
            return Identification(
                None, False, "", f"回答した団体を特定できません（{what}が空欄か、名簿にない名称です）"
            )
        if body.code not in self.target_codes:
            return Identification(
                body,
                False,
                via,
                f"調査対象外の団体です（{body.full_name}、{self.targets.label}の名簿にありません）",
            )
        return Identification(body, True, via)
