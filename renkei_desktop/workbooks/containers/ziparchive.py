"""Read the workbooks (and nested containers) of a zip archive in memory, with the archive guards.

Member names without the UTF-8 flag are decoded per entry: as UTF-8 when they are valid UTF-8 (macOS
writes UTF-8 without the flag), otherwise as CP932 (Windows' own zip tool). Before anything is
inflated the central directory is checked: member count, declared sizes (each, and the total against
the budget shared by nested archives), compression ratio, ``..`` and absolute names. Inflation never
goes beyond a member's declared size and the CRC is checked. Encrypted members (ZipCrypto, WinZip AES)
are tried with each candidate password, encoded as UTF-8 and as CP932.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from renkei_desktop.workbooks.containers import zipcrypto
from renkei_desktop.workbooks.containers.aes import (
    AES_METHOD,
    WrongPassword,
    aes_extra,
    decrypt_aes,
    verifier_ok,
)
from renkei_desktop.workbooks.containers.common import (
    ArchiveLimits,
    Budget,
    is_container_name,
    is_workbook_name,
)
from renkei_desktop.workbooks.ooxml_zip import inflate
from renkei_desktop.workbooks.safety import MB, UnreadableError, printable

_UTF8_FLAG = 0x800
_ENCRYPTED = 0x1
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_NTFS_EPOCH = 11644473600


@dataclass
class ZipMember:
    name: str  # decoded, with "/" separators
    data: bytes
    stamp: float | None  # the member's own modification time
    sealed: zipcrypto.Sealed | None = None  # still ZipCrypto-encrypted: the reader decrypts it


@dataclass
class ZipContents:
    members: list[ZipMember] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)  # encrypted members no candidate password opens
    names: int = 0  # entries in the archive (files and folders)


def member_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as written: UTF-8 flag, else valid UTF-8, else CP932."""
    if info.flag_bits & _UTF8_FLAG:
        name = info.filename
    else:
        raw = info.orig_filename.encode("cp437")  # zipfile decoded the raw bytes as CP437
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("cp932", errors="replace")
    return name.replace("\\", "/")


def _stamp(info: zipfile.ZipInfo) -> float | None:
    """The member's modification time: NTFS (0x000a) or Unix (0x5455) extra field, else DOS time."""
    extra, pos = info.extra, 0
    while pos + 4 <= len(extra):
        header_id, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        if header_id == 0x000A and len(body) >= 32 and body[4:8] == b"\x01\x00\x18\x00":
            ticks: int = struct.unpack_from("<Q", body, 8)[0]
            return ticks / 1e7 - _NTFS_EPOCH
        if header_id == 0x5455 and len(body) >= 5 and body[0] & 1:
            return float(struct.unpack_from("<i", body, 1)[0])
        pos += 4 + size
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return None


def _check_directory(infos: list[zipfile.ZipInfo], limits: ArchiveLimits, budget: Budget) -> None:
    if len(infos) > limits.max_members:
        raise UnreadableError(
            f"ZIP 内のファイルが多すぎます（{len(infos)} 個、上限 {limits.max_members} 個。ZIP 爆弾の可能性）"
        )
    total = 0
    for info in infos:
        name = member_name(info)
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or ":" in parts[0]:
            raise UnreadableError(f"ZIP に不正なファイル名が含まれています（{printable(name)}）")
        if info.file_size > limits.max_member_bytes:
            raise UnreadableError(
                f"ZIP 内のファイルの展開後サイズが大きすぎます（{printable(name)}: {info.file_size / MB:.0f} MB、"
                f"上限 {limits.max_member_bytes // MB} MB。ZIP 爆弾の可能性）"
            )
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise UnreadableError(
                f"ZIP 内に圧縮率が異常に高いファイルがあります（{printable(name)}、ZIP 爆弾の可能性）"
            )
        total += info.file_size
    budget.take(total, "ZIP")


def _stored_bytes(data: bytes, info: zipfile.ZipInfo) -> bytes:
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise UnreadableError(f"ZIP が壊れています（{printable(info.filename)} のヘッダーが不正です）")
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[-2:]
    body_at = start + _LOCAL_HEADER.size + name_len + extra_len
    stored = data[body_at : body_at + info.compress_size]
    if len(stored) != info.compress_size:
        raise UnreadableError(f"ZIP が壊れています（{printable(info.filename)} が途中で切れています）")
    return stored


def _expand(raw: bytes, method: int, info: zipfile.ZipInfo, check_crc: bool) -> bytes:
    if method == zipfile.ZIP_STORED:
        body = raw
    elif method == zipfile.ZIP_DEFLATED:
        try:
            body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise UnreadableError(
                f"ZIP が壊れています（{printable(info.filename)} を展開できません）"
            ) from exc
    else:
        raise UnreadableError(f"対応していない圧縮形式の ZIP です（{printable(info.filename)}）")
    if len(body) != info.file_size or (check_crc and zlib.crc32(body) != info.CRC):
        raise UnreadableError(f"ZIP が壊れています（{printable(info.filename)} の長さか CRC が一致しません）")
    return body


def _decrypt(
    archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, passwords: list[bytes]
) -> bytes | None:
    """The plain member bytes, or None when no candidate password opens it."""
    aes = aes_extra(info.extra) if info.compress_type == AES_METHOD else None
    for password in passwords:
        if aes is not None:
            version, strength, method = aes
            try:
                raw = decrypt_aes(_stored_bytes(data, info), strength, password)
            except WrongPassword:
                continue
            return _expand(raw, method, info, check_crc=version == 1)
        body = zipcrypto.open_member(_stored_bytes(data, info), _sealed(info), password)
        if body is not None:
            return body
    return None


def _sealed(info: zipfile.ZipInfo) -> zipcrypto.Sealed:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnreadableError(f"対応していない圧縮形式の ZIP です（{printable(info.filename)}）")
    raw_time: int = getattr(info, "_raw_time", 0)  # the DOS time zipfile keeps from the header
    check = (raw_time >> 8) & 0xFF if info.flag_bits & 0x8 else (info.CRC >> 24) & 0xFF
    return zipcrypto.Sealed(info.compress_type, info.CRC, info.file_size, check)


def _seal(
    data: bytes, info: zipfile.ZipInfo, passwords: list[bytes]
) -> tuple[bytes, zipcrypto.Sealed] | None:
    """A ZipCrypto workbook left encrypted for the reading workers, once a candidate passes the
    header check; None when none does."""
    sealed = _sealed(info)
    stored = _stored_bytes(data, info)
    if any(zipcrypto.header_ok(stored, password, sealed.check) for password in passwords):
        return stored, sealed
    return None


def _seal_aes(
    data: bytes, info: zipfile.ZipInfo, passwords: list[bytes], hint: int | None
) -> tuple[bytes, zipcrypto.Sealed] | None:
    """An AES workbook left encrypted for the reading workers. The key derivation costs about 1 ms a
    try, so only the archive's first AES member is checked here (``hint`` is then the candidate that
    fitted); the workers decrypt and authenticate every member. None when no candidate fits."""
    aes = aes_extra(info.extra)
    if aes is None:
        raise UnreadableError(f"ZIP が壊れています（{printable(info.filename)} の暗号化情報がありません）")
    version, strength, method = aes
    if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnreadableError(f"対応していない圧縮形式の ZIP です（{printable(info.filename)}）")
    stored = _stored_bytes(data, info)
    if hint is None:
        hint = next((i for i, p in enumerate(passwords) if verifier_ok(stored, strength, p)), None)
        if hint is None:
            return None
    sealed = zipcrypto.Sealed(method, info.CRC, info.file_size, 0, True, (version, strength), hint)
    return stored, sealed


def _plain(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        try:
            return inflate(data, info)
        except UnreadableError as exc:
            raise UnreadableError(
                str(exc).replace("ファイルが壊れています", "ZIP が壊れています", 1)
            ) from exc
    if info.compress_type == AES_METHOD:
        raise UnreadableError(f"ZIP が壊れています（{printable(info.filename)}）")
    try:
        with archive.open(info) as handle:
            body = handle.read(info.file_size + 1)
    except (NotImplementedError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UnreadableError(f"対応していない形式か壊れた ZIP です（{printable(info.filename)}）") from exc
    if len(body) != info.file_size:
        raise UnreadableError(f"ZIP が壊れています（{printable(info.filename)} の長さが一致しません）")
    return body


def read_zip(data: bytes, passwords: Sequence[str], limits: ArchiveLimits, budget: Budget) -> ZipContents:
    """The workbooks and nested containers of the zip ``data`` (other members are not inflated)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error) as exc:
        raise UnreadableError("ZIP が壊れています（目次を読めません）") from exc
    _check_directory(infos, limits, budget)
    contents = ZipContents(names=len(infos))
    keys = zipcrypto.candidates(passwords)
    aes_hint: int | None = None
    for info in infos:
        name = member_name(info)
        if info.is_dir() or name.startswith("__MACOSX/"):
            continue
        if not (is_workbook_name(name) or is_container_name(name)):
            continue
        if info.flag_bits & _ENCRYPTED and info.compress_type == AES_METHOD and is_workbook_name(name):
            aes_opened = _seal_aes(data, info, keys, aes_hint)
            if aes_opened is None:
                contents.locked.append(name)
            else:
                aes_hint = aes_opened[1].hint
                contents.members.append(ZipMember(name, aes_opened[0], _stamp(info), aes_opened[1]))
            continue
        if info.flag_bits & _ENCRYPTED and info.compress_type != AES_METHOD and is_workbook_name(name):
            opened = _seal(data, info, keys)
            if opened is None:
                contents.locked.append(name)
            else:
                contents.members.append(ZipMember(name, opened[0], _stamp(info), opened[1]))
            continue
        if is_workbook_name(name) and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # inflated (and CRC-checked) by the reading workers, in parallel
            sealed = replace(_sealed(info), encrypted=False)
            contents.members.append(ZipMember(name, _stored_bytes(data, info), _stamp(info), sealed))
            continue
        if info.flag_bits & _ENCRYPTED:
            body = _decrypt(archive, data, info, keys)
            if body is None:
                contents.locked.append(name)
                continue
        else:
            body = _plain(archive, data, info)
        contents.members.append(ZipMember(name, body, _stamp(info)))
    return contents
