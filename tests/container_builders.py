"""Build containers for tests: zips as Windows / macOS / 7-Zip write them, mails, Outlook .msg files."""

from __future__ import annotations

import base64
import os
import shutil
import struct
import subprocess
import time
import zipfile
from collections.abc import Sequence
from email.header import Header
from pathlib import Path

import pytest

from renkei_desktop.workbooks.containers.zipcrypto import unseal


class _RawNameInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is stored as given bytes without the UTF-8 flag (what Windows' own
    「送る → 圧縮（zip 形式）フォルダー」 writes: CP932 names, no flag, no Unicode extra field)."""

    raw_name = b""

    def _encodeFilenameFlags(self):
        return self.raw_name, self.flag_bits & ~0x800


def zip_bytes(
    members: Sequence[tuple[str, bytes]], names: str = "utf-8-flag", stamp: float | None = None
) -> bytes:
    """A zip in memory; ``names``: "utf-8-flag" (Python, 7-Zip), "cp932" (Windows Explorer) or
    "utf-8-raw" (macOS Archive Utility: UTF-8 without the flag). ``stamp``: the members' DOS time."""
    import io

    out = io.BytesIO()
    when = time.localtime(stamp if stamp is not None else 1_600_000_000)[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for k, (name, data) in enumerate(members):
            style = names if isinstance(names, str) else names[k]
            if style == "utf-8-flag":
                info = zipfile.ZipInfo(name, when)
            else:
                info = _RawNameInfo(f"member{k}", when)  # placeholder: what is stored is raw_name
                info.raw_name = name.encode("cp932" if style == "cp932" else "utf-8")
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def seven_zip(
    path: Path, files: dict[str, bytes], password: str, method: str, stamp: float = 1_600_000_000
) -> Path:
    """A password zip written by 7-Zip (``-mem=AES256`` or ``-mem=ZipCrypto``) from ``files``."""
    exe = shutil.which("7z") or shutil.which("7za")
    if exe is None:
        if os.environ.get("CI"):
            raise RuntimeError("7z (p7zip-full) is required in CI")
        pytest.skip("7z (p7zip-full) is not installed")
    work = path.parent / f".{path.name}.src"
    for name, data in files.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        os.utime(target, (stamp, stamp))
    path.unlink(missing_ok=True)
    subprocess.run(
        [exe, "a", "-tzip", f"-p{password}", f"-mem={method}", str(path.resolve()), *files],
        cwd=work,
        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        check=True,
        capture_output=True,
    )
    shutil.rmtree(work)
    return path


def _b64(data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i : i + 76] for i in range(0, len(text), 76))


def eml_bytes(
    attachments: Sequence[tuple[str, bytes]],
    *,
    date: str = "Mon, 02 Nov 2026 10:00:00 +0900",
    name_style: str = "rfc2231-utf8",
    subject: str = "調査の回答",
) -> bytes:
    """A multipart mail as Japanese mailers write it. ``name_style`` for attachment names:
    "rfc2231-utf8" (filename*=UTF-8''…), "rfc2231-jis" (filename*=ISO-2022-JP''…),
    "rfc2047-jis" (filename="=?ISO-2022-JP?B?…?=") or "rfc2047-utf8"."""
    from urllib.parse import quote

    boundary = "----=_Part_renkei_0"
    subject_header = Header(subject, "iso-2022-jp").encode()
    lines = [
        "From: kikaku@city.example.lg.jp",
        "To: chosa@mhlw.example.go.jp",
        f"Subject: {subject_header}",
        f"Date: {date}",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=ISO-2022-JP",
        "Content-Transfer-Encoding: 7bit",
        "",
        "\x1b$B2sEz$rAwIU$7$^$9!#\x1b(B",
    ]
    for name, data in attachments:
        if name_style == "rfc2231-utf8":
            disposition = f"attachment; filename*=UTF-8''{quote(name.encode('utf-8'))}"
        elif name_style == "rfc2231-jis":
            disposition = f"attachment; filename*=ISO-2022-JP''{quote(name.encode('iso-2022-jp'))}"
        elif name_style == "rfc2047-jis":
            disposition = f'attachment; filename="{Header(name, "iso-2022-jp").encode()}"'
        else:
            disposition = f'attachment; filename="{Header(name, "utf-8").encode()}"'
        lines += [
            f"--{boundary}",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            f"Content-Disposition: {disposition}",
            "",
            _b64(data),
        ]
    lines += [f"--{boundary}--", ""]
    return (
        "\r\n".join(lines).encode("ascii", errors="strict")
        if all(line.isascii() for line in lines)
        else "\r\n".join(lines).encode("latin-1")
    )


# --- a minimal compound-file (OLE2) writer for Outlook .msg fixtures --------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_CUTOFF = 4096  # streams are padded to this size so that no mini stream is needed


def _cfb_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def cfb_bytes(streams: dict[tuple[str, ...], bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` (path → bytes); storages are implied by paths.
    Every stream is NUL-padded to 4,096 bytes so that it lives in regular sectors."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "kids": [], "data": b""}]
    index: dict[tuple[str, ...], int] = {(): 0}
    for path in sorted(streams):
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix in index:
                continue
            is_stream = depth == len(path)
            data = streams[path].ljust(_CUTOFF, b"\0") if is_stream else b""
            index[prefix] = len(entries)
            entries.append({"name": prefix[-1], "type": 2 if is_stream else 1, "kids": [], "data": data})
            entries[index[prefix[:-1]]]["kids"].append(index[prefix])
    sectors: list[bytes] = []
    fat: list[int] = []
    for entry in entries:
        data = entry["data"]
        if not data:
            entry["start"] = _END if entry["type"] != 2 else 0
            continue
        entry["start"] = len(sectors)
        count = (len(data) + 511) // 512
        for k in range(count):
            sectors.append(data[k * 512 : (k + 1) * 512].ljust(512, b"\0"))
            fat.append(len(sectors) if k < count - 1 else _END)
    for entry in entries:  # children as a chain of right siblings, in compound-file order
        kids = sorted(entry["kids"], key=lambda i: _cfb_key(entries[i]["name"]))
        entry["child"] = kids[0] if kids else _NOSTREAM
        for k, a in enumerate(kids):
            entries[a]["right"] = kids[k + 1] if k + 1 < len(kids) else _NOSTREAM
    directory = b""
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            entry["type"],
            1,
            _NOSTREAM,
            entry.get("right", _NOSTREAM),
            entry["child"],
            b"\0" * 16,
            0,
            0,
            0,
            entry["start"],
            len(entry["data"]),
        )
    directory = directory.ljust((len(directory) + 511) // 512 * 512, b"\0")
    dir_start = len(sectors)
    n_dir = len(directory) // 512
    for k in range(n_dir):
        sectors.append(directory[k * 512 : (k + 1) * 512])
        fat.append(len(sectors) if k < n_dir - 1 else _END)
    n_fat = 1
    while (len(fat) + n_fat) > n_fat * 128:
        n_fat += 1
    fat_start = len(sectors)
    fat += [_FATSECT] * n_fat
    fat += [_FREE] * (n_fat * 128 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    for k in range(n_fat):
        sectors.append(fat_bytes[k * 512 : (k + 1) * 512])
    difat = [fat_start + k for k in range(n_fat)] + [_FREE] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        n_fat,
        dir_start,
        0,
        _CUTOFF,
        _END,
        0,
        _END,
        0,
        *difat,
    )
    return header + b"".join(sectors)


def msg_bytes(attachments: Sequence[tuple[str, bytes]], submitted: float) -> bytes:
    """An Outlook .msg with ``attachments`` and PR_CLIENT_SUBMIT_TIME = ``submitted``."""
    filetime = int((submitted + 11644473600) * 1e7)
    props = b"\0" * 32 + struct.pack("<IIQ", 0x00390040, 6, filetime)
    streams: dict[tuple[str, ...], bytes] = {("__properties_version1.0",): props}
    for i, (name, data) in enumerate(attachments):
        storage = f"__attach_version1.0_#{i:08X}"
        streams[(storage, "__substg1.0_3707001F")] = name.encode("utf-16-le")
        streams[(storage, "__substg1.0_37010102")] = data
        streams[(storage, "__properties_version1.0")] = b"\0" * 8
    return cfb_bytes(streams)


def plain(member, passwords: Sequence[str] = ()) -> bytes | None:
    """A container member's workbook bytes (zip members are handed on still compressed, and ZipCrypto
    ones still encrypted: the reader opens them)."""
    return unseal(member.data, member.sealed, passwords) if member.sealed is not None else member.data


def zipcrypto_zip(
    members: Sequence[tuple[str, bytes]], password: bytes, stamp: float = 1_600_000_000
) -> bytes:
    """A ZipCrypto zip whose password is given as raw bytes (e.g. CP932, as Japanese archivers such as
    Lhaplus encode it); the stored names are UTF-8 with the flag. Used where 7-Zip refuses a non-ASCII
    password."""
    import io
    import zlib

    from renkei_desktop.workbooks.containers import zipcrypto

    out = io.BytesIO()
    central = b""
    dos_time, dos_date = _dos(stamp)
    for name, data in members:
        raw_name = name.encode("utf-8")
        crc = zlib.crc32(data)
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        compressed = deflater.compress(data) + deflater.flush()
        header = bytes(range(11)) + bytes([(crc >> 24) & 0xFF])
        body = _zipcrypto_encrypt(header + compressed, password, zipcrypto)
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0x801,
                8,
                dos_time,
                dos_date,
                crc,
                len(body),
                len(data),
                len(raw_name),
                0,
            )
            + raw_name
            + body
        )
        central += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0x801,
                8,
                dos_time,
                dos_date,
                crc,
                len(body),
                len(data),
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw_name
        )
    start = out.tell()
    out.write(central)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), start, 0)
    )
    return out.getvalue()


def _dos(stamp: float) -> tuple[int, int]:
    t = time.localtime(stamp)
    return (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2), ((t.tm_year - 1980) << 9) | (
        t.tm_mon << 5
    ) | t.tm_mday


def _zipcrypto_encrypt(plain: bytes, password: bytes, zipcrypto) -> bytes:
    table = zipcrypto._CRC
    k0, k1, k2 = zipcrypto._keys(password)
    out = bytearray()
    for c in plain:
        k = k2 | 2
        out.append(c ^ (((k * (k ^ 1)) >> 8) & 0xFF))
        k0 = (k0 >> 8) ^ table[(k0 ^ c) & 0xFF]
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = (k2 >> 8) ^ table[(k2 ^ (k1 >> 24)) & 0xFF]
    return bytes(out)
