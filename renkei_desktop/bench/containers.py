"""The containers case of the benchmark: the same responses packaged as they really arrive.

Every response of the bench set goes into a container: each prefecture's municipal files in one
CP932-named zip as Windows' own zip tool writes it (``08_取りまとめ.zip/08回答/…``), every tenth one
attached to a saved mail instead (two per ``.eml``), and the prefectures' own files in a zip inside a
zip. Reading them must cost at most 15 % more than reading the same files loose.
"""

from __future__ import annotations

import io
import statistics
import time
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from renkei_desktop.targets import TargetList


class _Cp932Name(zipfile.ZipInfo):
    """A member name stored as CP932 bytes without the UTF-8 flag (Windows Explorer's zips)."""

    raw_name = b""

    def _encodeFilenameFlags(self):  # zipfile's own hook
        return self.raw_name, self.flag_bits & ~0x800


def _zip(members: list[tuple[str, bytes]], cp932: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for k, (name, data) in enumerate(members):
            when = time.localtime()[:6]
            info: zipfile.ZipInfo
            if cp932:
                raw = _Cp932Name(f"member{k}", when)
                raw.raw_name = name.encode("cp932")
                info = raw
            else:
                info = zipfile.ZipInfo(name, when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def _mail(files: list[Path]) -> bytes:
    message = EmailMessage()
    message["From"] = "kikaku@city.example.lg.jp"
    message["To"] = "chosa@example.go.jp"
    message["Subject"] = "調査の回答"
    message["Date"] = "Mon, 02 Nov 2026 10:00:00 +0900"
    message.set_content("回答を送付します。")
    for path in files:
        message.add_attachment(
            path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name
        )
    return bytes(message)


def package_bench_set(loose: Path, packed: Path) -> int:
    """Write the responses of ``loose`` into containers under ``packed``; returns the container count."""
    packed.mkdir(parents=True, exist_ok=True)
    municipal = sorted((loose / "市区町村").glob("*.xlsx"))
    by_pref: dict[str, list[Path]] = {}
    mailed: list[Path] = []
    for k, path in enumerate(municipal):
        (mailed if k % 10 == 0 else by_pref.setdefault(path.name[:2], [])).append(path)
    count = 0
    for pref, paths in sorted(by_pref.items()):
        members = [(f"{pref}回答/{p.name}", p.read_bytes()) for p in paths]
        (packed / f"{pref}_取りまとめ.zip").write_bytes(_zip(members))
        count += 1
    for k in range(0, len(mailed), 2):
        (packed / f"回答メール_{k // 2:03d}.eml").write_bytes(_mail(mailed[k : k + 2]))
        count += 1
    prefectural = [(p.name, p.read_bytes()) for p in sorted((loose / "都県").glob("*.xlsx"))]
    inner = _zip(prefectural)
    (packed / "都県分.zip").write_bytes(_zip([("都県回答/都県分_内側.zip", inner)], cp932=True))
    return count + 1


def measure_containers(
    loose: Path,
    packed: Path,
    targets: TargetList,
    runs: int,
    timed: Callable[[Callable[[], object]], float],
    *,
    package: bool = False,
) -> dict[str, float]:
    """Cold load + validate + tabulate of the loose and the packaged set (written first when
    ``package``), runs interleaved so that both see the same machine load."""
    if package:
        package_bench_set(loose, packed)
    from renkei_desktop.loader import ReadCache, load_dataset
    from renkei_desktop.tabulate import tabulate_all

    loose_runs: list[float] = []
    packed_runs: list[float] = []
    for _ in range(runs):
        loose_runs.append(timed(lambda: tabulate_all(load_dataset([loose], targets, cache=ReadCache()))))
        packed_runs.append(timed(lambda: tabulate_all(load_dataset([packed], targets, cache=ReadCache()))))
    check_loose = load_dataset([loose], targets)
    check_packed = load_dataset([packed], targets)
    same = [len(check_loose.of(s)) == len(check_packed.of(s)) for s in ("municipal", "prefectural")]
    if not all(same):
        raise RuntimeError("the packaged set does not give the same responses as the loose one")
    loose_s, packed_s = statistics.median(loose_runs), statistics.median(packed_runs)
    return {
        "containers_loose_s": loose_s,
        "containers_packed_s": packed_s,
        "containers_overhead": packed_s / loose_s - 1,
    }
