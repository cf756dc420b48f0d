"""Make the PDF manual (操作説明書.pdf) from the bundled HTML manual, for shipping next to the exe.

    python build/support/make_manual_pdf.py [--out dist/操作説明書.pdf]

The HTML (resources/help/manual.html, with its screenshots) is laid out by Qt's QTextDocument and written by
QPdfWriter on A4 with page numbers, using the bundled IPAexGothic font, which is embedded (subset) in the
PDF: the manual prints the same on any PC. Runs headless (offscreen Qt).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PDF_RESOLUTION = 300


def make_pdf(html_path: Path, out: Path) -> Path:
    """Write the manual to ``out``."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from renkei_desktop.gui.app import install_font, make_app
    from renkei_desktop.gui.help_viewer import add_images
    from renkei_desktop.gui.pdf_unicode import fix_pdf_text

    app = make_app()
    family = install_font(app) or "IPAexGothic"
    font = QFont(family)
    font.setPointSizeF(10.5)
    text = html_path.read_text(encoding="utf-8")
    doc = QTextDocument()
    doc.setDefaultFont(font)
    missing = add_images(doc, text, html_path.parent)
    if missing:
        raise SystemExit(f"images of the manual not found: {', '.join(missing)}")
    doc.setHtml(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(out))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(5, 5, 5, 5), QPageLayout.Unit.Millimeter)
    writer.setTitle("庁内連携調査 回収・集計ツール 操作説明書")
    writer.setCreator("renkei-desktop build/support/make_manual_pdf.py")
    doc.print_(writer)
    del writer  # finishes the file
    fix_pdf_text(out)  # 水 copies as 水, not as the radical ⽔ (see renkei_desktop/gui/pdf_unicode.py)
    return out


def main(argv: list[str] | None = None) -> int:
    from renkei_desktop.gui.help_viewer import PDF_NAME, manual_path

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--html", type=Path, default=None, help="the manual's HTML (default: bundled)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / PDF_NAME)
    args = parser.parse_args(argv)
    html_path = args.html or manual_path()
    make_pdf(html_path, args.out)
    print(f"{args.out}: {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
