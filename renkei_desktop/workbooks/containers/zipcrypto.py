"""Traditional PKWARE encryption ("ZipCrypto"), the default of 7-Zip and most Japanese archivers.

The cipher is byte-serial (its keys follow the plain text), so it runs in Python at well under
1 MB/s. A workbook member is therefore only *checked* where the archive is opened (the 12-byte header
with each candidate password, microseconds) and handed on still encrypted, as a :class:`Sealed`
member: the reading worker processes decrypt it in parallel (:func:`unseal`). Members that are
containers themselves are decrypted at once, since they must be opened to go on.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from renkei_desktop.workbooks.safety import UnreadableError


def _table() -> list[int]:
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC = _table()
HEADER = 12


@dataclass(frozen=True)
class Sealed:
    """What opening a member handed on still compressed (and maybe ZipCrypto-encrypted) needs besides
    its bytes and the password: the reading workers inflate (and decrypt) it in parallel."""

    method: int  # 0 stored, 8 deflated
    crc: int
    size: int
    check: int  # the last header byte must equal this (CRC or time high byte)
    encrypted: bool = True  # False: only compressed
    aes: tuple[int, int] | None = None  # WinZip AES (vendor version, key strength) instead of ZipCrypto
    hint: int = 0  # which candidate (in :func:`candidates` order) opened another member of the archive


def _keys(password: bytes) -> tuple[int, int, int]:
    t = _CRC
    k0, k1, k2 = 305419896, 591751049, 878082192
    for p in password:
        k0 = (k0 >> 8) ^ t[(k0 ^ p) & 0xFF]
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = (k2 >> 8) ^ t[(k2 ^ (k1 >> 24)) & 0xFF]
    return k0, k1, k2


def decrypt(data: bytes, password: bytes) -> bytes:
    """ZipCrypto-decrypt ``data`` (header included) with the keys of ``password``."""
    t = _CRC
    k0, k1, k2 = _keys(password)
    out = bytearray(len(data))
    for i, byte in enumerate(data):
        k = k2 | 2
        c = byte ^ (((k * (k ^ 1)) >> 8) & 0xFF)
        out[i] = c
        k0 = (k0 >> 8) ^ t[(k0 ^ c) & 0xFF]
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = (k2 >> 8) ^ t[(k2 ^ (k1 >> 24)) & 0xFF]
    return bytes(out)


def header_ok(stored: bytes, password: bytes, check: int) -> bool:
    """The cheap password check: the 12th decrypted header byte (1 in 256 wrong passwords pass too)."""
    return len(stored) >= HEADER and decrypt(stored[:HEADER], password)[-1] == check


def _inflate(raw: bytes, sealed: Sealed) -> bytes | None:
    """The member's bytes, inflated no further than its declared size, or None (length or CRC)."""
    try:
        body = (
            raw
            if sealed.method == 0
            else zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, sealed.size + 1)
        )
    except zlib.error:
        return None
    ae2 = sealed.aes is not None and sealed.aes[0] == 2  # AE-2 stores no CRC: the HMAC authenticates
    if len(body) != sealed.size or (not ae2 and zlib.crc32(body) != sealed.crc):
        return None
    return body


def open_member(stored: bytes, sealed: Sealed, password: bytes) -> bytes | None:
    """The plain member, or None when ``password`` does not fit (header, inflate or CRC fails)."""
    if sealed.aes is not None:
        from renkei_desktop.workbooks.containers.aes import WrongPassword, decrypt_aes

        try:
            return _inflate(decrypt_aes(stored, sealed.aes[1], password), sealed)
        except WrongPassword:
            return None
    if not header_ok(stored, password, sealed.check):
        return None
    return _inflate(decrypt(stored, password)[HEADER:], sealed)


def unseal(stored: bytes, sealed: Sealed, passwords: Sequence[str]) -> bytes | None:
    """The plain bytes of a sealed member. An encrypted one is tried with every candidate (as UTF-8
    and CP932); None when none opens it. A compressed-only one that does not inflate to its declared
    length and CRC raises :class:`UnreadableError`."""
    if not sealed.encrypted:
        body = _inflate(stored, sealed)
        if body is None:
            raise UnreadableError("ZIP が壊れています（ファイルの長さか CRC が一致しません）")
        return body
    keys = candidates(passwords)
    if 0 < sealed.hint < len(keys):
        keys.insert(0, keys.pop(sealed.hint))
    for password in keys:
        body = open_member(stored, sealed, password)
        if body is not None:
            return body
    return None


def candidates(passwords: Sequence[str]) -> list[bytes]:
    """Each password as UTF-8 and as CP932 (what Japanese archivers use for ZipCrypto), once."""
    out: list[bytes] = []
    for password in passwords:
        for encoding in ("utf-8", "cp932"):
            try:
                encoded = password.encode(encoding)
            except UnicodeEncodeError:
                continue
            if encoded not in out:
                out.append(encoded)
    return out
