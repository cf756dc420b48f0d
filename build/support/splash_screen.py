"""Build-time helpers for the Windows exe's start-up splash (PyInstaller's Splash target), used by installer.spec.

- ``draw_image``: the splash picture (icon, title, "starting" line and version), drawn with Pillow and the
  bundled IPAexGothic so that the Japanese text needs no font on the PC: the bootloader only shows the picture.
- ``use_tcltk_tree``: PyInstaller finds Tcl/Tk by importing tkinter in the build Python. The embeddable CPython
  that the Windows build runs under Wine has no tkinter, so build/windows/build.sh unpacks the Tcl/Tk 8.6 DLLs
  and scripts of CPython's Windows build (PyPI tkinter-embed, pinned and hash-checked) and this function points
  PyInstaller's Tcl/Tk detection at them. Only the splash uses them (tkinter stays excluded from the app).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "resources" / "fonts" / "ipaexg.ttf"
ICON = ROOT / "resources" / "icons" / "renkei-desktop.png"
SIZE = (520, 200)
BLUE = (31, 78, 121)
GREY = (90, 90, 90)


def draw_image(path: Path, title: str, version: str) -> Path:
    """Write the splash PNG (opaque, SIZE) to ``path`` and return it."""
    image = Image.new("RGB", SIZE, (255, 255, 255))
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, 150, SIZE[1]), fill=(234, 241, 248))
    d.rectangle((0, 0, SIZE[0] - 1, SIZE[1] - 1), outline=BLUE, width=2)
    icon = Image.open(ICON).convert("RGBA").resize((104, 104), Image.Resampling.LANCZOS)
    image.paste(icon, (23, 48), icon)
    font = ImageFont.truetype(str(FONT), 21)
    small = ImageFont.truetype(str(FONT), 15)
    d.text((172, 52), title, font=font, fill=BLUE)
    d.text((172, 98), "起動しています…", font=small, fill=(0, 0, 0))
    d.text((172, 122), "（しばらくお待ちください）", font=small, fill=GREY)
    d.text((172, 162), f"バージョン {version}", font=small, fill=GREY)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    return path


def use_tcltk_tree(root: Path) -> None:
    """Make PyInstaller take Tcl/Tk from ``root`` (tcl86t.dll, tk86t.dll, zlib.dll, a ``_tkinter.pyd`` that links
    them, and tcl/tcl8.6, tcl/tk8.6): replaces the probe that would import tkinter in the build Python. The
    ``_tkinter.pyd`` (built for another Python) is only read for its imports, never loaded or bundled."""
    from PyInstaller.utils.hooks import tcl_tk

    tcl_data = root / "tcl" / "tcl8.6"
    needed = [root / "tcl86t.dll", root / "tk86t.dll", root / "_tkinter.pyd", tcl_data / "init.tcl"]
    needed.append(root / "tcl" / "tk8.6" / "tk.tcl")
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise SystemExit(f"installer.spec: the Tcl/Tk tree for the splash lacks {', '.join(missing)}")
    info = {
        "available": True,
        "tkinter_extension_file": str(root / "_tkinter.pyd"),
        "tcl_version": "8.6",
        "tk_version": "8.6",
        "tcl_threaded": True,  # the "t" in tcl86t.dll: a thread-enabled build, as the splash requires
        "tcl_data_dir": str(tcl_data),
        "_tcl_runtime_version": "8.6",
    }
    tcl_tk._get_tcl_tk_info = lambda: info
