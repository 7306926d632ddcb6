"""Sources: any input the user gives, turned into a ``Workspace`` (real files in a fresh temp dir + line map).

``load(path, config, display=...)`` is the one entry point. What it does per kind (``InputKind``):

- ``MARKDOWN`` (``.md``): the answer's code blocks become files named as the answer names them, or by
  inference (see ``markdown.py``); each file's lines map back to the ``.md`` through ``Workspace.locate``.
  A truncated answer (SYN001) and a block named with a path outside the project (SEC100) are recorded in
  ``workspace.findings``; every guess is in ``workspace.assumptions``.
- ``PROJECT`` (a folder with ``cdk.json``, ``app.py``, ``tap.py``, ``main.py`` or any ``.py``) and ``PYTHON``
  (a single ``.py``): the files are copied (see ``folder.py``); lines map one to one.
- ``TEMPLATE`` (``.json/.yaml/.yml/.template`` with a top-level ``Resources`` or ``AWSTemplateFormatVersion``):
  the file is copied into the workspace under its own name and nothing else is done. The caller builds the
  ``Template`` itself with ``iacreview.template.loader.load_template(path, display)``, whose ``resource_lines``
  are lines of the user's file.

Unusable input raises ``InputError`` naming the file. The user's files are never modified; the caller owns the
workspace and removes it with ``workspace.cleanup()``. ``cdk.json``'s ``app`` command is read, never executed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from iacreview.config import Config
from iacreview.sources.detect import detect_kind, read_text
from iacreview.sources.folder import load_folder, load_python_file
from iacreview.sources.markdown import load_markdown
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

__all__ = ["InputKind", "SourceFile", "Workspace", "detect_kind", "load"]


def _load_template_file(path: Path, display: str, root: Path) -> Workspace:
    workspace = Workspace(subject=display, kind=InputKind.TEMPLATE, root=root)
    text = read_text(path, display)
    language = "json" if path.suffix.lower() == ".json" or text.lstrip().startswith("{") else "yaml"
    workspace.add_file(SourceFile(path.name, display, 1, False, language), text)
    return workspace


def load(path: Path, config: Config, *, display: str | None = None) -> Workspace:
    """The Workspace of the input at ``path``; ``display`` is the path as the user wrote it (default ``str(path)``).

    ``config`` is accepted so every layer has the same signature; loading itself has no settings yet.
    """
    del config
    shown = display if display is not None else str(path)
    kind = detect_kind(path, shown)
    # Read (and validate) single-file inputs before creating the temp dir, so bad input leaves nothing behind.
    text = read_text(path, shown) if kind is InputKind.MARKDOWN else None
    root = Path(tempfile.mkdtemp(prefix="iacreview-"))
    try:
        if kind is InputKind.MARKDOWN:
            assert text is not None
            return load_markdown(text, shown, root)
        if kind is InputKind.PROJECT:
            return load_folder(path, shown, root)
        if kind is InputKind.PYTHON:
            return load_python_file(path, shown, root)
        return _load_template_file(path, shown, root)
    except BaseException:
        Workspace(subject=shown, kind=kind, root=root).cleanup()
        raise
