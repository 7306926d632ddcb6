"""Python written straight into the Markdown, with no fence around it.

Some answers paste their files as plain text: a line with the file name, then the code. Markdown renders that as
paragraphs, so no fenced block exists and the review would see nothing. Only an answer with no fenced Python at
all is searched (an answer that fences its code and also shows a stray ``import`` in prose means prose).

A region starts at a column-0 line that opens a module (``import``/``from``/``class``/``def``, a shebang or a
docstring) and runs while its lines read as Python: blank, indented, inside a triple-quoted string, or column-0
statements. It ends at the first line of prose (``Key Features``, ``Usage``). A region is kept when it parses,
once trailing non-code lines are dropped, or when it is clearly a module that does not parse (it opens with an
import and defines a class): synthesis then reports the syntax error at its line instead of "no code".
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_START = re.compile(
    r"^(?:from\s+[\w.]+\s+import\b|import\s+[\w.]+|class\s+\w+|def\s+\w+\(|#!.*python|[rRuU]?\"\"\"|[rRuU]?''')"
)
_STATEMENT = re.compile(
    r"^(?:from\s|import\s|class\s|def\s|async\s+def\s|@|#|if\s|elif\s|else\s*:|try\s*:|except\b|finally\s*:|"
    r"for\s|while\s|with\s|return\b|raise\b|pass\b|assert\s|del\s|global\s|[)\]}]|[rRuUfFbB]{0,2}[\"']|"
    r"[A-Za-z_][\w.]*\s*(?:\(|=|\[|\+=|-=|:\s*[\w\[\"']))"
)
_MIN_LINES = 3
_TRIM_MOST = 20


@dataclass(frozen=True)
class Region:
    """Unfenced code: ``first``/``last`` are 0-based line indexes of its first and last code line."""

    first: int
    last: int
    content: str


def find_regions(lines: list[str], blocked: list[tuple[int, int]]) -> list[Region]:
    """Unfenced Python regions among ``lines``, outside the 0-based ``[start, end)`` ranges in ``blocked``."""
    regions: list[Region] = []
    index = 0
    while index < len(lines):
        if _inside(index, blocked) or not _START.match(lines[index]):
            index += 1
            continue
        end = _extent(lines, index, blocked)
        region = _accept(lines, index, end)
        if region is not None:
            regions.append(region)
        index = max(end, index + 1)
    return regions


def _inside(index: int, blocked: list[tuple[int, int]]) -> bool:
    return any(a <= index < b for a, b in blocked)


def _extent(lines: list[str], start: int, blocked: list[tuple[int, int]]) -> int:
    """The index just after the last line that still reads as code."""
    in_string: str | None = None
    index = start
    while index < len(lines) and not _inside(index, blocked):
        line = lines[index]
        if in_string is None and line.strip() and not line[0].isspace() and not _STATEMENT.match(line):
            break
        in_string = _string_state(line, in_string)
        index += 1
    return index


def _string_state(line: str, in_string: str | None) -> str | None:
    """Whether a triple-quoted string is open after ``line`` (a coarse count, enough to skip docstring text)."""
    for match in re.finditer(r"\"\"\"|'''", line):
        quote = match.group(0)
        if in_string is None:
            in_string = quote
        elif in_string == quote:
            in_string = None
    return in_string


def _accept(lines: list[str], start: int, end: int) -> Region | None:
    while end > start and not lines[end - 1].strip():
        end -= 1
    if end - start < _MIN_LINES:
        return None
    for stop in range(end, max(start + _MIN_LINES, end - _TRIM_MOST) - 1, -1):
        if not lines[stop - 1].strip():
            continue
        text = "\n".join(lines[start:stop]) + "\n"
        if _parses(text) and _is_module(text):
            return Region(start, stop - 1, text)
    text = "\n".join(lines[start:end]) + "\n"
    if _START.match(lines[start]) and lines[start].startswith(("import", "from")) and re.search(
            r"^class\s+\w+", text, re.MULTILINE):
        return Region(start, end - 1, text)
    return None


def _is_module(text: str) -> bool:
    """More than a stray statement: an import together with a definition or several statements."""
    tree = ast.parse(text)
    has_import = any(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body)
    has_definition = any(isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) for n in tree.body)
    return has_import and (has_definition or len(tree.body) >= 3)


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
