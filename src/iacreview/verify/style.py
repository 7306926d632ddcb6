"""Claims about the shape of the Python itself, measured on the answer's files.

Reports often call these opinion, but several are plain facts of the text: the indentation width, lines longer than a
limit, functions with more than N positional parameters, type annotations and docstrings present or absent, all code
in one file. Each check returns the lines that show its answer, or nothing when the claim is not of its kind.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from iacreview.model import Location
from iacreview.threadsafe_ast import walk
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence, SourceText, source_trees
from iacreview.verify.polarity import Polarity


@dataclass(frozen=True)
class Measured(Decision):
    """A measured fact of the Python (``holds``: what the claim says holds in the code)."""

    check: str = "style"


def _trees(evidence: Evidence) -> list[tuple[SourceText, ast.Module]]:
    return [(source, tree) for source, tree in source_trees(evidence.sources) if tree is not None]


def _functions(evidence: Evidence) -> list[tuple[SourceText, ast.FunctionDef | ast.AsyncFunctionDef]]:
    return [(s, node) for s, tree in _trees(evidence) for node in walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def _at(source: SourceText, line: int) -> list[Location]:
    where = source.location(line)
    return [where] if where else []


_INDENT = re.compile(r"(\d)[- ]space\w*\s+indent", re.IGNORECASE)


def _indentation(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    match = _INDENT.search(text)
    if not match or polarity is Polarity.POSITIVE:
        return None
    width = int(match.group(1))
    used: dict[int, list[Location]] = {}
    for source in evidence.sources:
        previous = ""
        for number, line in enumerate(source.text.splitlines(), start=1):
            if line.strip() and previous.rstrip().endswith(":"):
                step = (len(line) - len(line.lstrip(" "))) - (len(previous) - len(previous.lstrip(" ")))
                if step > 0:
                    used.setdefault(step, []).extend(_at(source, number))
            if line.strip() and not line.lstrip().startswith("#"):
                previous = line
    if not used:
        return None
    if width in used:
        return Measured(True, used[width][:MAX_EVIDENCE], f"Blocks are indented by {width} spaces here.")
    other = sorted(used, key=lambda k: -len(used[k]))[0]
    return Measured(False, used[other][:MAX_EVIDENCE], f"Blocks are indented by {other} spaces, never {width}.")


_LENGTH = re.compile(r"(exceed\w*|longer than|over|more than|beyond|above)\D{0,30}?(\d{2,3})[- ]?(char|column)",
                     re.IGNORECASE)


def _line_length(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    match = _LENGTH.search(text)
    if not match:
        return None
    limit = int(match.group(2))
    long_lines: list[Location] = []
    longest: tuple[int, Location] | None = None
    for source, number, _ in evidence.code_lines():
        line = source.text.splitlines()[number - 1]
        where = source.location(number)
        if where is None:
            continue
        if len(line) > limit:
            long_lines.append(where)
        if longest is None or len(line) > longest[0]:
            longest = (len(line), where)
    if long_lines:
        return Measured(True, long_lines[:MAX_EVIDENCE], f"{len(long_lines)} lines are longer than {limit} characters.")
    if longest is None:
        return None
    return Measured(False, [longest[1]], f"The longest line has {longest[0]} characters (limit {limit}).")


_POSITIONAL = re.compile(r"more than (\d+) (positional )?(arguments|parameters|args)", re.IGNORECASE)


def _positional(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    match = _POSITIONAL.search(text)
    if not match:
        return None
    limit = int(match.group(1))
    many: list[Location] = []
    for source, node in _functions(evidence):
        names = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]  # as linters count them, with self
        if len(names) > limit:
            many += _at(source, node.lineno)
    if many:
        reason = f"{len(many)} functions take more than {limit} positional parameters."
        return Measured(True, many[:MAX_EVIDENCE], reason)
    functions = _functions(evidence)
    if not functions:
        return None
    source, node = functions[0]
    return Measured(False, _at(source, node.lineno), f"No function takes more than {limit} positional parameters.")


def _share(evidence: Evidence, has: Callable[[ast.FunctionDef | ast.AsyncFunctionDef], bool], what: str,
           polarity: Polarity) -> Measured | None:
    functions = [(s, n) for s, n in _functions(evidence) if not n.name.startswith("__") or n.name == "__init__"]
    if not functions:
        return None
    with_it = [(s, n) for s, n in functions if has(n)]
    without = [(s, n) for s, n in functions if not has(n)]
    if polarity is Polarity.POSITIVE:
        if not without:
            return Measured(True, _at(*_line(with_it[0])), f"Every function has {what}.")
        if len(without) * 2 > len(functions):
            reason = f"{len(without)} of {len(functions)} functions lack {what}."
            return Measured(False, _at(*_line(without[0])), reason)
        return None
    if not with_it:
        return Measured(True, _at(*_line(without[0])), f"No function has {what}.")
    if len(with_it) * 2 >= len(functions):
        return Measured(False, _at(*_line(with_it[0])), f"{len(with_it)} of {len(functions)} functions have {what}.")
    return None


def _line(pair: tuple[SourceText, ast.FunctionDef | ast.AsyncFunctionDef]) -> tuple[SourceText, int]:
    return pair[0], pair[1].lineno


def _annotated(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    return node.returns is not None or any(a.annotation is not None for a in args)


def _annotations(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    if not re.search(r"type (annotation|hint)s?|type-hint", text, re.IGNORECASE) or polarity is Polarity.NEGATIVE:
        return None
    return _share(evidence, _annotated, "type annotations", polarity)


def _docstrings(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    if not re.search(r"docstrings?", text, re.IGNORECASE) or polarity is Polarity.NEGATIVE:
        return None
    return _share(evidence, lambda n: ast.get_docstring(n) is not None, "a docstring", polarity)


_ONE_FILE = re.compile(r"\b(single|one) (python )?(file|module)\b", re.IGNORECASE)


def _single_file(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    if not _ONE_FILE.search(text) or polarity is Polarity.POSITIVE or not evidence.sources:
        return None
    if len(evidence.sources) == 1:
        return Measured(True, evidence.stack_line(), "All the Python is in one file.")
    files = [s.location(1) for s in evidence.sources]
    return Measured(False, [f for f in files if f][:MAX_EVIDENCE],
                    f"The answer has {len(evidence.sources)} Python files.")


CHECKS = (_indentation, _line_length, _positional, _annotations, _docstrings, _single_file)


def measure(text: str, evidence: Evidence, polarity: Polarity) -> Measured | None:
    if not evidence.sources:
        return None
    for check in CHECKS:
        found = check(text, evidence, polarity)
        if found is not None and found.evidence:
            return found
    return None
