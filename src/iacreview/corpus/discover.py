"""Which folders of a corpus directory are tasks.

A task folder holds a ``MODEL_RESPONSE.md`` (or any other task file: a folder with only a prompt is a broken task
worth reporting, not noise), flat or under ``lib/`` (``iacreview.tasks.find_task`` reads the layouts). The directory
itself may be a single task.
"""

from __future__ import annotations

from pathlib import Path

TASK_FILES = ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md", "MODEL_FAILURES.md", "PROMPT.md")


def looks_like_task(folder: Path) -> bool:
    return any((folder / place / name).is_file() for place in (".", "lib") for name in TASK_FILES)


def discover_tasks(directory: Path) -> list[Path]:
    """Task folders under ``directory`` (sorted by name), or ``[directory]`` when it is a task itself."""
    if looks_like_task(directory):
        return [directory]
    return sorted(
        (p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".") and looks_like_task(p)),
        key=lambda p: p.name,
    )
