"""The files of a folder that are inputs to a review: what a corpus task's fingerprint and a synth cache key read.

Folders that a synth, an install or a tool writes (``cdk.out``, ``node_modules``, ``.venv``, ``__pycache__``) and
version control (``.git``) are not inputs: a change inside them does not change what is reviewed.
"""

from __future__ import annotations

import os
from pathlib import Path

GENERATED_DIRS = frozenset({".git", "node_modules", "cdk.out", "__pycache__", ".venv"})


def input_files(root: Path) -> list[Path]:
    """The input files under ``root``, in a fixed order (folders and files sorted by name, depth first)."""
    found: list[Path] = []
    for directory, dirnames, filenames in os.walk(root):  # top-down: the pruned, sorted dirnames are what it visits
        dirnames[:] = sorted(d for d in dirnames if d not in GENERATED_DIRS)
        found += [Path(directory) / name for name in sorted(filenames)]
    return found
