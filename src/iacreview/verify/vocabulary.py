"""The hand-maintained table of how reports name what iacreview checks (``data/claim_synonyms.json``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources as package_files
from typing import Any


@lru_cache(maxsize=1)
def synonyms() -> dict[str, Any]:
    text = package_files.files("iacreview.data").joinpath("claim_synonyms.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def any_match(patterns: Iterable[str], text: str) -> bool:
    return any(_compiled(p).search(text) for p in patterns)


def first_match(patterns: Iterable[str], text: str) -> re.Match[str] | None:
    for p in patterns:
        found = _compiled(p).search(text)
        if found:
            return found
    return None


def earliest_match(patterns: Iterable[str], text: str) -> int | None:
    """Where the first of the patterns' matches in ``text`` starts; None when none matches."""
    starts = [found.start() for p in patterns if (found := _compiled(p).search(text))]
    return min(starts) if starts else None
