"""Password-protected (encrypted) OOXML workbooks: opened only when the user gives the password.

The encrypted package is decrypted in memory with msoffcrypto-tool; the result goes through the same
checks as any other .xlsx. Before that, the encryption header is checked so that a hostile file cannot
make the key derivation run for minutes (its hashing rounds are capped).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import olefile
from defusedxml import ElementTree as SafeET

from renkei_desktop.workbooks.containers.common import PasswordNeeded, password_message
from renkei_desktop.workbooks.safety import MB, Limits, UnreadableError

_SPIN = re.compile(r"spinCount$")


def _check_encryption_info(info: bytes, limits: Limits) -> None:
    if len(info) < 8:
        raise UnreadableError("ファイルが壊れています（暗号化情報が読めません）")
    major, minor = int.from_bytes(info[0:2], "little"), int.from_bytes(info[2:4], "little")
    if (major, minor) != (4, 4):  # standard encryption: a fixed 50,000 rounds
        return
    try:
        root = SafeET.fromstring(info[8:], forbid_dtd=True)
    except Exception as exc:  # defusedxml refuses DTDs and entities; ParseError for broken XML
        raise UnreadableError("ファイルが壊れています（暗号化情報が読めません）") from exc
    for element in root.iter():
        for key, value in element.attrib.items():
            if _SPIN.search(key) and (not value.isdigit() or int(value) > limits.max_spin_count):
                raise UnreadableError(
                    f"暗号化の設定が異常です（ハッシュ反復回数 {value[:12]}、上限 {limits.max_spin_count:,}）"
                )


def decrypt_xls(data: bytes, passwords: Sequence[str]) -> bytes:
    """The decrypted bytes of an RC4-encrypted legacy .xls (BIFF8 FILEPASS), trying each password."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    for password in passwords:
        out = io.BytesIO()
        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password=password)
            office.decrypt(out)
        except InvalidKeyError:
            continue
        except Exception as exc:
            raise UnreadableError(
                "パスワードで保護された .xls を復号できません（形式が不正か、未対応の暗号化です）"
            ) from exc
        return out.getvalue()
    raise PasswordNeeded(password_message("パスワードで保護されたブックです", len(passwords)))


def decrypt_ooxml_any(data: bytes, passwords: Sequence[str], limits: Limits) -> bytes:
    """:func:`decrypt_ooxml` with each candidate password; :class:`PasswordNeeded` when none fits."""
    for password in passwords:
        try:
            return decrypt_ooxml(data, password, limits)
        except UnreadableError as exc:
            if not str(exc).startswith("パスワードが違います"):
                raise
    raise PasswordNeeded(password_message("パスワードで保護されたブックです", len(passwords)))


def decrypt_ooxml(data: bytes, password: str, limits: Limits) -> bytes:
    """The decrypted .xlsx bytes of an encrypted OOXML compound file, or :class:`UnreadableError`."""
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, InvalidKeyError

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            if ole.get_size("EncryptedPackage") > limits.max_file_bytes:
                raise UnreadableError(f"ファイルが大きすぎます（上限 {limits.max_file_bytes // MB} MB）")
            with ole.openstream("EncryptionInfo") as handle:
                info = handle.read(MB)
        finally:
            ole.close()
    except UnreadableError:
        raise
    except Exception as exc:
        raise UnreadableError("ファイルが壊れています（暗号化されたファイルとして読めません）") from exc
    _check_encryption_info(info, limits)
    out = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password)
        office.decrypt(out)
    except InvalidKeyError as exc:
        raise UnreadableError(
            "パスワードが違います（パスワードで保護されたファイルを開けませんでした）"
        ) from exc
    except DecryptionError as exc:
        raise UnreadableError("パスワードで保護されたファイルを復号できません（形式が不正です）") from exc
    except Exception as exc:
        raise UnreadableError("パスワードで保護されたファイルを復号できません") from exc
    return out.getvalue()
