"""Nothing lost, nothing injected: inputs are never written, exports are atomic and never overwrite
without --force, a read-only or full destination gives a Japanese message and keeps the previous
files, and text from workbooks stays text in every export (CSV neutralised, xlsx typed as text)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
from forms import digest_tree, fill_form

from renkei_desktop.cli import main
from renkei_desktop.export.atomic import ExportError, OverwriteRefused, describe_os_error, write_atomic
from renkei_desktop.export.csv_export import FORMULA_PREFIXES, neutralise, write_csv

INJECTIONS = ["=1+1", "+SUM(1,2)", "-2+3", "@SUM(1)", '=HYPERLINK("http://example.invalid","x")', "＝1+1"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def inbox(tmp_path):
    inbox = tmp_path / "in"
    fill_form(
        inbox / "08201_水戸市.xlsx",
        "municipal",
        {"E136": INJECTIONS[0], "E202": INJECTIONS[4], "D55": "=2*3"},
    )
    fill_form(inbox / "sub" / "13_東京都.xlsx", "prefectural", {"E135": INJECTIONS[1], "E56": INJECTIONS[3]})
    for i, name in enumerate(["=1+1", "+cmd", "-2", "@SUM(1)"]):
        (inbox / f"{name}_{i}.xlsx").write_bytes(b"not a workbook")
    return inbox


def _export(inbox: Path, out: Path, *extra: str) -> int:
    return main(["export", str(inbox), "--out", str(out), "--formats", "none", *extra])


def test_inputs_are_never_written(inbox, tmp_path):
    before = digest_tree(inbox)
    out = tmp_path / "out"
    assert _export(inbox, out) == 0
    assert digest_tree(inbox) == before
    assert _export(inbox, out) == 2  # refused: no --force
    assert digest_tree(inbox) == before
    assert _export(inbox, out, "--force") == 0
    assert digest_tree(inbox) == before
    assert _export(inbox, inbox / "out_inside", "--include-contacts") == 0  # output below the input
    after = {k: v for k, v in digest_tree(inbox).items() if not k.startswith("out_inside")}
    assert after == before


def test_no_overwrite_without_force_even_for_one_file(inbox, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "findings.csv").write_text("前回の出力", encoding="utf-8")
    assert _export(inbox, out) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "findings.csv").read_text(encoding="utf-8") == "前回の出力"
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv"]


def test_atomic_write_below_a_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        write_csv(blocker / "out" / "a.csv", ["x"], [["1"]])
    assert "同じ名前のファイルがあります" in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_destination_below_a_file(inbox, tmp_path, capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    assert _export(inbox, blocker / "out") == 1
    err = capsys.readouterr().err
    assert "書き込めません" in err and "Traceback" not in err


def test_failed_write_keeps_the_previous_file(tmp_path):
    """A writer that dies half-way: the previous file is intact and no temporary file is left."""
    target = tmp_path / "table.csv"
    target.write_text("previous", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half-", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError) as info:
        write_atomic(target, half_then_fail)
    assert "ディスクの空き容量が足りません" in str(info.value) and str(target) in str(info.value)
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]

    def crash(tmp: Path) -> None:
        tmp.write_text("half-", encoding="utf-8")
        raise RuntimeError("writer bug")

    with pytest.raises(RuntimeError):
        write_atomic(target, crash)
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_no_overwrite_is_atomic(tmp_path):
    target = tmp_path / "a.csv"
    write_csv(target, ["x"], [["1"]], overwrite=False)
    with pytest.raises(OverwriteRefused):
        write_csv(target, ["x"], [["2"]], overwrite=False)
    assert "1" in target.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(28, "No space left on device"), "空き容量"),
        (OSError(27, "File too large"), "大きさの上限"),
        (OSError(30, "Read-only file system"), "読み取り専用"),
        (PermissionError(13, "Permission denied"), "Excel などで開かれています"),
        (NotADirectoryError(20, "Not a directory"), "同じ名前のファイル"),
        (OSError(36, "File name too long"), "パスが長すぎます"),
    ],
)
def test_error_messages_are_japanese(error, words):
    assert words in describe_os_error(error)


def _run_cli_limited(
    args: list[str], script_prefix: str = "", fsize: int | None = None
) -> subprocess.CompletedProcess:
    code = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if {fsize!r} is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, ({fsize!r}, {fsize!r}))
        from renkei_desktop.cli import main
        sys.exit(main({args!r}))
        """
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [*script_prefix.split(), sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_full_disk_keeps_previous_export(inbox, tmp_path):
    """A file-size limit (RLIMIT_FSIZE, as when the disk fills up) while replacing an export: exit 1,
    a Japanese message, every previous file byte-identical, no temporary file left."""
    out = tmp_path / "out"
    assert _export(inbox, out) == 0
    before = digest_tree(out)
    result = _run_cli_limited(
        ["export", str(inbox), "--out", str(out), "--formats", "none", "--force"], fsize=4096
    )
    assert result.returncode == 1, result.stderr
    assert "書き込めません" in result.stderr and "ファイルの大きさの上限" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest_tree(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def _can_unshare() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs root and mount namespaces (unshare)")
@pytest.mark.parametrize(
    ("mount", "words"),
    [
        pytest.param("ro,size=1m", "読み取り専用", id="read-only file system, new folder"),
        pytest.param("remount-ro", "読み取り専用", id="read-only file system, existing export"),
        pytest.param("size=48k", "ディスクの空き容量が足りません", id="tiny file system (ENOSPC)"),
    ],
)
def test_real_read_only_and_full_file_systems(inbox, tmp_path, mount, words):
    """A real read-only tmpfs and a real full tmpfs, mounted in a private mount namespace. Where an
    export already exists there, it is left exactly as it was."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    out = mnt / "out"
    code = textwrap.dedent(
        f"""
        import subprocess, sys
        from pathlib import Path
        mount, mnt, out = {mount!r}, {str(mnt)!r}, Path({str(out)!r})
        if mount == "remount-ro":
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt], check=True)
            out.mkdir()
            (out / "findings.csv").write_text("previous", encoding="utf-8")
            subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
        else:
            subprocess.run(["mount", "-t", "tmpfs", "-o", mount, "tmpfs", mnt], check=True)
        from renkei_desktop.cli import main
        code = main(["export", {str(inbox)!r}, "--out", str(out), "--formats", "none", "--force"])
        if mount == "remount-ro":
            assert (out / "findings.csv").read_text(encoding="utf-8") == "previous"
            assert sorted(p.name for p in out.iterdir()) == ["findings.csv"]
        sys.exit(code)
        """
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 1, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_csv_neutralises_formulas_through_the_cli(inbox, tmp_path):
    out = tmp_path / "out"
    assert _export(inbox, out) == 0
    for name in ("response_status.csv", "findings.csv", "simple_tabulation.csv", "response_rate.csv"):
        with open(out / name, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for field in row:
                    assert not field.startswith(FORMULA_PREFIXES), (name, field)
    with open(out / "response_status.csv", encoding="utf-8-sig", newline="") as handle:
        files = [r["file"] for r in csv.DictReader(handle)]
    assert (
        "'=1+1_0.xlsx" in files
        and "'+cmd_1.xlsx" in files
        and "'-2_2.xlsx" in files
        and "'@SUM(1)_3.xlsx" in files
    )


def test_neutralise_unit():
    for prefix in FORMULA_PREFIXES:
        assert neutralise(prefix + "x") == "'" + prefix + "x"
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5 and neutralise("普通") == "普通"


def test_xlsx_exports_keep_text_as_text(inbox, tmp_path):
    """Every exported workbook: no formula cells at all, and the injected texts typed as strings."""
    out = tmp_path / "out"
    assert _export(inbox, out, "--include-contacts") == 0
    seen = set()
    for name in ("tabulation.xlsx", "free_text.xlsx", "未提出一覧.xlsx", "要確認一覧.xlsx"):
        wb = openpyxl.load_workbook(out / name)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "＝")):
                        assert cell.data_type == "s"
                        seen.add(cell.value)
    assert {INJECTIONS[0], INJECTIONS[1], INJECTIONS[4], "=2*3"} <= seen


def test_control_characters_in_answers_do_not_break_exports(tmp_path):
    """A free-text answer with control characters (possible via ``&#1;``) is cleaned when read, so
    that openpyxl (which refuses them) can write every export."""
    import zipfile

    from hostile_builders import SHEET, read_parts, write_parts

    src = fill_form(tmp_path / "src.xlsx", "municipal", {"E136": "PLACEHOLDER"})
    parts = read_parts(src)
    parts[SHEET] = parts[SHEET].replace(b"PLACEHOLDER", b"A&#1;B_x0002_C\x03D")
    (tmp_path / "in").mkdir()
    write_parts(tmp_path / "in" / "ctrl.xlsx", parts)
    assert zipfile.is_zipfile(tmp_path / "in" / "ctrl.xlsx")
    assert _export(tmp_path / "in", tmp_path / "out") == 0
    wb = openpyxl.load_workbook(tmp_path / "out" / "free_text.xlsx")
    texts = [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any(t.startswith("AB") and t.endswith("D") for t in texts)
