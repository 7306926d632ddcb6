"""The reviewer's words for resource types and properties (``data/compare_vocabulary.json``)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources as package_files
from typing import Any

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

_VOWEL_ACRONYMS = ("IAM", "SNS", "SQS", "S3", "RDS", "X-Ray", "SSM", "API", "ECS", "ElastiCache", "EC2", "EBS", "EFS",
                   "ALB", "NLB", "AWS", "Aurora", "EventBridge", "auto")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    text = package_files.files("iacreview.data").joinpath("compare_vocabulary.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def article(words: str) -> str:
    """``words`` with "a"/"an" in front (acronyms by their sound: "an SNS topic", "an RDS database")."""
    if words.startswith(("a ", "an ", "the ")):
        return words
    vowel = words[:1].lower() in "aeiou" or words.startswith(_VOWEL_ACRONYMS)
    return ("an " if vowel else "a ") + words


def plural(words: str, count: int) -> str:
    """``words`` for ``count`` items: the noun before any parenthesis takes the plural."""
    if count == 1:
        return article(words)
    head, sep, tail = words.partition(" (")
    noun = head if head.endswith("s") else (head[:-1] + "ies" if head.endswith("y") else head + "s")
    return f"{count} {noun}{sep}{tail}"


def sentences(text: str) -> list[str]:
    """A prompt cut into sentences and lines (list items of a Markdown prompt are sentences of their own)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]
