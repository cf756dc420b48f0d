"""The versions view: bodies that sent several different files, their differing answers side by
side, and the user's choice of the version that counts (kept in a JSON decisions file that
``renkei-desktop export --decisions FILE`` also reads)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.codebook import Codebook
from renkei_desktop.dataset import Dataset
from renkei_desktop.paths import user_data_dir
from renkei_desktop.validation import validate_raw
from renkei_desktop.versions import Decisions, DecisionsError


def decisions_path() -> Path:
    """Where the window keeps the decisions file (the user data folder, never the input folder)."""
    return user_data_dir() / "decisions.json"


def load_decisions(path: Path | None = None) -> Decisions:
    try:
        return Decisions.load(path or decisions_path())
    except DecisionsError:
        return Decisions()


def _fmt(value: Any) -> str:
    if value is None:
        return "（未回答）"
    if isinstance(value, frozenset):
        return "、".join(str(v) for v in sorted(value))
    if isinstance(value, list):
        return f"{len(value)} 行"
    return str(value)


def differences(versions: list[Any], codebook: Codebook) -> list[tuple[str, list[str]]]:
    """(question, the answer of each version) for every question where the versions differ."""
    values = [validate_raw(v.raw, codebook).values for v in versions]
    rows: list[tuple[str, list[str]]] = []
    for q in codebook.questions:
        answers = [v.get(q.id) for v in values]
        if any(a != answers[0] for a in answers[1:]):
            rows.append((f"{q.number} {q.text}"[:60], [_fmt(a) for a in answers]))
    return rows


def _when(read: Any) -> str:
    label = "送信" if read.sent is not None else "更新"
    return f"{label} {dt.datetime.fromtimestamp(read.version_time):%Y-%m-%d %H:%M}"


class VersionsDialog(QDialog):
    """Bodies with several versions; ``changed`` is emitted after a choice is saved."""

    changed = Signal()

    def __init__(
        self, data: Dataset, decisions: Decisions, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("複数の版の確認")
        self.resize(980, 560)
        self.data, self.decisions, self.path = data, decisions, path
        self.keys = sorted(data.versions)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "同じ団体から内容の異なるファイルが複数届いています。既定では送信日時（メールの Date・ZIP 内の日時、"
            f"なければ更新日時）の新しい版を集計します。選んだ版は判断ファイルに保存します: {path}"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.bodies = QListWidget()
        for survey, code in self.keys:
            body = next(b for b in data.targets.bodies(survey) if b.code == code)
            self.bodies.addItem(
                f"{body.prefecture} {body.name}（{code}）: {len(data.versions[(survey, code)])} 版"
            )
        splitter.addWidget(self.bodies)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        self.counted = QLabel("")
        right_layout.addWidget(self.counted)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        right_layout.addWidget(self.table)
        row = QHBoxLayout()
        self.choice = QComboBox()
        self.choose_button = QPushButton("この版を集計する")
        self.reset_button = QPushButton("選択を解除（新しい版を集計）")
        row.addWidget(QLabel("集計する版:"))
        row.addWidget(self.choice, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.reset_button)
        right_layout.addLayout(row)
        splitter.addWidget(right)
        splitter.setSizes([220, 760])
        layout.addWidget(splitter, 1)
        close = QPushButton("閉じる")
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.bodies.currentRowChanged.connect(self.show_body)
        self.choose_button.clicked.connect(self.choose_current)
        self.reset_button.clicked.connect(self.reset_current)
        if self.keys:
            self.bodies.setCurrentRow(0)

    def _counted_file(self, survey: str, code: str) -> str:
        return next((r.file for r in self.data.of(survey) if r.code == code), "")

    def show_body(self, index: int) -> None:
        if not 0 <= index < len(self.keys):
            return
        survey, code = self.keys[index]
        versions = self.data.versions[(survey, code)]
        counted = self._counted_file(survey, code)
        chosen = (survey, code) in self.decisions.choices
        self.counted.setText(f"集計中: {counted}（{'選択済み' if chosen else '新しい版'}）")
        rows = differences(versions, self.data.codebooks[survey])
        self.table.clear()
        self.table.setColumnCount(1 + len(versions))
        self.table.setRowCount(len(rows))
        headers = ["設問"] + [
            f"{'★ ' if v.display == counted else ''}{v.display}\n{_when(v)}" for v in versions
        ]
        self.table.setHorizontalHeaderLabels(headers)
        for r, (question, answers) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(question))
            for c, answer in enumerate(answers):
                self.table.setItem(r, c + 1, QTableWidgetItem(answer))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        self.choice.clear()
        for v in versions:
            self.choice.addItem(f"{v.display}（{_when(v)}）")
        self.choice.setCurrentIndex(next((i for i, v in enumerate(versions) if v.display == counted), 0))

    def _save(self) -> None:
        self.decisions.save(self.path)
        self.changed.emit()

    def choose_current(self) -> None:
        index = self.bodies.currentRow()
        if 0 <= index < len(self.keys) and self.choice.currentIndex() >= 0:
            survey, code = self.keys[index]
            self.decisions.choose(
                survey, code, self.data.versions[(survey, code)][self.choice.currentIndex()]
            )
            self._save()

    def reset_current(self) -> None:
        index = self.bodies.currentRow()
        if 0 <= index < len(self.keys):
            self.decisions.forget(*self.keys[index])
            self._save()
