"""Text edits that keep every line where it was, so findings after a repair still map to the user's lines."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from iacreview.threadsafe_ast import parse_shared


@dataclass(frozen=True)
class Span:
    """A span of source text, ``line``/``end_line`` 1-based, columns 0-based character offsets (as ``ast`` gives)."""

    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def of(cls, node: ast.AST) -> Span:
        end_line = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
        end_col = getattr(node, "end_col_offset", None)
        return cls(node.lineno, node.col_offset, end_line, end_col if end_col is not None else node.col_offset)  # type: ignore[attr-defined]


def _offset(lines: list[str], line: int, col: int) -> int:
    return sum(len(text) for text in lines[: line - 1]) + col


def replace_span(source: str, span: Span, new_text: str) -> str:
    """Replace ``span`` by ``new_text``; the newlines inside the old span are kept so no line moves."""
    lines = source.splitlines(keepends=True)
    start = _offset(lines, span.line, span.col)
    end = _offset(lines, span.end_line, span.end_col)
    kept_newlines = source[start:end].count("\n") - new_text.count("\n")
    return source[:start] + new_text + "\n" * max(kept_newlines, 0) + source[end:]


def delete_with_comma(source: str, span: Span) -> str:
    """Delete an argument or dict entry and the comma that follows it (or precedes it, for the last one)."""
    lines = source.splitlines(keepends=True)
    start = _offset(lines, span.line, span.col)
    end = _offset(lines, span.end_line, span.end_col)
    after = end
    while after < len(source) and source[after] in " \t\r\n":
        after += 1
    if after < len(source) and source[after] == ",":
        end = after + 1
    else:
        before = start - 1
        while before >= 0 and source[before] in " \t\r\n":
            before -= 1
        if before >= 0 and source[before] == ",":
            start = before
    removed = source[start:end]
    return source[:start] + "\n" * removed.count("\n") + source[end:]


def parses(source: str) -> bool:
    try:
        parse_shared(source)
    except SyntaxError:
        return False
    return True
