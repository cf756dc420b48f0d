"""Password-protected legacy .xls (RC4 CryptoAPI and XOR obfuscation), files Excel wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from renkei_desktop.workbooks.reader import read_workbook

DATA = Path(__file__).resolve().parent.parent / "data" / "msoffcrypto"


@pytest.mark.parametrize(
    ("name", "password"),
    [("rc4cryptoapi_password.xls", "Password1234_"), ("xor_password_123456789012345.xls", "123456789012345")],
)
def test_encrypted_xls_waits_for_its_password(name, password):
    path = DATA / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    closed = read_workbook(path)
    assert closed.status == "unreadable" and closed.password_pending
    assert (
        closed.message
        == "パスワードが必要です（パスワードで保護されたブックです。パスワードを入力すると読み込みます）"
    )
    wrong = read_workbook(path, passwords=["違う", "Password1234"])
    assert wrong.password_pending and "入力されたパスワード 2 件では開けませんでした" in wrong.message
    opened = read_workbook(path, passwords=["違う", password])
    # decrypted and parsed: these samples are not survey forms, so they are read as another form
    assert not opened.password_pending and opened.status == "wrong_form", opened.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
