"""Widgets of the main window, one tab or panel per module."""
