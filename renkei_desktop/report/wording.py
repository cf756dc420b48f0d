"""The wording of the generated narrative: every threshold and sentence template in one place.

Staff tune the draft here. A template is a ``str.format`` pattern; the names in braces are filled by
``report.narrative``. Every percent it fills in is the app's own tabulated value, printed with one decimal
(``82.7%``) and always next to the option it belongs to, quoted with its number as printed (「1.防災担当」).
The sentences are a draft: short, factual, without judgement.
"""

from __future__ import annotations

from renkei_desktop.charts.grouped import HIGHLIGHT_POINTS

# A population band "stands out" when its share is at least this many points above 全体. The heat tables
# (図表7, 9, 12, 13, 24, 25) mark exactly these cells, so the text and the figure point at the same numbers.
BAND_GAP_POINTS: float = HIGHLIGHT_POINTS
# A 医療・介護・福祉分野 vs それ以外 difference (paired bars) worth a sentence, in points.
CONTRAST_POINTS: float = 10.0
# Leading options: at least LEADING_MIN, at most LEADING_MAX, taking those within LEADING_WINDOW points
# of the most frequent one.
LEADING_MIN = 2
LEADING_MAX = 3
LEADING_WINDOW = 15.0
# How many contrasts / standing-out cells one paragraph names at most.
MAX_CONTRASTS = 3
MAX_BAND_NOTES = 4
# Stage figures (図表19–22): the "organisational" stages that the report adds up.
UPPER_STAGES = (4, 5)
# 図表21: neighbours of the most frequent difference with at least this share are added up.
DIFF_CLUSTER_SHARE = 20.0

# Units for counts: a municipality or a prefecture.
UNIT = {"municipal": "自治体", "prefectural": "都県"}

LEAD_ONE = "{subject}{a}と回答した割合が最も高く、{pa}であった。"
LEAD_MANY = "{subject}{options}と回答した割合が高く、それぞれ{percents}であった。"
CONTRAST = "{a}は、{label1}では{p1}、{label2}では{p2}と{diff:.1f}ポイントの差がある。"
BAND_INTRO = "人口規模別にみると、"
BAND_ABOVE = "{band}では{option}が{pb}と、全体（{pt}）を{points:.0f}ポイント以上上回る。"
SAME_TOP = "人口規模にかかわらず、{option}の割合が最も高い。"
BAND_NONE = "人口規模別にみて、全体を{points:.0f}ポイント以上上回る層はなかった。"
SHARES = "{subject}{items}であった。"
COMBINED = "{options}を合わせると{subject}{p}{bands}であった。"
COMBINED_BANDS = "、人口規模別では{items}"
DIFF_MODE = "目指したい段階と現状の差分として最も多いのは{a}で、{n}{unit}（{p}）であった。"
DIFF_RANGE = "{options}を合わせると{n}{unit}（{p}）であり、{zero}は{nz}{unit}（{pz}）であった。"
MATRIX = "現状の段階別に{options}を目指す割合をみると、{items}であった。"
TEXT_ROWS = "{n}件の回答を抜粋して掲載する。"
TEXT_BODIES = "{n}{unit}の回答を掲載する。"
DIAGRAM = "連携の段階を{n}段階で示し、現在の段階と目指したい段階を調査した。"

LIST_SEP = "、"
OPTION_QUOTE = "「{label}」"
PERCENT = "{value:.1f}%"
