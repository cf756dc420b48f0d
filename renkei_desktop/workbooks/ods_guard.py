"""Check an OpenDocument spreadsheet (.ods, LibreOffice Calc) and re-pack it for python-calamine.

The same idea as the OOXML guard: zip-level limits before inflating (part count, sizes, ratio,
traversal names, encryption), no DTD in the XML, and a bound on the grid calamine will allocate.
Calamine drops trailing empty cells of a row and trailing empty rows, but repeats everything else
(``table:number-columns-repeated`` / ``table:number-rows-repeated``) into a dense grid, so the grid is
measured here as (rows up to the last non-empty one) × (widest non-empty extent), per sheet and in
total, with the text that repeated cells copy. Only ``mimetype`` and ``content.xml`` are re-packed (with a fixed manifest).
"""

from __future__ import annotations

import io
import zipfile

from renkei_desktop.workbooks.ooxml_xml import DTD, forbid_dtd, parse_xml
from renkei_desktop.workbooks.ooxml_zip import inflate, repack
from renkei_desktop.workbooks.safety import MB, Limits, UnreadableError, printable

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_MAX_DEPTH = 256
# calamine recognises an .ods by its manifest: a fixed one is written instead of the file's own
_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="' + ODS_MIMETYPE + b'"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class OdsScan:
    """Grid and text that calamine would produce from ``content.xml`` (see the module docstring)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.level = 0
        self.sheets = 0
        self.total_cells = 0
        self.text_total = 0
        self.cell_level = 0  # > 0 inside a table cell
        self.cell_repeat = 1
        self.cell_filled = False
        self.cell_text = 0
        self.row_repeat = 1
        self.row_col = 0
        self.row_width = 0
        self.row_text = 0
        self.row_pos = 0
        self.height = 0
        self.width = 0

    @staticmethod
    def _repeat(attrs: dict[str, str], key: str) -> int:
        for name, value in attrs.items():
            if _local(name) == key:
                if not value.isdigit() or not 0 < int(value) <= 1 << 24:
                    raise UnreadableError(f"不正な繰り返し回数を含むファイルです（{printable(value, 20)}）")
                return int(value)
        return 1

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.level += 1
        if self.level > _MAX_DEPTH:
            raise UnreadableError("XML の入れ子が深すぎます（ファイルが壊れている可能性があります）")
        if self.cell_level:
            self.cell_level += 1
            self.cell_filled = True
            return
        local = _local(name)
        if local == "table":
            self.sheets += 1
            if self.sheets > self.limits.max_sheets:
                raise UnreadableError(f"シートが多すぎます（上限 {self.limits.max_sheets} 枚）")
            self.row_pos = self.height = self.width = 0
        elif local == "table-row":
            self.row_repeat = self._repeat(attrs, "number-rows-repeated")
            self.row_col = self.row_width = self.row_text = 0
        elif local in ("table-cell", "covered-table-cell"):
            self.cell_level = 1
            self.cell_repeat = self._repeat(attrs, "number-columns-repeated")
            self.cell_filled = any(_local(k) in ("value-type", "formula") for k in attrs)
            self.cell_text = 0

    def text(self, data: str) -> None:
        if self.cell_level:
            self.cell_text += len(data)
            self.cell_filled = self.cell_filled or not data.isspace()

    def end(self, name: str) -> None:
        self.level -= 1
        if self.cell_level > 1:
            self.cell_level -= 1
            return
        local = _local(name)
        if self.cell_level == 1:
            self.cell_level = 0
            self.row_col += self.cell_repeat
            if self.cell_filled:
                self.row_width = self.row_col
                self.row_text += self.cell_text * self.cell_repeat
        elif local == "table-row":
            self.row_pos += self.row_repeat
            if self.row_width:
                self.height = self.row_pos
                self.width = max(self.width, self.row_width)
                self.text_total += self.row_text * self.row_repeat
        elif local == "table":
            self._end_sheet()

    def _end_sheet(self) -> None:
        cells = self.height * self.width
        self.total_cells += cells
        if cells > self.limits.max_sheet_cells or self.total_cells > self.limits.max_total_cells:
            raise UnreadableError(
                f"シートの範囲が大きすぎます（{self.height:,} 行 × {self.width:,} 列、"
                f"上限 {self.limits.max_sheet_cells:,} セル。セルの繰り返し指定による爆弾の可能性）"
            )
        if self.text_total > self.limits.max_text_bytes:
            raise UnreadableError(f"文字列が多すぎます（上限 {self.limits.max_text_bytes // MB} MB）")


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > limits.max_zip_entries:
        raise UnreadableError(
            f"ファイル内の部品が多すぎます（{len(infos)} 個、上限 {limits.max_zip_entries} 個）"
        )
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or name in by_name:
            raise UnreadableError(f"不正な部品名を含むファイルです（{printable(name)}）")
        if info.file_size > limits.max_part_bytes or (
            info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            raise UnreadableError(
                f"展開後のサイズが大きすぎる部品を含みます（{printable(name)}、ZIP 爆弾の可能性）"
            )
        by_name[name] = info
    return by_name


def sanitize_ods(data: bytes, limits: Limits) -> bytes:
    """Check an .ods package; return a re-packed copy holding only ``mimetype`` and ``content.xml``."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableError("ファイルが壊れています（ZIP 形式として読めません）") from exc
    by_name = _check_entries(infos, limits)
    if "content.xml" not in by_name or "mimetype" not in by_name:
        raise UnreadableError("OpenDocument 表計算ファイルではありません（content.xml がありません）")
    mimetype = inflate(data, by_name["mimetype"]).strip()
    if mimetype != ODS_MIMETYPE:
        raise UnreadableError("OpenDocument 表計算ファイルではありません（.ods 以外の形式です）")
    manifest = by_name.get("META-INF/manifest.xml")
    if manifest is not None and b"encryption-data" in inflate(data, manifest):
        raise UnreadableError(
            "パスワードで保護された ODS ファイルには対応していません（パスワードを解除して保存し直してください）"
        )
    content = inflate(data, by_name["content.xml"])
    if DTD.search(content):
        forbid_dtd()
    parse_xml(content, "content.xml", OdsScan(limits))
    return repack([("mimetype", mimetype), ("content.xml", content), ("META-INF/manifest.xml", _MANIFEST)])
