"""Imports between the workspace's own files: ``from lib.storage_stack import StorageStack`` must find its file.

The synth runs the app with the workspace root (and the entry's folder) on ``sys.path``, so an import resolves to
a file of the answer, the standard library, or an installed distribution. A module path that starts with a folder
or module of the workspace but does not continue there raises ``ModuleNotFoundError``; a name the target module
does not define raises ``ImportError``; a top-level name found nowhere raises ``ModuleNotFoundError``. Each is a
``ImportIssue`` at the import's line, worded as Python words it.

Imports under ``try: ... except ImportError`` are expected to fail and are left alone. A top-level name found
nowhere is only reported for modules the synth imports (a Lambda handler file imports what its runtime has, not
what the synth machine has). Imports of ``aws_cdk`` / ``constructs`` are the API index's business (``aliases``).
The entry's imports of names from the stack module are DEP024's.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from iacreview.python.aliases import INDEXED_ROOTS
from iacreview.python.reach import imported_modules, synth_modules
from iacreview.threadsafe_ast import walk

if TYPE_CHECKING:
    from iacreview.rules.base import SourceContext

FACTS_KEY = "python.user_imports"


@dataclass(frozen=True)
class ImportIssue:
    relpath: str
    line: int
    column: int
    message: str
    evidence: str
    at_import_time: bool  # a module-level import: it fails when the module is imported


@functools.cache
def installed_top_level(name: str) -> bool:
    """A top-level module the interpreter finds (located, never imported)."""
    if name in sys.stdlib_module_names or name in sys.builtin_module_names or name == "__future__":
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _top_level_names(tree: ast.Module) -> set[str] | None:
    """What ``from module import name`` can take from this module; None when that cannot be known."""
    from iacreview.rules.deployment.handler_not_found import top_level_names

    for node in walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return None
    names = top_level_names(tree)
    return None if "__getattr__" in names else names


class _Resolver:
    """Answers "does this dotted module exist?" against the workspace's files, from each search folder."""

    def __init__(self, ctx: SourceContext, bases: list[str]) -> None:
        self.ctx = ctx
        self.files = {s.relpath for s in ctx.workspace.files.values()}
        self.folders = {str(p) for f in self.files for p in PurePosixPath(f).parents if str(p) != "."}
        self.bases = bases

    def _join(self, base: str, parts: list[str]) -> str:
        return "/".join([base, *parts]) if base else "/".join(parts)

    def kind(self, base: str, parts: list[str]) -> str | None:
        """"package", "module" or None for the module ``parts`` under a search folder."""
        path = self._join(base, parts)
        if path in self.folders:
            return "package"
        if f"{path}.py" in self.files:
            return "module"
        return None

    def local_base(self, top: str) -> str | None:
        """The search folder in which the top-level name is a workspace file or folder, if any."""
        return next((b for b in self.bases if self.kind(b, [top]) is not None), None)

    def missing_module(self, base: str, parts: list[str]) -> str | None:
        """Python's message when ``parts`` does not import from ``base`` (its first missing component)."""
        for depth in range(2, len(parts) + 1):
            parent = self.kind(base, parts[: depth - 1])
            if parent == "module":
                shown = ".".join(parts[:depth])
                return f"No module named '{shown}'; '{'.'.join(parts[: depth - 1])}' is not a package"
            if self.kind(base, parts[:depth]) is None:
                return f"No module named '{'.'.join(parts[:depth])}'"
        return None

    def missing_name(self, base: str, parts: list[str], name: str) -> bool:
        if self.kind(base, [*parts, name]) is not None:
            return False  # a submodule
        kind = self.kind(base, parts)
        path = self._join(base, parts)
        relpath = f"{path}.py" if kind == "module" else f"{path}/__init__.py"
        parsed = self.ctx.modules.get(relpath)
        if parsed is None:
            return kind == "package" and relpath not in self.files  # a namespace package has only submodules
        if parsed.tree is None:
            return False  # its syntax error is reported on its own
        names = _top_level_names(parsed.tree)
        return names is not None and name not in names


def _function_lines(tree: ast.Module) -> set[int]:
    """Ids of the import statements inside a function body (they run when the function is called)."""
    inside: set[int] = set()
    for node in walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(n) for n in walk(node) if isinstance(n, ast.Import | ast.ImportFrom))
    return inside


def import_issues(ctx: SourceContext) -> list[ImportIssue]:
    """Every failing import between workspace files, computed once per context."""
    cached: list[ImportIssue] | None = ctx.facts.get(FACTS_KEY)
    if cached is not None:
        return cached
    from iacreview.python.api_checks import guarded_nodes

    entry = ctx.workspace.entry
    bases = [""]
    if entry and "/" in entry:
        bases.append(entry.rsplit("/", 1)[0])
    resolver = _Resolver(ctx, bases)
    reached = synth_modules(ctx)
    issues: list[ImportIssue] = []
    for source in ctx.workspace.python_files():
        parsed = ctx.modules.get(source.relpath)
        if source.generated or parsed is None or parsed.tree is None:
            continue
        tree = parsed.tree
        guarded = guarded_nodes(tree)
        in_function = _function_lines(tree)
        lines = parsed.text.splitlines()
        for statement, dotted, _names in imported_modules(source.relpath, tree):
            if id(statement) in guarded or not dotted:
                continue
            parts = dotted.split(".")
            if parts[0] in INDEXED_ROOTS:
                continue
            relative = isinstance(statement, ast.ImportFrom) and statement.level > 0
            base = "" if relative else resolver.local_base(parts[0])
            messages: list[tuple[int, str]] = []
            if base is None:
                if installed_top_level(parts[0]) or reached is None or source.relpath not in reached:
                    continue
                messages.append((statement.lineno, f"No module named '{parts[0]}'"))
            else:
                missing = resolver.missing_module(base, parts) if len(parts) > 1 or relative else None
                if relative and missing is None and resolver.kind(base, parts) is None:
                    missing = f"No module named '{dotted}'"
                if missing is not None:
                    messages.append((statement.lineno, missing))
                elif isinstance(statement, ast.ImportFrom) and source.relpath != entry:
                    for alias in statement.names:
                        if alias.name != "*" and resolver.missing_name(base, parts, alias.name):
                            shown = "." * statement.level + (statement.module or "") if relative else dotted
                            messages.append((alias.lineno, f"cannot import name '{alias.name}' from '{shown}'"))
            for line, message in messages:
                evidence = lines[line - 1].strip() if 0 < line <= len(lines) else ""
                issues.append(ImportIssue(source.relpath, line, statement.col_offset + 1, message, evidence,
                                          id(statement) not in in_function))
    ctx.facts[FACTS_KEY] = issues
    return issues
