"""Helpers for the sources tests: write an input file and load it as a workspace that is removed afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from iacreview import sources
from iacreview.config import Config
from iacreview.sources.workspace import Workspace

FENCE = "```"


@pytest.fixture
def load_md(tmp_path: Path) -> Iterator[Callable[[str], Workspace]]:
    """Load Markdown text (``~~~`` in the text stands for a code fence) as the workspace of ``answer.md``."""
    made: list[Workspace] = []

    def load(text: str, name: str = "answer.md") -> Workspace:
        path = tmp_path / name
        path.write_text(text.replace("~~~", FENCE), encoding="utf-8")
        workspace = sources.load(path, Config(), display=name)
        made.append(workspace)
        return workspace

    yield load
    for workspace in made:
        workspace.cleanup()
