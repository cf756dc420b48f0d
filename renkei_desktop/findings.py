"""Findings: what a person should look at (a file, a cell, a contradiction), with Japanese messages."""

from __future__ import annotations

from dataclasses import dataclass

PASSWORD_NEEDED = "パスワードが必要です"  # = renkei_desktop.workbooks.containers.common.PASSWORD_NEEDED

DUPLICATE = "duplicate"
UNREADABLE = "unreadable"
WRONG_FORM = "wrong_form"
UNMATCHED = "unmatched"
NO_WORKBOOK = "no_workbook"
LAYOUT_SHIFTED = "layout_shifted"
INVALID_VALUE = "invalid_value"
NOT_ASKED_BUT_ANSWERED = "not_asked_but_answered"
EXCLUSIVE_CONFLICT = "exclusive_conflict"
UNANSWERED = "unanswered"

FILE_LEVEL_KINDS = (DUPLICATE, UNREADABLE, WRONG_FORM, UNMATCHED, NO_WORKBOOK)
FINDING_KINDS = (
    *FILE_LEVEL_KINDS,
    LAYOUT_SHIFTED,
    INVALID_VALUE,
    NOT_ASKED_BUT_ANSWERED,
    EXCLUSIVE_CONFLICT,
    UNANSWERED,
)
KIND_LABELS = {
    DUPLICATE: "重複",
    UNREADABLE: "読込不可",
    WRONG_FORM: "様式違い",
    UNMATCHED: "対象外・団体不明",
    NO_WORKBOOK: "ブックなし",
    LAYOUT_SHIFTED: "レイアウトのずれ",
    INVALID_VALUE: "不正な値",
    NOT_ASKED_BUT_ANSWERED: "回答不要の設問に回答",
    EXCLUSIVE_CONFLICT: "排他選択肢と他の選択肢を同時に選択",
    UNANSWERED: "未回答",
}
# Findings that need a query to the respondent (要確認); unanswered items are reminders, not queries.
QUERY_KINDS = frozenset({INVALID_VALUE, NOT_ASKED_BUT_ANSWERED, EXCLUSIVE_CONFLICT})


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the input folder, with '/'
    survey: str | None
    code: str | None
    question_id: str | None
    cell: str | None  # the cell as it is in the user's workbook (layout shift applied)
    kind: str
    message: str
    raw: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def needs_query(self) -> bool:
        return self.kind in QUERY_KINDS

    @property
    def password_pending(self) -> bool:
        """An unreadable file that only waits for its password (the message says 「パスワードが必要です」)."""
        return self.kind == UNREADABLE and self.message.startswith(PASSWORD_NEEDED)
