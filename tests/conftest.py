"""Fixtures shared across test areas."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One iacreview cache (synth results, jsii packages, API index) for the whole session: an app synthesized by
    one test area is not synthesized again by another."""
    return tmp_path_factory.mktemp("iacreview-shared-cache")
