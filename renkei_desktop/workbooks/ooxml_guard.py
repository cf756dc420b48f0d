"""Check an OOXML package (.xlsx/.xlsm) and re-pack it before python-calamine parses it.

Calamine (Rust) is fast and executes nothing, but it trusts the file: a 20 KB sheet with one cell at
XFD1048576, or a shared-strings table declaring four billion entries, makes it allocate hundreds of
gigabytes and abort the whole process (not an exception: Rust aborts on allocation failure). So the
package is checked here, in Python, with bounded work:

1. zip level (before anything is inflated): part count, each part's declared size, the total and the
   compression ratio; encrypted or exotic compression, duplicate and path-traversal names refused.
2. every part calamine may read (``.xml``/``.rels``) is inflated up to its declared size (a lying
   header cannot inflate more) with its CRC checked; binary parts (macros ``vbaProject.bin``, images,
   embedded objects) and parts calamine never reads (themes, document properties, drawings) are
   dropped and never inflated (:mod:`renkei_desktop.workbooks.ooxml_zip`).
3. each kept part: no NUL byte (UTF-16/32 XML is refused), no DTD (``<!DOCTYPE``/``<!ENTITY``: OOXML
   forbids DTDs, and this is where entity-expansion bombs live), and well-formed XML as read by expat
   with DTD and entity declarations forbidden (:mod:`renkei_desktop.workbooks.ooxml_xml`).
4. worksheets: the cells calamine would place (explicit ``r`` references, or an upper bound of its
   running position for cells without one) give the dense grid it will allocate; shared-string cells
   give the text it will copy; both must stay under the limits, per sheet and summed over the sheets
   the workbook declares (several sheet entries may point at the same part).
5. the accepted parts are written into a fresh zip, so calamine parses exactly the bytes checked
   here (no local/central header disagreement, no overlapping or duplicate entries, no macros).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from renkei_desktop.workbooks.ooxml_xml import (
    DTD,
    SHEETS_TAG,
    SST_TAG,
    Relationships,
    SheetEntries,
    SheetScan,
    SstScan,
    fast_sheet_scan,
    fast_sst_scan,
    forbid_dtd,
    parse_xml,
)
from renkei_desktop.workbooks.ooxml_zip import check_zip_entries, inflate, is_kept, repack
from renkei_desktop.workbooks.safety import MB, Limits, UnreadableError, printable

_DIGITS = re.compile(r"[0-9]+")


@dataclass
class _SheetCost:
    cells: int
    text: int
    size: int


@dataclass
class PackageReport:
    """What was checked (for tests and the reliability figures)."""

    parts_kept: list[str] = field(default_factory=list)
    parts_dropped: list[str] = field(default_factory=list)
    inflated_bytes: int = 0
    sheet_entries: int = 0
    grid_cells: int = 0
    text_chars: int = 0


@dataclass
class _Parts:
    """What the kept parts say: worksheets, shared-string tables, sheet entries and relationships."""

    kept: list[tuple[str, bytes]] = field(default_factory=list)
    sheet_scans: dict[str, tuple[SheetScan, int]] = field(default_factory=dict)
    sst_lengths: list[list[int]] = field(default_factory=list)
    unique_counts: list[str] = field(default_factory=list)
    entries: list[tuple[str, str | None]] = field(default_factory=list)  # (workbook part, r:id)
    relationships: dict[str, set[str]] = field(default_factory=dict)

    def check(self, name: str, body: bytes, limits: Limits) -> None:
        if b"\x00" in body:
            raise UnreadableError(f"UTF-8 以外の文字コードの XML には対応していません（{printable(name)}）")
        if b"<!" in body and DTD.search(body):
            forbid_dtd()
        if name.lower().endswith(".rels"):
            rels = Relationships()
            parse_xml(body, name, rels)
            for rid, targets in rels.targets.items():
                self.relationships.setdefault(rid, set()).update(targets)
        if b"sheetData" in body:
            self._check_sheet(name, body, limits)
        if b"sst" in body and SST_TAG.search(body):
            sst = fast_sst_scan(body)
            if sst is None:
                sst = SstScan()
                parse_xml(body, name, sst)
            self.sst_lengths.append(sst.lengths)
            self.unique_counts.extend(sst.unique_counts)
        if b"sheets" in body and SHEETS_TAG.search(body):
            wb = SheetEntries()
            parse_xml(body, name, wb)
            self.entries.extend((name, rid) for rid in wb.rids)
        self.kept.append((name, body))

    def _check_sheet(self, name: str, body: bytes, limits: Limits) -> None:
        scan = fast_sheet_scan(body)
        if scan is None or scan.grid_cells > limits.max_sheet_cells:
            scan = SheetScan()  # the exact scan decides (it counts valued cells only)
            parse_xml(body, name, scan)
        self.sheet_scans[name] = (scan, len(body))
        if scan.grid_cells > limits.max_sheet_cells:
            raise UnreadableError(
                f"シートの使用範囲が大きすぎます（{printable(name)}: 最終セル "
                f"{scan.max_row + 1} 行 × {scan.max_col + 1} 列、上限 {limits.max_sheet_cells:,} セル）"
            )

    def check_unique_counts(self) -> None:
        """Calamine reserves room for the declared number of shared strings up front."""
        si_total = sum(map(len, self.sst_lengths))
        allowed = max(10_000, 2 * si_total)
        for value in self.unique_counts:
            if any(int(d) > allowed for d in _DIGITS.findall(value)):
                raise UnreadableError(
                    f"共有文字列の件数の宣言が不正です（{printable(value, 20)} 件、実際は {si_total} 件）"
                )

    def sheet_costs(self) -> dict[str, _SheetCost]:
        """Grid cells, copied text and XML size of each worksheet part.

        A shared-string cell gets a copy of its string; calamine may skip an <si>, so string k is
        bounded by the longest of strings k, k+1, ... (suffix maximum), over every candidate table."""
        suffix_max: list[int] = []
        for lengths in self.sst_lengths:
            running = 0
            bound = [0] * len(lengths)
            for i in range(len(lengths) - 1, -1, -1):
                running = max(running, lengths[i])
                bound[i] = running
            if len(bound) > len(suffix_max):
                suffix_max.extend([0] * (len(bound) - len(suffix_max)))
            for i, b in enumerate(bound):
                suffix_max[i] = max(suffix_max[i], b)
        longest = suffix_max[0] if suffix_max else 0
        costs: dict[str, _SheetCost] = {}
        for name, (scan, size) in self.sheet_scans.items():
            text = scan.unknown_refs * longest
            for idx, count in scan.shared_refs.items():
                text += count * (suffix_max[idx] if idx < len(suffix_max) else 0)
            costs[name] = _SheetCost(scan.grid_cells, text, size)
        return costs

    def total_cost(self, limits: Limits) -> _SheetCost:
        """Summed over the sheet entries the workbook declares (each at its part's cost, or at the
        worst part's cost when its target cannot be resolved)."""
        if len(self.entries) > limits.max_sheets:
            raise UnreadableError(
                f"シートが多すぎます（{len(self.entries)} 枚、上限 {limits.max_sheets} 枚）"
            )
        costs = self.sheet_costs()
        worst = _SheetCost(
            max((c.cells for c in costs.values()), default=0),
            max((c.text for c in costs.values()), default=0),
            max((c.size for c in costs.values()), default=0),
        )
        kept_names = {name for name, _ in self.kept}
        total = _SheetCost(0, 0, 0)
        for workbook_part, rid in self.entries:
            base_dir = posixpath.dirname(workbook_part)
            names: set[str] = set()
            for target in self.relationships.get(rid or "", ()):
                names |= _candidates(target, base_dir)
            found = [costs.get(n, _SheetCost(0, 0, 0)) for n in names if n in kept_names]
            cost = (
                worst
                if not found
                else _SheetCost(
                    max(c.cells for c in found), max(c.text for c in found), max(c.size for c in found)
                )
            )
            total.cells += cost.cells
            total.text += cost.text
            total.size += cost.size
        return total


def _candidates(target: str, base_dir: str) -> set[str]:
    """Part names a relationship target may mean (calamine's rule and the OPC rule)."""
    t = target.replace("\\", "/")
    out = {t[1:] if t.startswith("/") else t}
    out.add(t[1:] if t.startswith("/xl/") else t if t.startswith("xl/") else "xl/" + t)
    out.add(posixpath.normpath(posixpath.join("/" + base_dir, t)).lstrip("/"))
    return out


def _check_total(total: _SheetCost, limits: Limits) -> None:
    if total.cells > limits.max_total_cells:
        raise UnreadableError(
            f"シートの使用範囲が大きすぎます（全シート合計 {total.cells:,} セル、上限 {limits.max_total_cells:,} セル）"
        )
    if total.text > limits.max_text_bytes:
        raise UnreadableError(
            f"文字列の量が多すぎます（展開すると約 {total.text / MB:.0f} MB、上限 {limits.max_text_bytes // MB} MB。"
            "共有文字列を使った膨張攻撃の可能性）"
        )
    if total.size > limits.max_total_bytes:
        raise UnreadableError(
            f"シートの XML が大きすぎます（全シート合計 {total.size / MB:.0f} MB、上限 {limits.max_total_bytes // MB} MB）"
        )


def sanitize_package(data: bytes, limits: Limits) -> tuple[bytes, PackageReport]:
    """Check an OOXML zip; return a re-packed copy holding only the checked parts."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableError("ファイルが壊れています（ZIP 形式として読めません）") from exc
    check_zip_entries(infos, limits)

    report = PackageReport()
    parts = _Parts()
    for info in infos:
        if info.is_dir() or not is_kept(info.filename):
            report.parts_dropped.append(info.filename)
            continue
        body = inflate(data, info)
        report.inflated_bytes += len(body)
        parts.check(info.filename, body, limits)
        report.parts_kept.append(info.filename)
    parts.check_unique_counts()
    total = parts.total_cost(limits)
    report.sheet_entries = len(parts.entries)
    report.grid_cells = total.cells
    report.text_chars = total.text
    _check_total(total, limits)
    return repack(parts.kept), report
