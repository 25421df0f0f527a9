from __future__ import annotations

import pytest

from storyline.ingest import ReadContext


@pytest.fixture
def ctx() -> ReadContext:
    """Default settings, no link following, no private addresses."""
    return ReadContext()
