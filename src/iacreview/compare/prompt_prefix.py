"""Prompt prefix: the prompt fixes the S3 key prefix access is limited to, and the code never uses it.

"... a Condition that restricts access to only the apps/tap/ prefix" names a key prefix the answer must scope its
policy to. An answer whose code contains that prefix nowhere (not in an ARN, not in an ``s3:prefix`` condition, not
in a variable) scopes access to something else or to nothing. The finding is at the first place the code scopes S3
access by key (an ``s3:prefix`` condition or an object ARN with a path), else at the first policy statement.

Only a prefix written as a path (``apps/tap/``, at least one ``/``) in a sentence that says "prefix" and speaks of
access (policy, permission, condition, read, write ...) counts, and not when the sentence gives it as an example
("e.g.", "such as", "for example").
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from iacreview.compare.prompt_actions import SourceFile
from iacreview.compare.words import sentences
from iacreview.model import Finding, Location
from iacreview.rules.comparison import PROMPT_PREFIX
from iacreview.threadsafe_ast import parse_shared, walk

_PREFIX = re.compile(r"(?<![\w/:.-])`?((?:[A-Za-z0-9_.-]+/)+)\*?`?(?![\w/])")
_EXAMPLE = re.compile(r"\be\.g\.|\bsuch as\b|\bfor example\b|\bfor instance\b|\blike\b", re.IGNORECASE)
_ACCESS = re.compile(r"access|polic|permission|condition|restrict|grant|\bread|\bwrite", re.IGNORECASE)
_SCOPING = re.compile(r"s3:prefix|_arn\}?/[A-Za-z0-9_.{}-]+|arn:aws[\w-]*:s3:::[^\"'/]+/[A-Za-z0-9_.-]+")


def requested_prefixes(prompt: str) -> list[str]:
    found: list[str] = []
    for sentence in sentences(prompt):
        if "prefix" not in sentence.lower() or not _ACCESS.search(sentence) or _EXAMPLE.search(sentence):
            continue
        for match in _PREFIX.finditer(sentence):
            prefix = match.group(1)
            if "://" not in sentence[max(0, match.start() - 3):match.start() + 3] and prefix not in found:
                found.append(prefix)
    return found


def _scoping_line(source: SourceFile) -> int | None:
    """The first line that scopes S3 access by key, else the first ``PolicyStatement(`` line."""
    for number, line in enumerate(source.text.splitlines(), start=1):
        if _SCOPING.search(line):
            return number
    try:
        tree = parse_shared(source.text)
    except (SyntaxError, ValueError):
        return None
    lines = [n.lineno for n in walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, (ast.Attribute, ast.Name))
             and (n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id) == "PolicyStatement"]
    return min(lines) if lines else None


def prompt_prefix_failures(prompt: str, sources: Sequence[SourceFile]) -> list[Finding]:
    if not sources:
        return []
    code = "\n".join(s.text for s in sources)
    out: list[Finding] = []
    for prefix in requested_prefixes(prompt):
        if prefix.rstrip("/") in code:
            continue
        location: Location | None = None
        for source in sources:
            line = _scoping_line(source)
            if line is not None:
                location = source.location(line)
                break
        if location is None:
            continue  # no policy in the code at all: nothing to point at, and another check reports that
        message = (f"The prompt limits access to the `{prefix}` prefix; the code never uses `{prefix}`, so its "
                   "policy is scoped to other keys or to none.")
        out.append(Finding.from_rule(PROMPT_PREFIX, message, location, evidence=prefix))
    return out
