"""Qt item models that adapt the core's results for display."""
