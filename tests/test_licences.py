"""Licence notices: every distribution the app runs on has its licence text in THIRD_PARTY_NOTICES.txt."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from renkei_desktop import licences
from renkei_desktop.paths import resource_path

ROOT = Path(__file__).resolve().parents[1]
# what the exe bundles at the least (the app's own imports); the closure adds their dependencies
CORE = {"pyside6-essentials", "shiboken6", "numpy", "pandas", "matplotlib", "openpyxl", "xlsxwriter"}
CORE |= {"python-calamine", "msoffcrypto-tool", "cryptography", "defusedxml", "olefile", "pillow"}


@pytest.fixture(scope="module")
def dists() -> list[metadata.Distribution]:
    return licences.runtime_distributions()


@pytest.fixture(scope="module")
def notices(dists) -> str:
    return licences.build_notices(dists)


def test_closure_holds_the_app_dependencies_and_no_tools(dists):
    names = {licences.normalise(d.metadata["Name"]) for d in dists}
    assert names >= CORE
    assert not names & {"renkei-desktop", "pytest", "hypothesis", "ruff", "pyinstaller", "setuptools", "xlwt"}


def test_every_distribution_has_a_licence_text_in_the_notices(dists, notices):
    assert licences.missing_licences(dists) == []
    for dist in dists:
        assert f"\n{dist.metadata['Name']} {dist.version}\nLicence: " in notices
        for text in licences.licence_files(dist).values():
            assert text.strip("\n") in notices, dist.metadata["Name"]


def test_texts_no_wheel_carries_are_added(notices):
    assert "GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007" in notices
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007" in notices
    assert "Appendix: Qt-third-party.txt" in notices and "PCRE2 10.47" in notices
    assert "zlib-rs" in notices and "Copyright (c) 2016 Johann Tuffe" in notices  # calamine's crates
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in notices
    assert "IPAフォントライセンスv1.0" in notices
    assert notices.count("GNU LESSER GENERAL PUBLIC LICENSE\n") == 1  # shared texts printed once
    assert "LGPL-source-offer.txt" not in notices  # the written offer comes with the exe only


def test_exe_notices_add_the_offer_and_the_bootloader_licence(dists, tmp_path):
    site = tmp_path / "site"
    info = site / "pyinstaller-6.22.3.dist-info"
    (info / "licenses").mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.4\nName: pyinstaller\nVersion: 6.22.3\n", encoding="utf-8"
    )
    (info / "licenses" / "COPYING.txt").write_text("Bootloader Exception\n...", encoding="utf-8")
    (info / "RECORD").write_text("pyinstaller-6.22.3.dist-info/licenses/COPYING.txt,,\n", encoding="utf-8")
    (bootloader,) = metadata.distributions(path=[str(site)])
    text = licences.build_notices([*dists, bootloader], exe=True)
    assert "Appendix: LGPL-source-offer.txt" in text and "書面による申し出" in text
    assert "pyinstaller 6.22.3" in text and "Bootloader Exception" in text
    assert "納品書等に記載の連絡先" in text  # no contact given: the placeholder stays
    contact = "関東信越厚生局 地域包括ケア推進課 048-000-0000"
    filled = licences.build_notices([*dists, bootloader], exe=True, contact=contact)
    assert f"配布元（連絡先: {contact}）にお申し込みください。" in filled
    assert f"received this program (contact: {contact})." in filled
    assert "納品書等" not in filled and "delivery documents" not in filled


def test_splash_notices_add_tcl_tk_and_zlib(dists, notices):
    assert "Tcl-Tk-splash.txt" not in notices and "tcl86t.dll" not in notices
    text = licences.build_notices(dists, exe=True, splash=True)
    assert "Appendix: Tcl-Tk-splash.txt" in text
    assert "Corporation, Apple Inc. and other parties.  The following terms apply to" in text  # Tk's terms
    assert "zlib 1.2.13 (zlib.dll, used by tcl86t.dll) — zlib License" in text
    assert "3. This notice may not be removed or altered from any source distribution." in text


def test_a_distribution_without_licence_text_is_reported(tmp_path):
    for name, licence in (("nolicence", None), ("withlicence", "MIT License\nCopyright (c) 2026 A")):
        info = tmp_path / f"{name}-1.0.dist-info"
        info.mkdir()
        meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
        record = ""
        if licence:
            meta += "License-File: LICENSE\n"
            (info / "LICENSE").write_text(licence, encoding="utf-8")
            record = f"{info.name}/LICENSE,,\n"
        (info / "METADATA").write_text(meta, encoding="utf-8")
        (info / "RECORD").write_text(record, encoding="utf-8")
    found = sorted(metadata.distributions(path=[str(tmp_path)]), key=lambda d: d.metadata["Name"])
    assert licences.missing_licences(found) == ["nolicence 1.0"]
    assert licences.licence_files(found[1]) == {"LICENSE": "MIT License\nCopyright (c) 2026 A"}


def test_project_licence_is_mit():
    text = licences.project_licence()
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 ")


def test_third_party_notices_without_a_bundled_file_are_generated():
    assert not resource_path("licenses", licences.NOTICES_FILE).exists()  # only the exe bundles the file
    text = licences.third_party_notices()
    assert "\nPySide6_Essentials 6.12.0\nLicence: LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only" in text


def test_command_writes_the_notices(tmp_path, capsys):
    out = tmp_path / "THIRD_PARTY_NOTICES.txt"
    assert licences.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("庁内連携調査 回収・集計ツール (renkei-desktop)")
    assert "distributions" in capsys.readouterr().out
