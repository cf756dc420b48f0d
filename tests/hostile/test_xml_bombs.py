"""XML-level attacks: entity expansion (billion laughs) in the shared strings and in a sheet, external
entities, deep nesting, DTDs hidden in other parts, UTF-16 parts.

How each XML reader treats DTDs, proven here rather than assumed:

* calamine (quick-xml) never expands a DTD entity: it reports an unknown entity as an error at once,
  with no memory growth, and never opens an external entity;
* openpyxl (not used for returned files, only for the bundled forms) parses with defusedxml when it is
  installed, which it is, and refuses entity declarations;
* the guard refuses any part with a DTD before either of them sees it (OOXML forbids DTDs), and drops
  unread the parts calamine never needs (document properties, theme).
"""

from __future__ import annotations

import io
import random

import pytest
from hostile_builders import (
    LAUGHS_DTD,
    NS,
    SHEET,
    XXE_DTD,
    add_cells,
    add_shared_strings,
    base_workbook,
    mutated,
    read_parts,
    with_dtd,
    write_parts,
)
from hostile_harness import run_isolated

from renkei_desktop.workbooks.ooxml_guard import sanitize_package
from renkei_desktop.workbooks.safety import DEFAULT_LIMITS

DTD_REASON = "DTD"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return base_workbook(tmp_path_factory.mktemp("xml") / "base.xlsx")


def laughs_in_shared_strings(parts):
    sst = b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    add_shared_strings(parts, with_dtd(sst, LAUGHS_DTD))
    add_cells(parts, b'<row r="300"><c r="A300" t="s"><v>0</v></c></row>')


def laughs_in_sheet(parts):
    add_cells(parts, b'<row r="300"><c r="A300" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    parts[SHEET] = with_dtd(parts[SHEET], LAUGHS_DTD)


def external_entity_in_sheet(parts):
    add_cells(parts, b'<row r="300"><c r="A300" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
    parts[SHEET] = with_dtd(parts[SHEET], XXE_DTD)


def lowercase_doctype(parts):
    parts[SHEET] = with_dtd(parts[SHEET], b'<?xml version="1.0"?>\n<!doctype worksheet>\n')


def dtd_in_styles(parts):
    parts["xl/styles.xml"] = with_dtd(parts["xl/styles.xml"], LAUGHS_DTD)


BOMBS = {
    "billion laughs in sharedStrings.xml": laughs_in_shared_strings,
    "billion laughs in a sheet": laughs_in_sheet,
    "external entity (file:///etc/passwd) in a sheet": external_entity_in_sheet,
    "lower-case <!doctype> in a sheet": lowercase_doctype,
    "DTD in xl/styles.xml": dtd_in_styles,
}


@pytest.mark.parametrize("case", list(BOMBS))
def test_dtd_refused_by_the_guard(base, tmp_path, read_hostile, case):
    path = mutated(base, tmp_path / "bomb.xlsx", BOMBS[case])
    read_hostile(path, case, contains=DTD_REASON)


def test_dtd_in_a_part_calamine_never_reads_is_dropped_unread(base, tmp_path, read_hostile):
    """docProps and the theme are not needed for cell values: they are dropped without being inflated,
    so a bomb there cannot go off, and the file's answers still load."""

    def dtd_in_document_properties(parts):
        parts["docProps/core.xml"] = with_dtd(parts["docProps/core.xml"], LAUGHS_DTD)
        parts["xl/theme/theme1.xml"] = with_dtd(parts["xl/theme/theme1.xml"], LAUGHS_DTD)

    path = mutated(base, tmp_path / "props.xlsx", dtd_in_document_properties)
    read_hostile(path, "DTD in docProps/core.xml and the theme (unused parts)", expect="ok")
    clean, report = sanitize_package(path.read_bytes(), DEFAULT_LIMITS)
    assert {"docProps/core.xml", "xl/theme/theme1.xml"} <= set(report.parts_dropped)
    assert b"<!DOCTYPE" not in clean and b"lol" not in clean


def _calamine_direct(path: str) -> list[str]:
    """Every string cell calamine produces from the file, read without any guard."""
    from python_calamine import CalamineWorkbook

    try:
        with open(path, "rb") as handle:
            book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
        texts: list[str] = []
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                texts.extend(v for v in row if isinstance(v, str))
        return texts
    except Exception as exc:  # calamine reports the entity as an error
        return [f"error: {type(exc).__name__}: {exc}"]


@pytest.mark.parametrize(
    "case",
    [
        "billion laughs in sharedStrings.xml",
        "billion laughs in a sheet",
        "external entity (file:///etc/passwd) in a sheet",
    ],
)
def test_calamine_itself_never_expands_entities(base, tmp_path, case):
    """Without the guard, calamine stops with an error: no expansion, no file access, no memory."""
    path = mutated(base, tmp_path / "bomb.xlsx", BOMBS[case])
    outcome = run_isolated(_calamine_direct, str(path), timeout=60)
    assert not outcome.crashed and outcome.error is None
    texts = outcome.value
    assert not any("lollol" in t or "root:" in t for t in texts)
    assert outcome.seconds < 2
    if outcome.added_mb is not None:
        assert outcome.added_mb < 100


def test_openpyxl_uses_defusedxml(base, tmp_path):
    """openpyxl reads the app's own forms; with defusedxml installed it refuses entity bombs too."""
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    path = mutated(base, tmp_path / "bomb.xlsx", laughs_in_sheet)
    outcome = run_isolated(_openpyxl_load, str(path), timeout=60)
    assert not outcome.crashed
    assert outcome.value.startswith("refused"), outcome.value
    assert openpyxl.__version__ == "3.1.5"


def _openpyxl_load(path: str) -> str:
    import openpyxl
    from defusedxml import DefusedXmlException

    try:
        openpyxl.load_workbook(path)
    except Exception as exc:  # openpyxl wraps the parser's refusal in a ValueError
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, DefusedXmlException):
                return f"refused: {type(cause).__name__}"
            cause = cause.__cause__
        return f"failed otherwise: {exc!r}"
    return "loaded"


def _nested(depth: int, seed: int) -> bytes:
    """``depth`` nested elements with varied names (so that the part is not refused for its ratio)."""
    rng = random.Random(seed)
    names = [b"n%x" % rng.getrandbits(40) for _ in range(depth)]
    return b"".join(b"<%s>" % n for n in names) + b"x" + b"".join(b"</%s>" % n for n in reversed(names))


def test_deeply_nested_xml_in_a_cell(base, tmp_path, read_hostile):
    """A million nested elements inside one cell: parsers here are iterative; it ends quickly."""
    path = mutated(
        base,
        tmp_path / "nested.xlsx",
        lambda p: add_cells(
            p, b'<row r="300"><c r="A300" t="inlineStr"><is>' + _nested(1_000_000, 1) + b"</is></c></row>"
        ),
    )
    read_hostile(path, "1,000,000 nested elements in a cell", expect=None)


def test_deeply_nested_xml_in_shared_strings(base, tmp_path, read_hostile):
    def mutate(parts):
        add_shared_strings(parts, b"<sst " + NS + b"><si>" + _nested(300_000, 2) + b"</si></sst>")
        add_cells(parts, b'<row r="300"><c r="A300" t="s"><v>0</v></c></row>')

    path = mutated(base, tmp_path / "nested_sst.xlsx", mutate)
    read_hostile(path, "300,000 nested elements in sharedStrings", expect=None)


def test_utf16_sheet_is_refused(base, tmp_path, read_hostile):
    parts = read_parts(base)
    text = parts[SHEET].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    parts[SHEET] = "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
    path = write_parts(tmp_path / "utf16.xlsx", parts)
    read_hostile(path, "UTF-16 sheet XML", contains="文字コード")


def test_control_characters_in_text_are_read_and_cleaned(tmp_path, read_hostile):
    """``&#1;``/``_x0002_``/raw control bytes in a free-text answer: read, without the characters that
    no .xlsx writer accepts (so that the exports cannot fail on them later)."""
    base = base_workbook(tmp_path / "base.xlsx", {"E45": "PLACEHOLDER"})

    def mutate(parts):
        parts[SHEET] = parts[SHEET].replace(b"PLACEHOLDER", b"a&#1;b_x0002_c\x03d")

    path = mutated(base, tmp_path / "ctrl.xlsx", mutate)
    read = read_hostile(path, "control characters in a free-text answer", expect="ok")
    assert read.raw["E45"].startswith("ab") and read.raw["E45"].isprintable()
