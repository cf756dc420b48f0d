"""File names built from workbook text (municipality names, titles): ``safe_file_name``."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renkei_desktop.filenames import (
    RESERVED_NAMES,
    WINDOWS_INVALID,
    safe_file_name,
    unique_file_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("水戸市", "水戸市"),
        ("茨城県/水戸市", "茨城県_水戸市"),
        ("..\\..\\Windows\\System32", "__.._Windows_System32"),
        ("../../etc/passwd", "__.._etc_passwd"),
        ("CON", "CON_"),
        ("con.png", "con_.png"),
        ("Nul .txt", "Nul_.txt"),
        ("COM1", "COM1_"),
        ("lpt9.svg", "lpt9_.svg"),
        ("COM¹", "COM¹_"),
        ("CONIN$", "CONIN$_"),
        ("CONSOLE", "CONSOLE"),
        ('a:b*c?d"e<f>g|h', "a_b_c_d_e_f_g_h"),
        ("name. . .", "name"),
        ("  spaced   name  ", "spaced name"),
        ("tab\tnew\nline", "tab new line"),
        ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override removed
        ("zero\u200bwidth", "zerowidth"),
        (".hidden", "_hidden"),
        ("...", "無題"),
        ("", "無題"),
        ("\x00\x01", "無題"),
        ("ｶﾞ", "ｶﾞ"),
        ("か\u3099", "が"),  # NFC
        (123, "123"),
    ],
)
def test_examples(text, expected):
    assert safe_file_name(text) == expected


def test_long_names_are_cut():
    name = safe_file_name("北海道" * 100)
    assert len(name) == 80 and name == ("北海道" * 100)[:80]
    assert len(name.encode("utf-8")) <= 255
    assert len(safe_file_name("a" * 1000, max_chars=20)) == 20
    with pytest.raises(ValueError):
        safe_file_name("x", max_chars=3)


def test_unique_names():
    used = ["水戸市.png", "Nul_.png"]
    assert unique_file_name("水戸市.png", used) == "水戸市 (2).png"
    assert unique_file_name("水戸市.png", [*used, "水戸市 (2).png"]) == "水戸市 (3).png"
    assert unique_file_name("nul.png", used) == "nul_ (2).png"
    assert unique_file_name("つくば市", used) == "つくば市"


def _valid_on_windows(name: str) -> bool:
    return (
        bool(name)
        and not any(ch in WINDOWS_INVALID or ord(ch) < 32 for ch in name)
        and not name.endswith((" ", "."))
        and name.split(".", 1)[0].rstrip(" ").upper() not in RESERVED_NAMES
        and name not in (".", "..")
        and not name.startswith(".")
    )


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=8, max_value=200))
def test_properties(text, max_chars):
    name = safe_file_name(text, max_chars=max_chars)
    assert _valid_on_windows(name), repr(name)
    assert 1 <= len(name) <= max_chars
    assert os.sep not in name and "/" not in name and "\\" not in name
    assert safe_file_name(name, max_chars=max_chars) == name  # stable
    assert unicodedata.is_normalized("NFC", name)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_can_be_created_inside_a_folder(tmp_path_factory, text):
    """The name makes a file directly inside the folder, never elsewhere."""
    folder = tmp_path_factory.mktemp("names")
    name = safe_file_name(text)
    try:
        path = folder / name
        path.write_bytes(b"x")
    except OSError as exc:  # only a too-long name in bytes could fail on Linux
        pytest.fail(f"{name!r}: {exc}")
    assert path.parent == folder and [p.name for p in folder.iterdir()] == [name]
