"""Deterministic sample data: fictitious returned questionnaires that reproduce the report's tables.

``build_plan()`` gives the respondent-level answers and cell values; ``generate_sample(dir)`` writes
them as filled-in forms; ``ensure_sample()`` keeps one generated copy in the user cache.
"""

from renkei_desktop.sample.plan import FormattedValue, SampleRespondent, build_plan
from renkei_desktop.sample.writer import SAMPLE_VERSION, ensure_sample, generate_sample

__all__ = [
    "SAMPLE_VERSION",
    "FormattedValue",
    "SampleRespondent",
    "build_plan",
    "ensure_sample",
    "generate_sample",
]
