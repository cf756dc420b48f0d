"""Outlook ``.msg`` files (OLE compound files, [MS-OXMSG]) read with olefile: attachments and a date.

Each attachment is a storage ``__attach_version1.0_#XXXXXXXX`` holding its long file name
(``__substg1.0_3707001F``, else the short one ``3704001F``) and its bytes (``37010102``); an attached
mail (``3701000D`` storage) is walked like the top-level one. The message time is the submit time
(PR_CLIENT_SUBMIT_TIME), else the delivery time, from the fixed-size property stream.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

import olefile

from renkei_desktop.workbooks.containers.common import ArchiveLimits, Budget
from renkei_desktop.workbooks.containers.mail import Attachment
from renkei_desktop.workbooks.safety import UnreadableError

_PROPS = "__properties_version1.0"
_ATTACH = "__attach_version1.0_#"
_SUBMIT_TIME = 0x0039
_DELIVERY_TIME = 0x0E06
_PT_SYSTIME = 0x0040
_FILETIME_EPOCH = 11644473600


@dataclass
class MsgContents:
    sent: float | None
    attachments: list[Attachment] = field(default_factory=list)


def _read(ole: olefile.OleFileIO, path: list[str], limits: ArchiveLimits) -> bytes | None:
    if not ole.exists("/".join(path)):
        return None
    if ole.get_size("/".join(path)) > limits.max_member_bytes:
        raise UnreadableError(
            f"メールの添付ファイルが大きすぎます（上限 {limits.max_member_bytes // (1 << 20)} MB）"
        )
    with ole.openstream(path) as handle:
        data: bytes = handle.read()
    return data


def _text(ole: olefile.OleFileIO, path: list[str], limits: ArchiveLimits) -> str | None:
    raw = _read(ole, path, limits)
    return raw.decode("utf-16-le", errors="replace").rstrip("\x00") if raw is not None else None


def _message_time(props: bytes | None, header: int) -> float | None:
    if not props:
        return None
    found: dict[int, float] = {}
    for pos in range(header, len(props) - 15, 16):
        tag, _flags, value = struct.unpack_from("<IIQ", props, pos)
        if tag & 0xFFFF == _PT_SYSTIME and tag >> 16 in (_SUBMIT_TIME, _DELIVERY_TIME) and value:
            found[tag >> 16] = value / 1e7 - _FILETIME_EPOCH
    return found.get(_SUBMIT_TIME, found.get(_DELIVERY_TIME))


def _walk(
    ole: olefile.OleFileIO,
    base: list[str],
    limits: ArchiveLimits,
    budget: Budget,
    out: list[Attachment],
    depth: int,
) -> None:
    storages = sorted(
        {
            entry[len(base)]
            for entry in ole.listdir(streams=True, storages=True)
            if len(entry) > len(base) and entry[: len(base)] == base and entry[len(base)].startswith(_ATTACH)
        }
    )
    if len(storages) > limits.max_members:
        raise UnreadableError(f"メールの添付ファイルが多すぎます（上限 {limits.max_members} 個）")
    for storage in storages:
        where = [*base, storage]
        embedded = [*where, "__substg1.0_3701000D"]
        if ole.exists("/".join(embedded)):
            if depth < limits.max_depth:
                _walk(ole, embedded, limits, budget, out, depth + 1)
            continue
        name = _text(ole, [*where, "__substg1.0_3707001F"], limits) or _text(
            ole, [*where, "__substg1.0_3704001F"], limits
        )
        data = _read(ole, [*where, "__substg1.0_37010102"], limits)
        if not name or data is None:
            continue
        budget.take(len(data), name)
        out.append(Attachment(name.replace("\\", "/").rsplit("/", 1)[-1], data))


def read_msg(data: bytes, limits: ArchiveLimits, budget: Budget) -> MsgContents:
    """The attachments and the send time of the Outlook message ``data``."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableError("Outlook のメール（.msg）として読めません（ファイルが壊れています）") from exc
    try:
        if not ole.exists(_PROPS):
            raise UnreadableError("Outlook のメール（.msg）ではありません")
        contents = MsgContents(_message_time(_read(ole, [_PROPS], limits), 32))
        _walk(ole, [], limits, budget, contents.attachments, 1)
    except UnreadableError:
        raise
    except Exception as exc:
        raise UnreadableError("Outlook のメール（.msg）が壊れています") from exc
    finally:
        ole.close()
    return contents
