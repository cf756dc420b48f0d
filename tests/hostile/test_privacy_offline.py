"""Personal data stays in: the contact block (担当者名, TEL, Mail: ``personal_data: true`` in the
codebook) is not in tables, figures or logs, and is in the query list only when asked for; logs
never contain answer values. Offline for real: a full load and export (with figures) under a socket
guard, and no network code in the package."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from forms import fill_form

from renkei_desktop.codebook import load_codebooks

PACKAGE = Path(__file__).resolve().parents[2] / "renkei_desktop"
CONTACTS = {  # unique values, so that a match can only come from these inputs
    "F239": "機密対策課",
    "F240": "090-1234-5678",
    "F241": "secret.person@example.invalid",
    "F242": "機密 太郎",
    "F243": "秘匿 次郎",
}
PREF_CONTACTS = {
    "F146": "秘密保持課",
    "F147": "03-9876-5432",
    "F148": "pref.secret@example.invalid",
    "F149": "内密 花子",
}
FREE_TEXT = {"E136": "自由記述マーカーＡ：連携会議を毎月開催", "E202": "自由記述マーカーＢ：顔の見える関係"}
HAS_FIGURES = importlib.util.find_spec("renkei_desktop.export.figures_export") is not None


def test_contact_items_are_marked_personal():
    marked = {(s, q.cell) for s, cb in load_codebooks().items() for q in cb.questions if q.personal_data}
    assert {("municipal", c) for c in CONTACTS} <= marked
    assert {("prefectural", c) for c in PREF_CONTACTS} <= marked


DRIVER = r"""
import json, logging, socket, sys

attempts = []


def blocked(name):
    def deny(*args, **kwargs):
        attempts.append(f"{name} {args[1:2] if name.startswith('socket.') else args[:1]}")
        raise OSError(f"network disabled by the test ({name})")

    return deny


for attr in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, attr, blocked(f"socket.{attr}"))
for attr in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, attr, blocked(attr))

inbox, out, out_with, log_file, report, formats = sys.argv[1:7]
handler = logging.FileHandler(log_file, encoding="utf-8")
handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.DEBUG)

from renkei_desktop.cli import main

codes = [
    main(["export", inbox, "--out", out, "--formats", formats]),
    main(["export", inbox, "--out", out_with, "--formats", "none", "--include-contacts"]),
]
with open(report, "w", encoding="utf-8") as handle:
    json.dump({"codes": codes, "attempts": attempts}, handle)
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One full CLI export (with figures when the figure exporter exists) in a fresh interpreter,
    with every way to the network blocked and recorded, and every logger at DEBUG into a file."""
    root = tmp_path_factory.mktemp("private")
    inbox = root / "in"
    fill_form(inbox / "08201_水戸市.xlsx", "municipal", {**CONTACTS, **FREE_TEXT, "D55": "たぶん"})
    fill_form(inbox / "13_東京都.xlsx", "prefectural", dict(PREF_CONTACTS))
    (inbox / "broken.xlsx").write_bytes(b"PK\x03\x04broken")
    log_file, report = root / "debug.log", root / "report.json"
    formats = "png,svg" if HAS_FIGURES else "none"
    args = [str(inbox), str(root / "out"), str(root / "with"), str(log_file), str(report), formats]
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent), "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(report.read_text(encoding="utf-8"))
    return {
        "code": tuple(outcome["codes"]),
        "out": root / "out",
        "with": root / "with",
        "log": log_file.read_text(encoding="utf-8"),
        "attempts": outcome["attempts"],
    }


def _texts(folder: Path) -> dict[str, str]:
    """Every exported file as text: CSV as is, xlsx cell values, SVG source."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".csv":
            out[path.name] = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            out[path.name] = "\n".join(
                str(c.value)
                for ws in wb.worksheets
                for row in ws.iter_rows()
                for c in row
                if c.value is not None
            )
        elif path.suffix == ".svg":
            out[str(path.relative_to(folder))] = path.read_text(encoding="utf-8", errors="replace")
    return out


def test_export_succeeded_offline(exported):
    assert exported["code"] == (0, 0)
    assert exported["attempts"] == []
    if HAS_FIGURES:
        assert list((exported["out"] / "figures").glob("*.png"))


def test_contacts_are_not_in_tables_figures_or_default_lists(exported):
    secrets = [*CONTACTS.values(), *PREF_CONTACTS.values()]
    texts = _texts(exported["out"])
    assert "free_text.xlsx" in texts and "要確認一覧.xlsx" in texts
    for name, text in texts.items():
        for secret in secrets:
            assert secret not in text, (name, secret)


def test_contacts_are_in_the_query_list_only_when_asked(exported):
    texts = _texts(exported["with"])
    assert CONTACTS["F240"] in texts["要確認一覧.xlsx"] and CONTACTS["F241"] in texts["要確認一覧.xlsx"]
    for name, text in texts.items():
        if name != "要確認一覧.xlsx":
            assert CONTACTS["F240"] not in text, name


def test_free_text_only_where_it_belongs(exported):
    texts = _texts(exported["out"])
    for name, text in texts.items():
        for answer in FREE_TEXT.values():
            assert (answer in text) == (name == "free_text.xlsx"), (name, answer)


def test_logs_hold_no_answer_values(exported):
    log = exported["log"]
    assert "read 08201_水戸市.xlsx: ok" in log  # the log did capture the run
    assert "broken.xlsx" in log
    values = [*CONTACTS.values(), *PREF_CONTACTS.values(), *FREE_TEXT.values(), "たぶん", "水戸市"]
    for value in values:
        assert value not in log.replace("08201_水戸市.xlsx", ""), value


# --- no network code in the package -------------------------------------------------------------

NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "webbrowser",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
}
# Local inter-process communication only (a named pipe / Unix socket, never a network socket): the
# single-instance guard hands a second start's paths to the running window.
ALLOWED_LOCAL_IPC = {
    ("gui/single_instance.py", "PySide6.QtNetwork"),
    ("gui/single_instance.py", "PySide6.QtNetwork.QLocalServer"),
    ("gui/single_instance.py", "PySide6.QtNetwork.QLocalSocket"),
}
ALLOWED_URL_HOSTS = ("schemas.openxmlformats.org", "schemas.microsoft.com", "www.w3.org", "purl.org")


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_network_imports():
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                    found.append((path.relative_to(PACKAGE).as_posix(), name))
    found = [f for f in found if f not in ALLOWED_LOCAL_IPC]
    assert found == []


def test_no_urls_update_checks_or_telemetry():
    """URLs in code are XML namespaces only; ``openUrl`` only opens local files; nothing that
    sounds like an update check or telemetry."""
    problems = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for url in re.findall(r"https?://[^\s\"'<>)]+", node.value):
                    if not url.split("//", 1)[1].startswith(ALLOWED_URL_HOSTS):
                        problems.append((path.name, url))
        for line in source.splitlines():
            if "openUrl(" in line and "fromLocalFile" not in line:
                problems.append((path.name, line.strip()))
            if re.search(
                r"telemetry|analytics|check_for_update|update_check|phone_home", line, re.IGNORECASE
            ):
                problems.append((path.name, line.strip()))
    assert problems == []
