"""The report's figure set 図表3–34 (第2章), recomputed from the loaded data.

``report_set(data)`` tabulates what each figure needs (cheap) and returns ``FigureSpec``s whose ``build()``
draws the figure on demand (the GUI lists thumbnails lazily). A figure whose data is absent has no ``build``
and says why in ``skipped_reason``; nothing is ever drawn empty. See ``shared/reference/FIGURES.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from renkei_desktop import charts
from renkei_desktop.activity_groups import grouped_rows, load_grouping
from renkei_desktop.charts.model import chart_title
from renkei_desktop.crosstab import CrossTab, crosstab
from renkei_desktop.dataset import Dataset, Respondent
from renkei_desktop.filenames import safe_file_name
from renkei_desktop.items import STAGE_CODES
from renkei_desktop.tabulate import SimpleTable, table_for
from renkei_desktop.validation import ItemStatus

MUNICIPAL = "municipal"
PREFECTURAL = "prefectural"
POPULATION = "population_band"
NO_DATA = "集計対象の回答がありません（N=0）"
NO_TEXT = "該当する自由記述の回答がありません"
MED_OTH = ("医療・介護・福祉分野を担当している部課室", "それ以外の部課室")
MAX_STEM = 80

TITLES: dict[int, str] = {
    3: "連携を推進する専門の部課室の有無",
    4: "他の部課室との連携の有無",
    5: "連携している事業や取組（複数回答可）",
    6: "連携している部課室（医療・介護・福祉分野を担当している部課室）（複数回答可）",
    7: "人口規模×連携している部課室（医療・介護・福祉分野を担当している部課室）（複数回答可）",
    8: "連携している部課室（医療・介護・福祉分野以外を担当している部課室）（複数回答可）",
    9: "人口規模×連携している部課室（医療・介護・福祉分野以外を担当している部課室）（複数回答可）",
    10: "連携のねらい（複数回答可）",
    11: "連携の方法（複数回答可）",
    12: "人口規模×連携の方法（医療・介護・福祉分野を担当している部課室）（複数回答可）",
    13: "人口規模×連携の方法（医療・介護・福祉分野以外を担当している部課室）（複数回答可）",
    14: "人口規模×連携を主導している部課室・機関",
    15: "他の部課室と連携して取り組みたい事業や取組（複数回答可）",
    16: "連携したい他の部課室（医療・介護・福祉分野を担当している部課室）（複数回答可）",
    17: "連携したい他の部課室（医療・介護・福祉分野以外を担当している部課室）（複数回答可）",
    18: "庁内連携の段階",
    19: "人口規模×現在の連携の段階",
    20: "人口規模×目指したい連携の段階",
    21: "現状と目指したい連携の段階の差分",
    22: "現状の連携の段階×理想の段階",
    23: "他の部課室との連携における課題（複数回答可）",
    24: "人口規模×他の部課室との連携における課題（医療・介護・福祉分野を担当している部課室）（複数回答可）",
    25: "人口規模×他の部課室との連携における課題（医療・介護・福祉分野以外を担当している部課室）（複数回答可）",
    26: "都県庁内の連携の有無",
    27: "連携して取り組んでいる事業・取組（自由記述・抜粋）",
    28: "連携を主導する機関・部課室（複数回答）",
    29: "連携のねらい（複数回答）",
    30: "管内市区町村の連携の把握に向けた取組の有無",
    31: "管内市区町村の連携の把握に向けた取組内容（自由記述）",
    32: "庁内連携の状況を把握できている管内市区町村の割合",
    33: "管内市区町村における庁内連携に向けた支援状況",
    34: "管内市区町村の庁内連携における課題と解決のための支援意向（複数回答）",
}


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the report set. ``build`` is None when the figure is skipped (see ``skipped_reason``)."""

    number: int
    title: str  # as printed in the report, without N
    file_stem: str  # 図表03_連携を推進する専門の部課室の有無
    build: Callable[[], Figure] | None
    skipped_reason: str | None = None
    n: int | None = None  # the N printed in the caption (None where the report prints none)
    kind: str = ""  # bar, paired_bar, stacked, donut, heat_table, histogram, matrix, diagram, text_table
    survey: str = MUNICIPAL
    sources: tuple[Any, ...] = ()  # the SimpleTables / CrossTab drawn (narrative, native pptx charts)
    series: tuple[str, ...] = ()  # the series labels of a paired / two-row figure

    @property
    def label(self) -> str:
        return f"図表{self.number}"

    @property
    def caption(self) -> str:
        """``図表3 連携を推進する専門の部課室の有無（N=248）``."""
        return f"{self.label} {self.title}" + (f"（N={self.n:,}）" if self.n is not None else "")

    @property
    def available(self) -> bool:
        return self.build is not None


def safe_file_stem(text: str, max_length: int = MAX_STEM) -> str:
    """A file name part valid on Windows and elsewhere (no path separators, reserved characters or names,
    invisible characters; bounded length): ``renkei_desktop.filenames.safe_file_name``."""
    return safe_file_name(text, max_chars=max_length)


def file_stem(number: int, title: str) -> str:
    return safe_file_stem(f"図表{number:02d}_{title}")


def _chart_title(number: int) -> str:
    return f"図表{number} {TITLES[number]}"


class _Builder:
    """Collects the specs; each ``add_*`` tabulates now and defers the drawing."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.specs: list[FigureSpec] = []

    def table(self, survey: str, item_id: str) -> SimpleTable:
        return table_for(self.data, survey, item_id)

    def crosstab(self, survey: str, item_id: str, row_key: str = POPULATION, **kwargs: Any) -> CrossTab:
        return crosstab(self.data, survey, item_id, row_key, **kwargs)

    def add(
        self,
        number: int,
        kind: str,
        draw: Callable[[], Figure],
        *,
        bases: Sequence[int],
        n: int | None,
        survey: str = MUNICIPAL,
        empty_reason: str = NO_DATA,
        sources: Sequence[Any] = (),
        series: Sequence[str] = (),
    ) -> None:
        has_data = any(b > 0 for b in bases)
        self.specs.append(
            FigureSpec(
                number,
                TITLES[number],
                file_stem(number, TITLES[number]),
                draw if has_data else None,
                None if has_data else empty_reason,
                n,
                kind,
                survey,
                tuple(sources),
                tuple(series),
            )
        )

    # chart kinds -------------------------------------------------------------------------------------

    def bar(self, number: int, survey: str, item_id: str) -> None:
        t = self.table(survey, item_id)
        self.add(
            number,
            "bar",
            lambda: charts.bar_chart(t, title=_chart_title(number)),
            bases=[t.base],
            n=t.base,
            survey=survey,
            sources=[t],
        )

    def paired(
        self,
        number: int,
        survey: str,
        item_ids: Sequence[str],
        *,
        labels: Sequence[str] = MED_OTH,
        caption_n: bool = False,
    ) -> None:
        tables = [self.table(survey, i) for i in item_ids]
        self.add(
            number,
            "paired_bar",
            lambda: charts.paired_bar_chart(
                tables, series_labels=labels, title=_chart_title(number), show_n=caption_n
            ),
            bases=[t.base for t in tables],
            n=tables[0].base if caption_n else None,
            survey=survey,
            sources=tables,
            series=labels,
        )

    def heat(self, number: int, item_id: str, *, caption_n: bool) -> None:
        ct = self.crosstab(MUNICIPAL, item_id)
        self.add(
            number,
            "heat_table",
            lambda: charts.heat_table_chart(ct, title=_chart_title(number), show_n=caption_n),
            bases=[ct.total.base],
            n=ct.total.base if caption_n else None,
            sources=[ct],
        )

    def stacked(self, number: int, item_id: str, palette: str) -> None:
        ct = self.crosstab(MUNICIPAL, item_id)
        self.add(
            number,
            "stacked",
            lambda: charts.stacked_share_chart(ct, title=_chart_title(number), palette=palette),
            bases=[ct.total.base],
            n=ct.total.base,
            sources=[ct],
        )

    def donut(self, number: int, survey: str, item_id: str) -> None:
        t = self.table(survey, item_id)
        self.add(
            number,
            "donut",
            lambda: charts.donut_chart(t, title=_chart_title(number)),
            bases=[t.base],
            n=t.base,
            survey=survey,
            sources=[t],
        )

    def text_table(
        self,
        number: int,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        n: int | None,
    ) -> None:
        self.add(
            number,
            "text_table",
            lambda: charts.text_table_chart(
                headers, rows, title=chart_title(_chart_title(number), n=n), widths=widths
            ),
            bases=[len(rows)],
            n=n,
            survey=PREFECTURAL,
            empty_reason=NO_TEXT,
            sources=[list(rows)],
        )


def _answered(r: Respondent, question_id: str) -> bool:
    return r.statuses.get(question_id) not in (ItemStatus.NOT_ASKED, ItemStatus.NOT_ASKED_BUT_ANSWERED)


def _table_rows(r: Respondent, question_id: str) -> list[dict[str, Any]]:
    rows = r.values.get(question_id) or ()
    return [row for row in rows if isinstance(row, dict)]


def activity_rows(data: Dataset) -> tuple[list[tuple[str, str]], int]:
    """図表27: each distinct 事業・取組 with the prefectures naming it (most named first); and how many
    prefectures answered."""
    named: dict[str, list[str]] = {}
    answered = 0
    for r in data.of(PREFECTURAL):
        if not _answered(r, "Q2_2_3_4"):
            continue
        activities = [
            str(row["activity"]).strip() for row in _table_rows(r, "Q2_2_3_4") if row.get("activity")
        ]
        answered += bool(activities)
        for activity in dict.fromkeys(activities):
            named.setdefault(activity, []).append(r.body.prefecture)
    order = sorted(named, key=lambda a: -len(named[a]))  # stable: first mention breaks ties
    return [(a, "、".join(named[a])) for a in order], answered


def grasp_rows(data: Dataset) -> list[tuple[str, str]]:
    """図表31: 都県 and its 取組内容 (質問3-(2)) where 質問3-(1) is 行っている."""
    return [
        (r.body.prefecture, r.texts["Q3_2"].strip())
        for r in data.of(PREFECTURAL)
        if r.values.get("Q3_1") == 1 and r.texts.get("Q3_2", "").strip()
    ]


def support_rows(data: Dataset) -> tuple[list[tuple[str, str, str]], int]:
    """図表33: 都県 × 支援内容 × 支援開始時期 (rows of 質問4-(1)(2) other than 「特になし」)."""
    none_values = {"特になし", "特に無し", "なし"}
    rows: list[tuple[str, str, str]] = []
    bodies = 0
    for r in data.of(PREFECTURAL):
        mine = [
            (r.body.prefecture, str(row["support"]).strip(), str(row.get("start") or "").strip())
            for row in _table_rows(r, "Q4_1_2")
            if row.get("support") and str(row["support"]).strip() not in none_values
        ]
        bodies += bool(mine)
        rows.extend(mine)
    return rows, bodies


def _stage_labels(data: Dataset) -> list[str]:
    item = table_for(data, MUNICIPAL, "Q8_1_current").item
    return [label for code, label in item.options if code in STAGE_CODES]


def _stage_figures(b: _Builder, data: Dataset) -> None:
    """図表18–22: the stage diagram, current and target stage by band, their difference and cross table."""
    stages = _stage_labels(data)
    b.add(18, "diagram", lambda: charts.stage_diagram(stages, title=_chart_title(18)), bases=[1], n=None)
    b.stacked(19, "Q8_1_current", charts.ORDERED)
    b.stacked(20, "Q8_1_target", charts.ORDERED)
    diff = b.table(MUNICIPAL, "stage_difference")
    b.add(
        21,
        "histogram",
        lambda: charts.difference_histogram(diff, title=_chart_title(21)),
        bases=[diff.base],
        n=diff.base,
        sources=[diff],
    )
    matrix = b.crosstab(
        MUNICIPAL,
        "Q8_1_target",
        "item:Q8_1_current",
        row_codes=list(STAGE_CODES),
        column_codes=list(STAGE_CODES),
    )
    b.add(
        22,
        "matrix",
        lambda: charts.cross_matrix_chart(matrix, title=_chart_title(22)),
        bases=[matrix.total.base],
        n=matrix.total.base,
        sources=[matrix],
    )


def report_set(data: Dataset) -> list[FigureSpec]:
    """図表3–34 in report order, with N recomputed from ``data``."""
    b = _Builder(data)
    b.donut(3, MUNICIPAL, "Q5_dept")
    q61 = [b.table(MUNICIPAL, "Q6_1_med"), b.table(MUNICIPAL, "Q6_1_oth")]
    b.add(
        4,
        "stacked",
        lambda: charts.stacked_share_chart(
            q61, title=_chart_title(4), row_labels=MED_OTH, include_total=False
        ),
        bases=[t.base for t in q61],
        n=q61[0].base,
        sources=q61,
        series=MED_OTH,
    )
    b.paired(5, MUNICIPAL, ["Q6_2_med", "Q6_2_oth"])
    b.bar(6, MUNICIPAL, "Q6_3_med")
    b.heat(7, "Q6_3_med", caption_n=False)
    b.bar(8, MUNICIPAL, "Q6_3_oth")
    b.heat(9, "Q6_3_oth", caption_n=False)
    b.paired(10, MUNICIPAL, ["Q6_4_med", "Q6_4_oth"])
    b.paired(11, MUNICIPAL, ["Q6_5_med", "Q6_5_oth"])
    b.heat(12, "Q6_5_med", caption_n=True)
    b.heat(13, "Q6_5_oth", caption_n=True)
    b.stacked(14, "Q6_7", charts.CATEGORICAL)
    b.paired(15, MUNICIPAL, ["Q7_1_med", "Q7_1_oth"])
    b.bar(16, MUNICIPAL, "Q7_2_med")
    b.bar(17, MUNICIPAL, "Q7_2_oth")
    _stage_figures(b, data)
    b.paired(23, MUNICIPAL, ["Q9_1_med", "Q9_1_oth"], caption_n=True)
    b.heat(24, "Q9_1_med", caption_n=True)
    b.heat(25, "Q9_1_oth", caption_n=True)
    b.donut(26, PREFECTURAL, "Q2_1")
    activities, _answered_bodies = activity_rows(data)
    grouped = grouped_rows(((a, len(p.split("、"))) for a, p in activities), load_grouping())
    b.text_table(27, ["区分", "連携して取り組んでいる事業・取組"], grouped, [0.2, 0.8], None)
    b.bar(28, PREFECTURAL, "Q2_2_3_4.leader")
    b.bar(29, PREFECTURAL, "Q2_5")
    b.donut(30, PREFECTURAL, "Q3_1")
    grasp = grasp_rows(data)
    b.text_table(31, ["都県", "連携の把握に向けた取組内容"], grasp, [0.14, 0.86], len(grasp))
    b.donut(32, PREFECTURAL, "Q3_3")
    support, support_bodies = support_rows(data)
    b.text_table(33, ["都県", "支援内容", "支援開始時期"], support, [0.14, 0.66, 0.2], support_bodies)
    b.paired(
        34,
        PREFECTURAL,
        ["Q4_3", "Q4_4"],
        labels=("市区町村が抱えている課題", "優先的に解決の支援をしたい課題"),
        caption_n=True,
    )
    return b.specs


def find_figure(specs: Sequence[FigureSpec], number: int) -> FigureSpec:
    return next(s for s in specs if s.number == number)
