"""Licence texts that ship with the app: the project's own licence and the third-party notices.

``third_party_notices()`` returns ``THIRD_PARTY_NOTICES.txt``: the exe bundles the file generated at build time
(``python -m renkei_desktop.licences --out ...``, run by installer.spec); a wheel or source install generates
the same text from the installed distributions. The text lists every distribution the app runs on (the
dependency closure of ``renkei-desktop``) with the licence files its wheel carries, adds the texts no wheel
carries (LGPL/GPL for Qt, Qt's third-party list, python-calamine's Rust crates: ``resources/licenses/``), the
font licence, CPython's licence and, for the exe, PyInstaller's bootloader licence and the written offer for
the LGPL sources. ``missing_licences()`` names distributions without any licence text (a CI test fails on one).
"""

from __future__ import annotations

import argparse
import re
import sys
import sysconfig
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from renkei_desktop.paths import resource_path

PROJECT = "renkei-desktop"
NOTICES_FILE = "THIRD_PARTY_NOTICES.txt"
LICENCE_FILE = "LICENSE"
# Texts the wheels do not carry, from resources/licenses/ (shared texts are printed once, in an appendix).
FIXED_TEXTS = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt", "Qt-third-party.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "python-calamine": ("python-calamine-crates.txt", "Apache-2.0.txt"),
}
LGPL_OFFER = "LGPL-source-offer.txt"
# The offer's placeholder for the distributor's contact, filled in at build time (RENKEI_DISTRIBUTOR_CONTACT)
OFFER_CONTACT = {
    "納品書等に記載の連絡先": "連絡先: {}",
    "the contact given in the delivery documents": "contact: {}",
}
SPLASH_TEXT = "Tcl-Tk-splash.txt"  # Tcl/Tk and zlib of the exe's splash (build/support/splash_screen.py)
LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.IGNORECASE)
WINDOWS_MARKERS = {
    "sys_platform": "win32",
    "platform_system": "Windows",
    "os_name": "nt",
    "platform_machine": "AMD64",
}
RULE = "=" * 110


def project_licence() -> str:
    """The project's own licence (MIT): bundled in the exe, else from the installed distribution's metadata."""
    bundled = resource_path("licenses", LICENCE_FILE)
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    dist = metadata.distribution(PROJECT)
    for name in (f"licenses/{LICENCE_FILE}", LICENCE_FILE):
        text = dist.read_text(name)
        if text:
            return text
    source_tree = Path(__file__).resolve().parent.parent / LICENCE_FILE  # an editable install of old metadata
    return source_tree.read_text(encoding="utf-8")


def third_party_notices() -> str:
    """The third-party notices: the exe's bundled file, else generated from the installed distributions."""
    bundled = resource_path("licenses", NOTICES_FILE)
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    return build_notices(runtime_distributions())


def normalise(name: str) -> str:
    """PEP 503 name: 'PySide6_Essentials' → 'pyside6-essentials'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(
    site: Iterable[str] | None = None,
    windows: bool = False,
    extra: Iterable[str] = (),
    roots: Iterable[str] | None = None,
) -> list[metadata.Distribution]:
    """The distributions the app runs on: the closure of renkei-desktop's requirements (markers evaluated for
    this platform or Windows), looked up in ``site`` (default: this interpreter's path), plus ``extra`` (without
    their requirements: PyInstaller's bootloader is in the exe, PyInstaller's own dependencies are not). ``roots``
    replaces the installed project's requirements (a build environment where the project is not installed)."""
    installed = metadata.distributions(path=list(site)) if site else metadata.distributions()
    found: dict[str, metadata.Distribution] = {normalise(d.name): d for d in installed if d.metadata["Name"]}
    environment = {"extra": "", **(WINDOWS_MARKERS if windows else {})}

    def lookup(name: str) -> metadata.Distribution:
        if name not in found:
            raise LookupError(f"{name} is required but not installed in {list(site or sys.path)}")
        return found[name]

    result = {normalise(name): lookup(normalise(name)) for name in extra}
    todo = [Requirement(r) for r in (metadata.requires(PROJECT) or [] if roots is None else roots)]
    while todo:
        requirement = todo.pop()
        key = normalise(requirement.name)
        if (
            key in result
            or key == PROJECT
            or (requirement.marker and not requirement.marker.evaluate(environment))
        ):
            continue
        result[key] = lookup(key)
        todo += [Requirement(text) for text in result[key].requires or []]
    return [result[key] for key in sorted(result)]


def licence_files(dist: metadata.Distribution) -> dict[str, str]:
    """The licence texts a distribution carries in its metadata folder: name → text (each text once)."""
    declared = dist.metadata.get_all("License-File") or []
    names = [name for n in declared for name in (f"licenses/{n}", n)]
    for file in dist.files or []:
        parts = Path(str(file)).parts
        if parts and parts[0].endswith(".dist-info") and LICENCE_NAME.search(parts[-1]):
            names.append("/".join(parts[1:]))
    texts: dict[str, str] = {}
    for name in dict.fromkeys(names):
        text = dist.read_text(name)
        if text and text.strip() and text not in texts.values():
            texts[name] = text
    return texts


def field(dist: metadata.Distribution, name: str) -> str:
    """A metadata field's first value, or "" when the distribution does not declare it."""
    values = dist.metadata.get_all(name) or [""]
    return str(values[0])


def licence_summary(dist: metadata.Distribution) -> str:
    """The licence a distribution declares (SPDX expression, the License field's first line, or classifiers)."""
    meta = dist.metadata
    expression = field(dist, "License-Expression")
    if expression:
        return expression
    declared = field(dist, "License").strip().splitlines()
    if declared and len(declared[0]) <= 80:
        return declared[0]
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "(see the licence text below)"


def missing_licences(dists: Iterable[metadata.Distribution]) -> list[str]:
    """Distributions that carry no licence text and have none in resources/licenses/."""
    return [
        f"{d.metadata['Name']} {d.version}"
        for d in dists
        if not licence_files(d) and normalise(d.metadata["Name"]) not in FIXED_TEXTS
    ]


def dist_section(dist: metadata.Distribution) -> list[str]:
    """One distribution's notice: name, version, licence, home page, then every licence text it carries."""
    meta = dist.metadata
    key = normalise(meta["Name"])
    home = field(dist, "Home-page") or next(
        (u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or [] if "," in u), ""
    )
    lines = [RULE, f"{meta['Name']} {dist.version}", f"Licence: {licence_summary(dist)}"]
    lines += [f"Home page: {home}"] if home else []
    fixed = FIXED_TEXTS.get(key, ())
    if fixed:
        lines.append("Licence texts not in its wheel, in the appendix below: " + ", ".join(fixed))
    for name, text in licence_files(dist).items():
        lines += ["", f"--- {meta['Name']}: {name} ---", text.strip("\n")]
    return [*lines, ""]


def text_section(title: str, text: str) -> list[str]:
    """A titled block of text."""
    return [RULE, title, RULE, text.strip("\n"), ""]


def python_licence_file() -> Path:
    """LICENSE.txt of the running CPython (in its stdlib folder, or next to python.exe in the embeddable one)."""
    candidates = [
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
    ]
    return next((path for path in candidates if path.is_file()), candidates[0])


def build_notices(
    dists: list[metadata.Distribution],
    python_licence: Path | None = None,
    exe: bool = False,
    splash: bool = False,
    contact: str | None = None,
) -> str:
    """THIRD_PARTY_NOTICES.txt for these distributions (``exe``: add the bootloader and the LGPL offer, with the
    distributor's ``contact`` when given; ``splash``: the exe bundles Tcl/Tk and zlib for its start-up splash)."""
    names = ", ".join(f"{d.metadata['Name']} {d.version}" for d in dists)
    lines = [
        "庁内連携調査 回収・集計ツール (renkei-desktop) — third-party software notices / 第三者ソフトウェアのライセンス",
        "",
        "This program (MIT License, see LICENSE) includes or uses the software listed below, each under its own",
        "licence. 本プログラム（MIT ライセンス）は、以下のソフトウェアをそれぞれのライセンスの下で含み、または利用しています。",
        "",
        f"Python distributions: {names}",
        "",
    ]
    for dist in dists:
        lines += dist_section(dist)
    licence = python_licence or python_licence_file()
    if exe or licence.is_file():
        lines += text_section(
            f"Python {sys.version.split()[0]} (CPython) — PSF License", licence.read_text("utf-8")
        )
    font = resource_path("fonts", "IPA_Font_License_Agreement_v1.0.txt").read_text(encoding="utf-8")
    lines += text_section("IPAexGothic font (resources/fonts/ipaexg.ttf) — IPA Font License v1.0", font)
    appendix = dict.fromkeys(
        name for d in dists for name in FIXED_TEXTS.get(normalise(d.metadata["Name"]), ())
    )
    if splash:
        appendix[SPLASH_TEXT] = None
    if exe:
        appendix[LGPL_OFFER] = None
    for name in appendix:
        text = resource_path("licenses", name).read_text(encoding="utf-8")
        if name == LGPL_OFFER and contact:
            for placeholder, filled in OFFER_CONTACT.items():
                text = text.replace(placeholder, filled.format(contact.strip()))
        lines += text_section(f"Appendix: {name}", text)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write THIRD_PARTY_NOTICES.txt for a build; exit 1 when a distribution has no licence text."""
    parser = argparse.ArgumentParser(prog="python -m renkei_desktop.licences", description=main.__doc__)
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument(
        "--site-packages", action="append", help="look the distributions up here (Windows build)"
    )
    parser.add_argument("--windows", action="store_true", help="evaluate requirement markers for Windows")
    parser.add_argument("--python-licence", type=Path, help="LICENSE.txt of the CPython the exe bundles")
    parser.add_argument("--exe", action="store_true", help="add PyInstaller's bootloader and the LGPL offer")
    parser.add_argument("--splash", action="store_true", help="add Tcl/Tk and zlib (the exe's splash)")
    parser.add_argument("--contact", help="the distributor's contact for the LGPL offer")
    args = parser.parse_args(argv)
    dists = runtime_distributions(args.site_packages, args.windows, ["pyinstaller"] if args.exe else [])
    missing = missing_licences(dists)
    if missing:
        print(f"no licence text for: {', '.join(missing)}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        build_notices(dists, args.python_licence, args.exe, args.splash, args.contact), encoding="utf-8"
    )
    print(f"{args.out}: {len(dists)} distributions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
