"""Shared pieces of container reading: members, notes, archive limits and the expansion budget."""

from __future__ import annotations

from dataclasses import dataclass

from renkei_desktop.workbooks.safety import MB, UnreadableError

# The text every "still locked" message starts with: the GUI's password dialog, the reminder list
# (受領・パスワード待ち) and the tests recognise a password-pending file by it.
PASSWORD_NEEDED = "パスワードが必要です"

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CONTAINER_SUFFIXES = (".zip", ".eml", ".msg")


class PasswordNeeded(UnreadableError):
    """An encrypted container or member whose password is not (yet) among the candidates."""


def password_message(what: str, tried: int) -> str:
    """The Japanese reason for a still-locked file (always starts with :data:`PASSWORD_NEEDED`)."""
    if tried:
        return f"{PASSWORD_NEEDED}（{what}。入力されたパスワード {tried} 件では開けませんでした）"
    return f"{PASSWORD_NEEDED}（{what}。パスワードを入力すると読み込みます）"


def is_password_pending(message: str | None) -> bool:
    """Whether a file's reason says that only its password is missing."""
    return bool(message) and message.startswith(PASSWORD_NEEDED)  # type: ignore[union-attr]


@dataclass(frozen=True)
class ArchiveLimits:
    """Limits for containers (the workbook limits of :class:`~renkei_desktop.workbooks.safety.Limits`
    still apply to each workbook found inside)."""

    max_container_bytes: int = 200 * MB  # a zip or mail file on disk
    max_members: int = 5000  # entries of one archive, attachments of one mail
    max_member_bytes: int = 30 * MB  # one member, uncompressed (= the workbook file limit)
    max_total_bytes: int = 256 * MB  # everything inflated from one top-level container
    max_ratio: int = 200  # uncompressed / compressed, for members over 1 MB
    max_depth: int = 4  # containers inside containers (a zip in a zip in a mail = 3)
    time_budget: float = 60.0  # seconds for one top-level container


DEFAULT_ARCHIVE_LIMITS = ArchiveLimits()


@dataclass
class Budget:
    """What one top-level container may still inflate (shared by its nested containers)."""

    limits: ArchiveLimits
    left: int = -1

    def __post_init__(self) -> None:
        if self.left < 0:
            self.left = self.limits.max_total_bytes

    def take(self, size: int, name: str) -> None:
        if size > self.left:
            raise UnreadableError(
                f"展開後の合計サイズが大きすぎます（{name} で上限 {self.limits.max_total_bytes // MB} MB を超えます。"
                "ZIP 爆弾の可能性）"
            )
        self.left -= size


def is_workbook_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(("~$", ".")) and base.lower().endswith(WORKBOOK_SUFFIXES)


def is_container_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(("~$", ".")) and base.lower().endswith(CONTAINER_SUFFIXES)
