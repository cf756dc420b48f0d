"""Logging to a rotating file in the user data folder (no answer values are ever logged)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from renkei_desktop.paths import user_data_dir

LOG_NAME = "renkei-desktop.log"


def log_path() -> Path:
    return user_data_dir() / "logs" / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach a rotating file handler to the root logger once; return the log file's path."""
    path = log_path()
    root = logging.getLogger()
    if any(getattr(h, "_renkei", False) for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._renkei = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
