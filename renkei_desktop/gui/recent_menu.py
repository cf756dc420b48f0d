"""ファイル → 最近使ったフォルダ: the folders of ``Settings.recent_folders()``, rebuilt each time it opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu, QWidget

from renkei_desktop.gui.settings import Settings

MAX_LABEL = 70


def menu_label(index: int, folder: str) -> str:
    """``&1 …\\回収\\令和2年度`` (a mnemonic digit, long paths shortened in the middle)."""
    text = folder if len(folder) <= MAX_LABEL else f"{folder[:20]}…{folder[-(MAX_LABEL - 21) :]}"
    text = text.replace("&", "&&")
    return f"&{index} {text}" if index < 10 else text


class RecentFoldersMenu(QMenu):
    """Opens a recent folder with ``open_folder``; a folder that no longer exists is shown disabled."""

    def __init__(
        self, settings: Settings, open_folder: Callable[[Path], None], parent: QWidget | None = None
    ):
        super().__init__("最近使ったフォルダ(&R)", parent)
        self.settings = settings
        self.open_folder = open_folder
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        folders = self.settings.recent_folders()
        for index, folder in enumerate(folders, start=1):
            action = self.addAction(menu_label(index, folder))
            action.setToolTip(folder)
            action.setData(folder)
            exists = Path(folder).is_dir()
            action.setEnabled(exists)
            if not exists:
                action.setText(action.text() + "（見つかりません）")
            action.triggered.connect(lambda _=False, f=folder: self.open_folder(Path(f)))
        if not folders:
            self.addAction("（まだありません）").setEnabled(False)
        else:
            self.addSeparator()
            self.addAction("一覧を消去", self.clear_history)
        self.setEnabled(True)

    def clear_history(self) -> None:
        self.settings.clear_recent_folders()
        self.rebuild()
