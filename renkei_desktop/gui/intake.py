"""What the window reads: the load job, drops (files, folders, Outlook attachments), passwords and versions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from renkei_desktop.dataset import Dataset
from renkei_desktop.gui.follow import paths_to_watch
from renkei_desktop.gui.mime import outlook_drop_files, outlook_drop_names, paths_from_mime
from renkei_desktop.gui.password_dialog import ask_password
from renkei_desktop.gui.status_views import StatusViews, prepare_status_views
from renkei_desktop.gui.versions_dialog import VersionsDialog, decisions_path
from renkei_desktop.loader import ReadCache, load_dataset
from renkei_desktop.targets import TargetList

if TYPE_CHECKING:
    from renkei_desktop.gui.main_window import MainWindow


@dataclass(frozen=True)
class Loaded:
    data: Dataset
    views: StatusViews | None
    watch: list[str]  # folders and files to follow


def load_for_window(
    paths: list[Path],
    targets: TargetList,
    *,
    cache: ReadCache,
    progress=None,
    cancel=None,
    passwords: tuple[str, ...] = (),
    decisions: Any = None,
    dropped: tuple[tuple[str, bytes], ...] = (),
) -> Loaded:
    """The load worker's job, all off the GUI thread: the dataset, the status tab's tables and the
    list of paths to follow."""
    data = load_dataset(
        paths,
        targets,
        progress=progress,
        cancel=cancel,
        cache=cache,
        passwords=passwords,
        decisions=decisions,
        dropped=dropped,
    )
    views = None if data.cancelled else prepare_status_views(data)
    return Loaded(data, views, paths_to_watch(paths))


def prepare_sample(progress=None, cancel=None) -> Path:
    from renkei_desktop.sample.writer import ensure_sample

    return ensure_sample(progress=progress)


def accepts_drop(event: Any) -> bool:
    return bool(paths_from_mime(event.mimeData()) or outlook_drop_names(event.mimeData()))


def drop(window: MainWindow, event: QDropEvent) -> None:
    """Files and folders join the current set; a single Outlook attachment is read from the drop itself
    (in memory only); several get an explanation."""
    paths = paths_from_mime(event.mimeData())
    if paths:
        event.acceptProposedAction()
        window.add_paths(paths)
    elif files := outlook_drop_files(event.mimeData()):
        event.acceptProposedAction()
        window.dropped.extend(files)
        window.load(window.inputs)
    elif outlook_drop_names(event.mimeData()):
        QMessageBox.information(
            window,
            "Outlook からのドロップ",
            "Outlook から直接ドロップされた添付ファイル（"
            + "、".join(outlook_drop_names(event.mimeData())[:3])
            + "）を読み取れませんでした。添付ファイルは 1 つずつドロップするか、メールごと（.msg）または"
            "ファイルをフォルダに保存してからドロップしてください。",
        )


def enter_password(window: MainWindow) -> None:
    if ask_password(window, window.data, window.passwords):
        window.reload()  # only the still-closed files are read again (the rest come from the cache)


def review_versions(window: MainWindow) -> VersionsDialog | None:
    if window.data is None or not window.data.versions:
        QMessageBox.information(
            window, "複数の版の確認", "内容の異なる複数の版が届いている団体はありません。"
        )
        return None
    dialog = VersionsDialog(window.data, window.decisions, decisions_path(), window)
    dialog.changed.connect(window.reload)
    dialog.show()
    return dialog
