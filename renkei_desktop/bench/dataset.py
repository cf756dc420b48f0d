"""Generate N filled questionnaires (one per target body) for the benchmark, deterministically.

The answers are the sample's (cycled), re-labelled to each target municipality or prefecture, so the files
look exactly like real returns; a share can be re-saved by LibreOffice when it is installed.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from itertools import cycle
from pathlib import Path

from renkei_desktop.sample import SampleRespondent, build_plan, generate_sample
from renkei_desktop.targets import TargetList

MUNICIPAL_IDENTITY = ("E12", "E17")
PREFECTURAL_IDENTITY = "D12"


def bench_respondents(targets: TargetList) -> list[SampleRespondent]:
    """One respondent per target body of ``targets`` (e.g. 450 + 10 or 1,741 + 47)."""
    plan = build_plan()
    municipal = cycle([r for r in plan if r.survey == "municipal"])
    prefectural = cycle([r for r in plan if r.survey == "prefectural"])
    out: list[SampleRespondent] = []
    for body in targets.municipalities:
        src = next(municipal)
        cells = dict(src.cells)
        cells[MUNICIPAL_IDENTITY[0]] = body.prefecture
        cells[MUNICIPAL_IDENTITY[1]] = body.name
        out.append(
            dataclasses.replace(src, code=body.code, prefecture=body.prefecture, name=body.name, cells=cells)
        )
    for body in targets.prefectures:
        src = next(prefectural)
        cells = dict(src.cells)
        cells[PREFECTURAL_IDENTITY] = body.name
        out.append(
            dataclasses.replace(src, code=body.code, prefecture=body.name, name=body.name, cells=cells)
        )
    return out


def resave_with_libreoffice(files: list[Path], share: float = 0.05) -> int:
    """Re-save every 1/share-th file with LibreOffice (xlsx → xlsx) in place; returns how many (0 without it)."""
    soffice = shutil.which("soffice")
    if soffice is None or share <= 0:
        return 0
    step = max(1, round(1 / share))
    chosen = files[::step]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                *map(str, chosen),
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
        for path in chosen:
            converted = out / path.name
            if converted.exists():
                shutil.copyfile(converted, path)
    return len(chosen)


def generate_bench_set(
    folder: Path, targets: TargetList, *, libreoffice_share: float = 0.05
) -> tuple[int, int]:
    """Write the files into ``folder``; returns (files, LibreOffice-saved files)."""
    files = generate_sample(folder, bench_respondents(targets))
    return len(files), resave_with_libreoffice(files, libreoffice_share)
