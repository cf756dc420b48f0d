"""User settings in an INI file in the user profile (never the registry), with typed getters."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from renkei_desktop.paths import user_data_dir

MAX_RECENT = 8
DPI_CHOICES = (150, 300, 600)


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_data_dir() / "settings.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._qs.sync()

    # window -------------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    # folders ------------------------------------------------------------------------------
    def last_folder(self) -> str:
        return str(self._qs.value("paths/last_folder", "") or "")

    def set_last_folder(self, folder: str) -> None:
        self._qs.setValue("paths/last_folder", folder)

    def recent_folders(self) -> list[str]:
        value = self._qs.value("paths/recent", [])
        if isinstance(value, str):
            value = [value] if value else []
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def add_recent_folder(self, folder: str) -> None:
        items = [folder] + [f for f in self.recent_folders() if f != folder]
        self._qs.setValue("paths/recent", items[:MAX_RECENT])

    def clear_recent_folders(self) -> None:
        self._qs.remove("paths/recent")

    def output_folder(self, input_folder: str) -> str:
        """The output folder chosen last for ``input_folder`` ("" when none yet)."""
        return str(self._qs.value(f"outputs/{_key(input_folder)}", "") or "")

    def set_output_folder(self, input_folder: str, output: str) -> None:
        self._qs.setValue(f"outputs/{_key(input_folder)}", output)

    # export -------------------------------------------------------------------------------
    def dpi(self) -> int:
        try:
            value = int(str(self._qs.value("export/dpi", 300)))
        except (TypeError, ValueError):
            return 300
        return value if value in DPI_CHOICES else 300

    def set_dpi(self, dpi: int) -> None:
        self._qs.setValue("export/dpi", int(dpi))

    # targets ------------------------------------------------------------------------------
    def targets(self) -> str:
        return str(self._qs.value("survey/targets", "") or "")

    def set_targets(self, spec: str) -> None:
        self._qs.setValue("survey/targets", spec)


def _key(folder: str) -> str:
    """A settings key for a folder path (QSettings keys must not contain slashes)."""
    import hashlib

    return hashlib.sha1(folder.encode("utf-8")).hexdigest()[:16]
