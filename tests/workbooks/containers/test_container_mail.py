"""Saved mails (.eml with RFC 2231/2047 names in ISO-2022-JP and UTF-8; Outlook .msg)."""

from __future__ import annotations

import email.utils

import pytest
from container_builders import eml_bytes, msg_bytes, plain, zip_bytes
from forms import fill_form

from renkei_desktop.workbooks.containers.walker import expand_container
from renkei_desktop.workbooks.reader import read_member


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> bytes:
    return fill_form(tmp_path_factory.mktemp("f") / "b.xlsx", "municipal", {}).read_bytes()


@pytest.mark.parametrize("style", ["rfc2231-utf8", "rfc2231-jis", "rfc2047-jis", "rfc2047-utf8"])
def test_attachment_names_in_every_header_encoding(tmp_path, book, style):
    raw = eml_bytes(
        [("08201_水戸市_回答（修正版）.xlsx", book), ("送付状（２）.xlsx", book), ("地図.pdf", b"%PDF")],
        name_style=style,
        date="Tue, 03 Nov 2026 09:15:00 +0900",
    )
    assert raw.isascii()  # what travels is 7-bit: the names are encoded in the headers
    path = tmp_path / "回答メール.eml"
    path.write_bytes(raw)
    out = expand_container(path, "回収/回答メール.eml")
    assert [m.display for m in out.members] == [
        "回収/回答メール.eml/08201_水戸市_回答（修正版）.xlsx",
        "回収/回答メール.eml/送付状（２）.xlsx",
    ]
    expected = email.utils.parsedate_to_datetime("Tue, 03 Nov 2026 09:15:00 +0900").timestamp()
    assert [m.sent for m in out.members] == [expected, expected]
    assert plain(out.members[0]) == book and out.notes == []


def test_mail_without_workbook_is_listed(tmp_path):
    path = tmp_path / "督促への返信.eml"
    path.write_bytes(eml_bytes([]))
    other = tmp_path / "PDFだけ.eml"
    other.write_bytes(eml_bytes([("回答.pdf", b"%PDF-1.4")]))
    for item, detail in ((path, "添付ファイルなし"), (other, "添付ファイル 1 件: 回答.pdf")):
        out = expand_container(item, item.name)
        assert out.members == []
        (note,) = out.notes
        assert note.empty and not note.password_pending
        assert note.message == f"メールに Excel ブックが添付されていません（{detail}）"


def test_zip_attached_to_mail(tmp_path, book):
    path = tmp_path / "とりまとめ.eml"
    path.write_bytes(eml_bytes([("茨城県分.zip", zip_bytes([("〇〇県回答/08201.xlsx", book)], "cp932"))]))
    out = expand_container(path, path.name)
    assert [m.display for m in out.members] == ["とりまとめ.eml/茨城県分.zip/〇〇県回答/08201.xlsx"]


def test_broken_mail_has_a_reason(tmp_path):
    path = tmp_path / "壊れた.eml"
    path.write_bytes(b"\x00\x01\x02 not a mail at all")
    (note,) = expand_container(path, path.name).notes
    assert note.message == "メールの形式ではありません（.eml として読めません）"


def test_outlook_msg_attachments_and_submit_time(tmp_path, book):
    path = tmp_path / "回答.msg"
    path.write_bytes(
        msg_bytes([("08201_水戸市.xlsx", book), ("送付状.docx", b"PK\x03\x04")], 1_790_000_000.0)
    )
    out = expand_container(path, path.name)
    (member,) = out.members
    assert member.display == "回答.msg/08201_水戸市.xlsx" and member.sent == 1_790_000_000.0
    read = read_member(member.data, str(path), "08201_水戸市.xlsx", member.display, sent=member.sent)
    assert read.ok and read.raw["E17"] == "水戸市" and read.version_time == 1_790_000_000.0


def test_outlook_msg_without_workbook(tmp_path):
    path = tmp_path / "連絡.msg"
    path.write_bytes(msg_bytes([], 1_790_000_000.0))
    (note,) = expand_container(path, path.name).notes
    assert note.empty and note.message == "メールに Excel ブックが添付されていません（添付ファイルなし）"


def test_forwarded_mail_and_python_written_mail(tmp_path, book):
    """A mail forwarded as an attachment (message/rfc822) is walked into; the standard library's own
    writer (RFC 2231 names, base64 bodies) reads back the same."""
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["From"] = "kikaku@city.example.lg.jp"
    inner["Date"] = "Mon, 02 Nov 2026 10:00:00 +0900"
    inner["Subject"] = "回答"
    inner.set_content("回答です")
    inner.add_attachment(book, maintype="application", subtype="octet-stream", filename="08201_水戸市.xlsx")
    outer = EmailMessage()
    outer["From"] = "pref@pref.example.lg.jp"
    outer["Date"] = "Wed, 04 Nov 2026 09:00:00 +0900"
    outer["Subject"] = "転送: 回答"
    outer.set_content("転送します")
    outer.add_attachment(inner)
    path = tmp_path / "転送.eml"
    path.write_bytes(bytes(outer))
    out = expand_container(path, path.name)
    assert [m.display for m in out.members] == ["転送.eml/08201_水戸市.xlsx"]
    assert plain(out.members[0]) == book
    expected = email.utils.parsedate_to_datetime("Wed, 04 Nov 2026 09:00:00 +0900").timestamp()
    assert out.members[0].sent == expected  # the saved mail's own Date:


def test_outlook_msg_with_an_attached_mail(tmp_path, book):
    """A mail attached to a mail (Outlook's 「添付ファイルとして転送」: an embedded message storage)."""
    from container_builders import cfb_bytes

    inner = "__attach_version1.0_#00000000/__substg1.0_3701000D/__attach_version1.0_#00000000"
    streams = {
        ("__properties_version1.0",): b"\0" * 32,
        ("__attach_version1.0_#00000000", "__properties_version1.0"): b"\0" * 8,
        ("__attach_version1.0_#00000000", "__substg1.0_3701000D", "__properties_version1.0"): b"\0" * 24,
        (*inner.split("/"), "__substg1.0_3707001F"): "08201_水戸市.xlsx".encode("utf-16-le"),
        (*inner.split("/"), "__substg1.0_37010102"): book,
        (*inner.split("/"), "__properties_version1.0"): b"\0" * 8,
    }
    path = tmp_path / "転送.msg"
    path.write_bytes(cfb_bytes(streams))
    out = expand_container(path, path.name)
    assert [m.display for m in out.members] == ["転送.msg/08201_水戸市.xlsx"]
    assert plain(out.members[0]) == book
