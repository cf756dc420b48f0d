"""ファイル → 報告書（Word）を出力…: background writing with progress, on a small folder of returns."""

from __future__ import annotations

import pytest
from docx import Document
from window_helpers import load_and_wait

pytestmark = pytest.mark.gui


def test_report_menu_writes_docx_and_pptx(qtbot, window, small_inbox, tmp_path):
    from renkei_desktop.gui import report_action

    assert window.report_action.text() == report_action.MENU_TEXT
    assert window.report_action.shortcut().toString() == "Ctrl+Shift+R"
    load_and_wait(qtbot, window, [small_inbox])
    seen: list[tuple[int, int, str]] = []
    worker = report_action.start_report(window, tmp_path / "rep")
    worker.signals.progress.connect(lambda d, t, n: seen.append((d, t, n)))
    assert window.progress.isVisible()
    with qtbot.waitSignal(worker.signals.finished, timeout=180_000):
        pass
    doc = Document(str(tmp_path / "rep" / "report.docx"))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions and all(c.startswith("図表") for c in captions)
    assert (tmp_path / "rep" / "figures.pptx").stat().st_size > 20_000
    assert seen and seen[-1][0] == seen[-1][1]
    assert window.notice.label.text().startswith("報告書を出力しました")  # beside the 回収 summary
    assert window.notice.path == str(tmp_path / "rep")
    assert not window.progress.isVisible()


def test_report_cancel(qtbot, window, small_inbox, tmp_path):
    from renkei_desktop.gui import report_action

    load_and_wait(qtbot, window, [small_inbox])
    worker = report_action.start_report(window, tmp_path / "rep")
    window.cancel()
    with qtbot.waitSignal(worker.signals.finished, timeout=180_000):
        pass
    assert not (tmp_path / "rep" / "report.docx").exists()


def test_menu_flow_asks_the_outline_and_remembers_it(qtbot, window, small_inbox, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from renkei_desktop.gui import report_action

    load_and_wait(qtbot, window, [small_inbox])
    seen = {}

    def fake_exec(dialog):
        seen["subjects"] = dialog.edits["subjects"].text()
        dialog.grab().save(str(tmp_path / "outline_dialog.png"))
        dialog.edits["period"].setText("令和3年9月1日～9月30日")
        dialog.free_text.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_action.OutlineDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    (tmp_path / "out").mkdir()
    worker = report_action.export_report(window)
    with qtbot.waitSignal(worker.signals.finished, timeout=180_000):
        pass
    assert seen["subjects"] == "市区町村 450 団体、都県 10 団体"  # pre-filled from the target list
    texts = [p.text for p in Document(str(tmp_path / "out" / "report.docx")).paragraphs]
    assert "令和3年9月1日～9月30日" in texts
    assert not any(t.startswith("自由記述") for t in texts)
    again = report_action.saved_options(window)
    assert again.period == "令和3年9月1日～9月30日" and again.free_text is False
