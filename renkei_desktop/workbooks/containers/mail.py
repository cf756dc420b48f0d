"""Saved e-mails (``.eml``, RFC 5322/MIME): the attached files and the mail's ``Date:``.

Attachment names come from the standard library's header parser with the modern policy, which
decodes RFC 2231 (``filename*=ISO-2022-JP''…``) and RFC 2047 (``=?ISO-2022-JP?B?…?=``) names; raw 8-bit
names are taken as UTF-8, else CP932. Bodies are split and decoded by
:mod:`~renkei_desktop.workbooks.containers.mime_split`. Forwarded mails (``message/rfc822``) are walked
too.
"""

from __future__ import annotations

import binascii
import email.utils
from dataclasses import dataclass, field
from email.message import Message

from renkei_desktop.workbooks.containers.common import ArchiveLimits, Budget
from renkei_desktop.workbooks.containers.mime_split import decode_body, split_headers, walk
from renkei_desktop.workbooks.safety import UnreadableError


@dataclass
class Attachment:
    name: str
    data: bytes


@dataclass
class MailContents:
    sent: float | None  # the Date: header, as a POSIX time
    subject: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def mail_date(message: Message) -> float | None:
    """The ``Date:`` header as a POSIX time (a header without a zone is taken as local time)."""
    value = message.get("Date")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return when.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def _fix_raw(name: str) -> str:
    """A header written as raw 8-bit bytes arrives with surrogate escapes: decode it properly."""
    try:
        raw = name.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # a malformed parameter: the part has no usable name
        return None
    if not name:
        return None
    name = _fix_raw(str(name)).replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or None


def read_mail(data: bytes, limits: ArchiveLimits, budget: Budget) -> MailContents:
    """Every named attachment of the mail ``data`` (bodies without a file name are skipped)."""
    try:
        message, _ = split_headers(data)
    except Exception as exc:
        raise UnreadableError("メールが壊れています（読み込めません）") from exc
    if not message.keys() or (message.get("From") is None and message.get("Date") is None):
        raise UnreadableError("メールの形式ではありません（.eml として読めません）")
    contents = MailContents(mail_date(message), str(message.get("Subject", "") or ""))
    try:
        for count, (headers, body) in enumerate(walk(data)):
            if count > limits.max_members:
                raise UnreadableError(f"メールの部品が多すぎます（上限 {limits.max_members} 個）")
            name = _filename(headers)
            if name is None:
                continue
            try:
                payload = decode_body(headers, body)
            except (binascii.Error, ValueError) as exc:
                raise UnreadableError(f"メールの添付ファイル「{name}」を取り出せません") from exc
            budget.take(len(payload), name)
            contents.attachments.append(Attachment(name, payload))
    except UnreadableError:
        raise
    except Exception as exc:  # MimeError, or a header the parser cannot take
        raise UnreadableError("メールが壊れています（構造を読めません）") from exc
    return contents
