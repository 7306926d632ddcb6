"""Helpers for synth tests: workspaces built by hand (tmp dir + ``add_file``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iacreview.sources.workspace import InputKind, SourceFile, Workspace

MakeWorkspace = Callable[..., Workspace]


def build_workspace(
    root: Path,
    files: dict[str, str],
    *,
    entry: str | None = None,
    origin: str | None = None,
    first_line: int = 1,
    subject: str = "answer",
) -> Workspace:
    """A workspace of ``files``; with ``origin`` every file maps to that path starting at ``first_line``."""
    root.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(subject=subject, kind=InputKind.PROJECT, root=root, entry=entry)
    for relpath, text in files.items():
        source = SourceFile(relpath=relpath, origin=origin or relpath, first_line=first_line if origin else 1)
        workspace.add_file(source, text)
    return workspace


@pytest.fixture(scope="session")
def workspace_builder() -> Callable[..., Workspace]:
    """``build_workspace`` for session-scoped fixtures (test modules cannot import conftest by name)."""
    return build_workspace


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    counter = iter(range(1000))

    def make(files: dict[str, str], **kwargs: object) -> Workspace:
        return build_workspace(tmp_path / f"ws{next(counter)}", files, **kwargs)  # type: ignore[arg-type]

    return make
