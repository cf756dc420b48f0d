"""Small Japanese dialogs: overwrite confirmation, errors, the unhandled-exception report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_replace(parent: QWidget | None, what_exists: str) -> bool:
    """「<what_exists>。上書きしますか？」 (No is the default); True when the user agrees."""
    answer = QMessageBox.question(
        parent,
        "上書きの確認",
        f"{what_exists}。上書きしますか？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm_overwrite(parent: QWidget | None, path: Path) -> bool:
    """Ask before replacing an existing file (True when it does not exist or the user agrees)."""
    return not path.exists() or ask_replace(parent, f"{path.name} は既に存在します")


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.critical(parent, title, message)


def unhandled_error_text(log_file: Path) -> str:
    return (
        "予期しないエラーが発生しました。作業中のデータは保存されていない可能性があります。\n\n"
        f"詳しい内容はログファイルに記録されています:\n{log_file}\n\n"
        "問題が続く場合は、このログファイルを添えて担当者にお問い合わせください。"
    )
