"""What verify knows about one side of a task: its review, templates and Python files, with user-facing lines."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from iacreview.compare.core import Side
from iacreview.compare.prompt_actions import code_lines
from iacreview.model import Finding, Location
from iacreview.threadsafe_ast import parse_shared, walk

MAX_EVIDENCE = 5


@dataclass(frozen=True)
class Decision:
    """What one claim check finds on one side: whether the claim holds there, the lines that show it, why, and
    which kind of check it was (``check``, as reported in the verdict)."""

    holds: bool
    evidence: list[Location]
    reason: str
    check: str = ""


@dataclass(frozen=True)
class SourceText:
    """A Python file of one side, with its user-facing location mapping (first line in the origin)."""

    relpath: str
    text: str
    origin: str
    first_line: int | None

    def location(self, line: int) -> Location | None:
        return Location(self.origin, self.first_line + line - 1) if self.first_line is not None else None


@dataclass(frozen=True)
class Evidence:
    """Everything verify needs about one side."""

    side: Side
    sources: tuple[SourceText, ...] = ()

    @property
    def has_templates(self) -> bool:
        """Templates that show the whole answer: a partial one (statements excised by the repair ladder) cannot
        show that something is absent, so verify then reads the Python instead."""
        return bool(self.side.templates) and not self.side.review.synth.partial

    def code_lines(self) -> Iterator[tuple[SourceText, int, str]]:
        """Every line of the Python, comments removed (a comment that names a feature does not build it)."""
        return code_lines(self.sources)

    def grep(self, patterns: Iterable[str]) -> list[Location]:
        """The lines of the Python that match one of the patterns (case-insensitive)."""
        compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
        out: list[Location] = []
        for source, number, code in self.code_lines():
            if any(c.search(code) for c in compiled):
                where = source.location(number)
                if where is not None and where not in out:
                    out.append(where)
        return out[:MAX_EVIDENCE]

    def statements(self, patterns: Iterable[str]) -> list[tuple[Location, str]]:
        """For each line of the Python that matches a pattern: its location and the statement around it, as a
        position-free syntax dump (so that two answers writing the same statement compare equal)."""
        compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
        out: list[tuple[Location, str]] = []
        for source, tree in source_trees(self.sources):
            if tree is None:
                continue
            statements = [n for n in walk(tree) if isinstance(n, ast.stmt)]
            for _, number, code in code_lines([source]):
                where = source.location(number)
                if where is None or not any(c.search(code) for c in compiled):
                    continue
                around = [n for n in statements if n.lineno <= number <= (n.end_lineno or n.lineno)]
                if around:
                    innermost = min(around, key=lambda n: (n.end_lineno or n.lineno) - n.lineno)
                    out.append((where, ast.dump(innermost)))
        return out

    def stack_line(self) -> list[Location]:
        if self.side.stack_location is not None:
            return [self.side.stack_location]
        for source in self.sources:
            for number, line in enumerate(source.text.splitlines(), start=1):
                if re.match(r"\s*class \w+\(.*Stack\b", line):
                    found = source.location(number)
                    return [found] if found else []
        return []


def locations(findings: Iterable[Finding]) -> list[Location]:
    out: list[Location] = []
    for f in findings:
        if f.location is not None and f.location not in out:
            out.append(f.location)
    return out[:MAX_EVIDENCE]


def source_trees(sources: Sequence[SourceText]) -> list[tuple[SourceText, ast.Module | None]]:
    """Each Python file with its tree (shared with every other reader of the same text), None where it does not
    parse."""
    out: list[tuple[SourceText, ast.Module | None]] = []
    for source in sources:
        try:
            out.append((source, parse_shared(source.text)))
        except (SyntaxError, ValueError):
            out.append((source, None))
    return out
