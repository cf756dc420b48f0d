"""Small helpers for labelled controls: a label with a mnemonic that moves focus to its input."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QWidget


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label for ``widget`` (``"設問(&Q)"``: Alt+Q moves to it); the widget is named after it for
    screen readers."""
    label = QLabel(text)
    label.setBuddy(widget)
    if not widget.accessibleName():
        widget.setAccessibleName(re.sub(r"\(&.\)|&", "", text))
    return label
