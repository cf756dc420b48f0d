"""What became of each file and each target body: one vocabulary for reading, the dataset and the outputs.

The values are the strings written to ``response_status.csv`` (a :class:`~enum.StrEnum` compares and prints
as its value, so CSV, JSON and logs are unchanged).
"""

from __future__ import annotations

from enum import StrEnum


class FileStatus(StrEnum):
    # a target body
    RETURNED = "returned"  # its newest readable response is counted
    MISSING = "missing"  # nothing arrived
    # a file that is not counted
    DUPLICATE = "duplicate"  # another file of the same body counts
    UNREADABLE = "unreadable"  # corrupt, encrypted without a password, not a workbook …
    WRONG_FORM = "wrong_form"  # a workbook, but not one of the survey's forms
    UNMATCHED = "unmatched"  # a form whose body is not a target (or cannot be identified)
    NO_WORKBOOK = "no_workbook"  # a zip or mail that holds no workbook (listed so that nothing vanishes)
    # reading only: the file was read and matches a form
    READ_OK = "ok"


STATUS_LABELS: dict[str, str] = {
    FileStatus.RETURNED: "提出済",
    FileStatus.MISSING: "未提出",
    FileStatus.DUPLICATE: "重複",
    FileStatus.UNREADABLE: "読込不可",
    FileStatus.WRONG_FORM: "様式違い",
    FileStatus.UNMATCHED: "対象外・団体不明",
    FileStatus.NO_WORKBOOK: "ブックなし",
}
PROBLEM_STATUSES = (
    FileStatus.DUPLICATE,
    FileStatus.UNREADABLE,
    FileStatus.WRONG_FORM,
    FileStatus.UNMATCHED,
    FileStatus.NO_WORKBOOK,
)
