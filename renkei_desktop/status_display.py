"""How statuses are shown: Japanese labels, short marks and colours (plain functions, no Qt)."""

from __future__ import annotations

from renkei_desktop import dataset as ds
from renkei_desktop.validation import QUERY_STATUSES, ItemStatus

# colours chosen to stay distinguishable for colour-blind users and in greyscale (light → dark)
STATUS_COLOURS = {
    ItemStatus.ANSWERED: "#cfe8cf",
    ItemStatus.UNANSWERED: "#f6c38b",
    ItemStatus.NOT_ASKED: "#e6e6e6",
    ItemStatus.NOT_ASKED_BUT_ANSWERED: "#d55e00",
    ItemStatus.INVALID: "#d55e00",
    ItemStatus.EXCLUSIVE_CONFLICT: "#d55e00",
}
STATUS_MARKS = {
    ItemStatus.ANSWERED: "○",
    ItemStatus.UNANSWERED: "未",
    ItemStatus.NOT_ASKED: "－",
    ItemStatus.NOT_ASKED_BUT_ANSWERED: "！",
    ItemStatus.INVALID: "！",
    ItemStatus.EXCLUSIVE_CONFLICT: "！",
}
LEGEND = (
    ("回答済", STATUS_COLOURS[ItemStatus.ANSWERED]),
    ("未回答", STATUS_COLOURS[ItemStatus.UNANSWERED]),
    ("対象外（スキップ）", STATUS_COLOURS[ItemStatus.NOT_ASKED]),
    ("要確認", STATUS_COLOURS[ItemStatus.INVALID]),
)
ROW_STATUS_COLOURS: dict[str, str] = {
    ds.RETURNED: "#ffffff",
    ds.MISSING: "#f2f2f2",
    ds.DUPLICATE: "#fff2cc",
    ds.UNREADABLE: "#f4cccc",
}


def is_query(status: ItemStatus | None) -> bool:
    return status in QUERY_STATUSES


def text_colour_for(status: ItemStatus | None) -> str:
    """Black on every status colour: at least 4.5:1 (JIS X 8341-3 / WCAG 1.4.3). White on the 要確認
    orange #d55e00 was only 3.87:1; black is 5.43:1."""
    return "#000000"


def summary_text(data: ds.Dataset) -> str:
    """The one-line 回収 summary, the same in the window's status bar and at the end of a CLI export."""
    s = data.summary()
    rate = 100 * s["municipal_returned"] / s["municipal_targets"] if s["municipal_targets"] else 0.0
    return (
        f"回収 {s['municipal_returned']}/{s['municipal_targets']}（{rate:.1f}%）・都県 "
        f"{s['prefectural_returned']}/{s['prefectural_targets']}・要確認 {s['needs_query']} 件・"
        f"読込不可 {s['unreadable']} 件"
        + (f"（うちパスワード待ち {s['password_pending']} 件）" if s.get("password_pending") else "")
    )
