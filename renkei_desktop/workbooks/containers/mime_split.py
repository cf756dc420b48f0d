"""A fast MIME walk for saved mails: headers are parsed by the standard library (so RFC 2231/2047
names decode exactly as there), bodies are split at their boundaries and decoded with byte-level
operations (``bytes.find``, ``binascii``). The standard library's line-by-line feed parser takes
about 7 ms per mail with a 25 KB attachment; this takes a fraction of that, which matters when a
collection is hundreds of saved mails.
"""

from __future__ import annotations

import binascii
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage
from email.parser import BytesHeaderParser

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_PARSER = BytesHeaderParser(policy=email.policy.default)
MAX_DEPTH = 32


class MimeError(Exception):
    """The mail's structure cannot be followed."""


def split_headers(data: bytes) -> tuple[EmailMessage, bytes]:
    """The header block (parsed) and the raw body of one message or body part."""
    match = _HEADER_END.search(data)
    if match is None:
        head, body = data, b""
    else:
        head, body = data[: match.start()], data[match.end() :]
    if data[:2] in (b"\r\n", b"\n\n") or data[:1] == b"\n":  # a part without headers
        head, body = b"", data[1:] if data[:1] == b"\n" else data[2:]
    headers = _PARSER.parsebytes(head + b"\n\n")
    if not isinstance(headers, EmailMessage):
        raise MimeError("headers")
    return headers, body


def _parts(body: bytes, boundary: bytes) -> list[bytes]:
    """The body parts between ``--boundary`` delimiter lines (the preamble and epilogue dropped)."""
    delimiter = b"--" + boundary
    parts: list[bytes] = []
    start = -1
    pos = 0
    while True:
        at = body.find(delimiter, pos)
        if at < 0:
            break
        at_line_start = at == 0 or body[at - 1 : at] == b"\n"
        after = at + len(delimiter)
        if not at_line_start:
            pos = after
            continue
        if start >= 0:
            end = at - 2 if body[at - 2 : at] == b"\r\n" else at - 1
            parts.append(body[start:end])
        if body[after : after + 2] == b"--":
            return parts
        line_end = body.find(b"\n", after)
        if line_end < 0:
            break
        start = pos = line_end + 1
    if start >= 0:  # no closing delimiter: the last part runs to the end
        parts.append(body[start:])
    return parts


def decode_body(headers: EmailMessage, body: bytes) -> bytes:
    encoding = str(headers.get("Content-Transfer-Encoding", "") or "").strip().lower()
    if encoding == "base64":
        return binascii.a2b_base64(body)
    if encoding == "quoted-printable":
        return binascii.a2b_qp(body)
    return body


def walk(data: bytes, depth: int = 0) -> Iterator[tuple[EmailMessage, bytes]]:
    """Every leaf part of the message ``data``: (its headers, its raw, still encoded body).
    Multiparts are split; an attached message without a file name is walked into."""
    if depth > MAX_DEPTH:
        raise MimeError("depth")
    headers, body = split_headers(data)
    ctype = headers.get_content_type()
    if ctype.startswith("multipart/"):
        boundary = headers.get_param("boundary")
        if not isinstance(boundary, str) or not boundary:
            return
        for part in _parts(body, boundary.encode("latin-1", errors="replace")):
            yield from walk(part, depth + 1)
    elif ctype == "message/rfc822" and not headers.get_filename():
        yield from walk(decode_body(headers, body), depth + 1)
    else:
        yield headers, body
