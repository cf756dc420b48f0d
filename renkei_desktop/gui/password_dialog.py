"""The password dialog (PPAP: the password arrives in a separate mail) and the session's passwords.

The dialog lists the encrypted files that are still closed (workbooks and zips). A password typed
once is tried on all of them by the next load; thanks to the read cache only the closed files are
read again. Passwords live in :class:`SessionPasswords`, in memory for this session only: never in
settings, logs or exports.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from renkei_desktop.dataset import Dataset


class SessionPasswords:
    """Candidate passwords for this session (in memory only, in the order given)."""

    def __init__(self) -> None:
        self._items: list[str] = []

    def add(self, password: str) -> bool:
        """Add a candidate; False when it is empty or already known."""
        if not password or password in self._items:
            return False
        self._items.append(password)
        return True

    def as_list(self) -> list[str]:
        return list(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:  # never show a password in a log or a traceback
        return f"SessionPasswords({len(self._items)} 件)"


def locked_files(data: Dataset | None) -> list[tuple[str, str]]:
    """(file, reason) of every file that only waits for its password."""
    if data is None:
        return []
    return [(f.file, f.message) for f in data.findings if f.password_pending]


class PasswordDialog(QDialog):
    """Lists the closed files; the typed password is read with :meth:`password`."""

    def __init__(self, files: list[tuple[str, str]], tried: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("パスワードの入力")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"パスワードで保護されたファイルが {len(files)} 件あります。"
            "別のメールで届いたパスワードを入力すると、すべてのファイルに試します。\n"
            "パスワードはこのアプリを終了するまでメモリー上にだけ置き、設定・ログ・出力には保存しません。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.files = QListWidget()
        for name, reason in files:
            item = QListWidgetItem(name)
            item.setToolTip(reason)
            self.files.addItem(item)
        layout.addWidget(self.files)
        if tried:
            layout.addWidget(
                QLabel(f"これまでに入力されたパスワード: {tried} 件（いずれでも開けませんでした）")
            )
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("パスワード")
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("このパスワードで開く")
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("閉じる")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        layout.addWidget(buttons)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def password(self) -> str:
        return self.edit.text()


def ask_password(parent: QWidget | None, data: Dataset | None, store: SessionPasswords) -> bool:
    """Show the dialog; True when a new password was added (the caller then reloads)."""
    files = locked_files(data)
    dialog = PasswordDialog(files, len(store), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return store.add(dialog.password())
