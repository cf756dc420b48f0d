from __future__ import annotations

import pytest

from renkei_desktop.loader import load_dataset
from renkei_desktop.sample import ensure_sample


@pytest.fixture(scope="session")
def sample_data():
    """The bundled sample (248 + 10 returns), loaded through the real pipeline."""
    return load_dataset([ensure_sample()])
