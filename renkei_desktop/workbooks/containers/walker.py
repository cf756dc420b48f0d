"""Expand one container file (zip, .eml, .msg, nested to a limited depth) into workbooks and notes.

A member is named by its path through the containers (``bundle.zip/dir/08xxx.xlsx``,
``回答.eml/回答.xlsx``). Whatever yields no workbook (a mail without attachment, an archive without a
workbook, a refused bomb, a missing password) becomes a :class:`Note` with a Japanese reason, so that
nothing a user dropped vanishes without a line.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from renkei_desktop.workbooks.containers.common import (
    DEFAULT_ARCHIVE_LIMITS,
    ArchiveLimits,
    Budget,
    is_container_name,
    is_password_pending,
    is_workbook_name,
    password_message,
)
from renkei_desktop.workbooks.containers.mail import Attachment, read_mail
from renkei_desktop.workbooks.containers.outlook import read_msg
from renkei_desktop.workbooks.containers.ziparchive import read_zip
from renkei_desktop.workbooks.containers.zipcrypto import Sealed
from renkei_desktop.workbooks.opener import read_bytes
from renkei_desktop.workbooks.safety import Limits, UnreadableError, printable


@dataclass(frozen=True)
class ContainerMember:
    """A workbook found inside a container, as bytes."""

    display: str  # the path through the containers
    chain: tuple[str, ...]  # member names from the top-level container down
    data: bytes
    sent: float | None  # the zip member's own time, or the mail's Date:
    sealed: Sealed | None = None  # still ZipCrypto-encrypted (the reader decrypts it)


@dataclass(frozen=True)
class Note:
    """A container (or a part of one) that yields no workbook, and why."""

    display: str
    message: str
    empty: bool = False  # opened fine, but holds no workbook (not an error)

    @property
    def password_pending(self) -> bool:
        return is_password_pending(self.message)


@dataclass
class Expansion:
    members: list[ContainerMember] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Walk:
    passwords: Sequence[str]
    limits: ArchiveLimits
    budget: Budget
    started: float
    out: Expansion

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.limits.time_budget:
            raise UnreadableError(
                f"展開に時間がかかりすぎるため中止しました（{self.limits.time_budget:.0f} 秒を超えました）"
            )


def _kind(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def _found(
    walk: _Walk,
    display: str,
    chain: tuple[str, ...],
    name: str,
    data: bytes,
    sent: float | None,
    depth: int,
    sealed: Sealed | None = None,
) -> bool:
    """Hand on one member; True when it is (or yields) something the user should see."""
    child, child_chain = f"{display}/{name}", (*chain, name)
    if is_workbook_name(name):
        walk.out.members.append(ContainerMember(child, child_chain, data, sent, sealed))
        return True
    if not is_container_name(name):
        return False
    if depth >= walk.limits.max_depth:
        walk.out.notes.append(
            Note(child, f"入れ子が深すぎるため開きません（{walk.limits.max_depth} 段まで。ZIP 爆弾の可能性）")
        )
        return True
    _expand(walk, child, child_chain, data, _kind(name), depth + 1)
    return True


def _expand(walk: _Walk, display: str, chain: tuple[str, ...], data: bytes, kind: str, depth: int) -> None:
    try:
        walk.check_time()
        if kind == "zip":
            _expand_zip(walk, display, chain, data, depth)
        else:
            contents = (
                read_mail(data, walk.limits, walk.budget)
                if kind == "eml"
                else read_msg(data, walk.limits, walk.budget)
            )
            _expand_mail(walk, display, chain, contents.attachments, contents.sent, depth)
    except UnreadableError as exc:
        walk.out.notes.append(Note(display, str(exc)))


def _expand_zip(walk: _Walk, display: str, chain: tuple[str, ...], data: bytes, depth: int) -> None:
    contents = read_zip(data, walk.passwords, walk.limits, walk.budget)
    shown = False
    for member in contents.members:
        walk.check_time()
        shown |= _found(walk, display, chain, member.name, member.data, member.stamp, depth, member.sealed)
    if contents.locked:
        walk.out.notes.append(
            Note(
                display,
                password_message(
                    f"暗号化された ZIP です（ブック等 {len(contents.locked)} 件）", len(walk.passwords)
                ),
            )
        )
    elif not shown:
        walk.out.notes.append(
            Note(
                display,
                f"ZIP に Excel ブックが含まれていません（{contents.names} 個のファイル・フォルダ）",
                True,
            )
        )


def _expand_mail(
    walk: _Walk,
    display: str,
    chain: tuple[str, ...],
    attachments: list[Attachment],
    sent: float | None,
    depth: int,
) -> None:
    shown = False
    for attachment in attachments:
        walk.check_time()
        shown |= _found(walk, display, chain, attachment.name, attachment.data, sent, depth)
    if not shown:
        names = "、".join(printable(a.name, 40) for a in attachments[:3])
        detail = f"添付ファイル {len(attachments)} 件: {names}" if attachments else "添付ファイルなし"
        walk.out.notes.append(Note(display, f"メールに Excel ブックが添付されていません（{detail}）", True))


DROPPED = "Outlook からドロップ"


def expand_dropped(
    files: Sequence[tuple[str, bytes]],
    passwords: Sequence[str] = (),
    limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
) -> Expansion:
    """Files dropped straight out of a mail program (held in memory only), as if they were the
    members of one container named :data:`DROPPED`."""
    walk = _Walk(passwords, limits, Budget(limits), time.monotonic(), Expansion())
    for name, data in files:
        try:
            walk.budget.take(len(data), name)
            shown = _found(walk, DROPPED, (), name, data, None, 1)
        except UnreadableError as exc:
            walk.out.notes.append(Note(f"{DROPPED}/{name}", str(exc)))
            continue
        if not shown:
            walk.out.notes.append(
                Note(f"{DROPPED}/{name}", "Excel ブック・ZIP・メールではありません（読み込みません）", True)
            )
    return walk.out


def expand_container(
    path: Path,
    display: str,
    passwords: Sequence[str] = (),
    limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
) -> Expansion:
    """Every workbook inside the container file ``path`` and a note for each part that yields none
    (never raises for a bad file)."""
    walk = _Walk(passwords, limits, Budget(limits), time.monotonic(), Expansion())
    try:
        data = read_bytes(path, Limits(max_file_bytes=limits.max_container_bytes))
    except UnreadableError as exc:
        walk.out.notes.append(Note(display, str(exc)))
        return walk.out
    _expand(walk, display, (), data, _kind(path.name), 1)
    return walk.out
