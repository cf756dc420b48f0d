"""What a tab that shows the loaded survey offers the main window."""

from __future__ import annotations

from typing import Protocol

from renkei_desktop.dataset import Dataset


class DatasetView(Protocol):
    def set_dataset(self, data: Dataset) -> None:
        """Show ``data`` (called when the tab is first shown after a load)."""
