"""WinZip AES (AE-1/AE-2) decryption of one zip member, as 7-Zip and many Japanese archivers write it.

Key derivation is PBKDF2-HMAC-SHA1 (1,000 rounds) over the member's salt; the data is AES in CTR mode
with a little-endian counter starting at 1, authenticated by HMAC-SHA1 (first 10 bytes). The block
cipher comes from ``cryptography`` (already shipped with msoffcrypto-tool), so no zip library is added.
"""

from __future__ import annotations

import hashlib
import hmac
import struct

from renkei_desktop.workbooks.safety import UnreadableError

AES_METHOD = 99
_EXTRA_ID = 0x9901
_KEY_BYTES = {1: 16, 2: 24, 3: 32}
_SALT_BYTES = {1: 8, 2: 12, 3: 16}
_AUTH_BYTES = 10


class WrongPassword(Exception):
    """The password verifier or the authentication code does not match."""


def aes_extra(extra: bytes) -> tuple[int, int, int] | None:
    """(vendor version 1|2, key strength 1..3, real compression method) from an 0x9901 extra field."""
    pos = 0
    while pos + 4 <= len(extra):
        header_id, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        if header_id == _EXTRA_ID and len(body) >= 7 and body[2:4] == b"AE":
            version, strength, method = (
                struct.unpack_from("<H", body, 0)[0],
                body[4],
                struct.unpack_from("<H", body, 5)[0],
            )
            if strength not in _KEY_BYTES:
                raise UnreadableError("対応していない AES 暗号化の ZIP です（鍵長が不明です）")
            return version, strength, method
        pos += 4 + size
    return None


def _keystream_xor(key: bytes, data: bytes) -> bytes:
    """AES-CTR with WinZip's little-endian counter (1, 2, …), XORed onto ``data``."""
    import numpy as np
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    blocks = (len(data) + 15) // 16
    counters = np.zeros((blocks, 2), dtype="<u8")
    counters[:, 0] = np.arange(1, blocks + 1, dtype="<u8")
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    stream = encryptor.update(counters.tobytes()) + encryptor.finalize()
    plain = np.frombuffer(data, dtype=np.uint8) ^ np.frombuffer(stream, dtype=np.uint8, count=len(data))
    return plain.tobytes()


def verifier_ok(stored: bytes, strength: int, password: bytes) -> bool:
    """The cheap check (one key derivation, the 2-byte verifier; 1 in 65,536 wrong passwords pass)."""
    key_len, salt_len = _KEY_BYTES[strength], _SALT_BYTES[strength]
    if len(stored) < salt_len + 2 + _AUTH_BYTES:
        return False
    derived = hashlib.pbkdf2_hmac("sha1", password, stored[:salt_len], 1000, 2 * key_len + 2)
    return hmac.compare_digest(derived[2 * key_len :], stored[salt_len : salt_len + 2])


def decrypt_aes(stored: bytes, strength: int, password: bytes) -> bytes:
    """The compressed member bytes; :class:`WrongPassword` when the password does not fit."""
    key_len, salt_len = _KEY_BYTES[strength], _SALT_BYTES[strength]
    if len(stored) < salt_len + 2 + _AUTH_BYTES:
        raise UnreadableError("ファイルが壊れています（AES 暗号化された部品が短すぎます）")
    salt = stored[:salt_len]
    verifier = stored[salt_len : salt_len + 2]
    body = stored[salt_len + 2 : -_AUTH_BYTES]
    auth = stored[-_AUTH_BYTES:]
    derived = hashlib.pbkdf2_hmac("sha1", password, salt, 1000, 2 * key_len + 2)
    if not hmac.compare_digest(derived[2 * key_len :], verifier):
        raise WrongPassword
    mac = hmac.new(derived[key_len : 2 * key_len], body, hashlib.sha1).digest()[:_AUTH_BYTES]
    if not hmac.compare_digest(mac, auth):
        raise WrongPassword
    return _keystream_xor(derived[:key_len], body)
