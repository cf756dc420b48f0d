from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QUrl

from renkei_desktop.gui.mime import paths_from_mime

pytestmark = pytest.mark.gui


def test_local_files_and_folders(qapp, tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "d").mkdir()
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(tmp_path / "a.xlsx")),
            QUrl.fromLocalFile(str(tmp_path / "d")),
            QUrl("https://example.invalid/b.xlsx"),
            QUrl.fromLocalFile(str(tmp_path / "missing.xlsx")),
            QUrl.fromLocalFile(str(tmp_path / "a.xlsx")),
        ]
    )
    assert paths_from_mime(mime) == [tmp_path / "a.xlsx", tmp_path / "d"]


def test_text_only_drop(qapp):
    mime = QMimeData()
    mime.setText("水戸市")
    assert paths_from_mime(mime) == []
