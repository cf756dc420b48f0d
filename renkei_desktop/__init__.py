"""renkei_desktop: tabulate returned 庁内連携 survey workbooks (core without Qt, GUI on top)."""

__version__ = "0.2.0"
APP_NAME = "renkei-desktop"
