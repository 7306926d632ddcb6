"""Find the parts of a dataset task folder: the model's answer, the reference, the prompt and the written report.

Layouts seen in practice: flat (``MODEL_RESPONSE.md`` next to ``IDEAL_RESPONSE.md``) or under ``lib/``; the
reference may also be a CDK project folder (``cdk.json`` / ``tap.py`` next to the answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iacreview.errors import InputError

_CANDIDATE = ("MODEL_RESPONSE.md",)
_REFERENCE = ("IDEAL_RESPONSE.md",)
_PROMPT = ("PROMPT.md",)
_REPORT = ("MODEL_FAILURES.md",)
_PLACES = (".", "lib")


@dataclass(frozen=True)
class TaskFiles:
    folder: Path
    candidate: Path
    reference: Path | None
    prompt: Path | None
    report: Path | None


def _find(folder: Path, names: tuple[str, ...]) -> Path | None:
    for place in _PLACES:
        for name in names:
            candidate = folder / place / name
            if candidate.is_file():
                return candidate
    return None


def find_task(folder: Path) -> TaskFiles:
    if not folder.is_dir():
        raise InputError(str(folder), "is not a task folder")
    candidate = _find(folder, _CANDIDATE)
    if candidate is None:
        raise InputError(str(folder), "has no MODEL_RESPONSE.md (looked in the folder and lib/)")
    reference = _find(folder, _REFERENCE)
    if reference is None and any((folder / n).is_file() for n in ("cdk.json", "tap.py", "app.py")):
        reference = folder
    return TaskFiles(folder, candidate, reference, _find(folder, _PROMPT), _find(folder, _REPORT))
