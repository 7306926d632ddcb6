"""Finding processes from tests: apps run in their own pid namespace, so they are found by a marker, not a pid."""

from __future__ import annotations

from pathlib import Path


def running(marker: str) -> list[int]:
    """Live processes (not zombies) whose command line holds ``marker``."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found
