"""Parse every Python file of a workspace once, so that all source rules share one AST per file."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyflakes import checker as pyflakes_checker

from iacreview.threadsafe_ast import parse_shared, walk

if TYPE_CHECKING:  # rules.base (and sources) import the rule registry, whose rules import this module
    from iacreview.rules.base import ParsedModule, SourceContext
    from iacreview.sources.workspace import Workspace

_FLAKES_KEY = "pyflakes"


def parse_source(relpath: str, text: str) -> ParsedModule:
    """Parse one file; a file that does not parse keeps its ``SyntaxError`` instead of a tree."""
    from iacreview.rules.base import ParsedModule

    try:
        tree = parse_shared(text, filename=relpath)  # SyntaxWarnings of the user's code are not printed
    except SyntaxError as error:
        return ParsedModule(relpath=relpath, text=text, tree=None, syntax_error=error)
    except ValueError as error:  # e.g. source contains null bytes
        syntax = SyntaxError(str(error))
        syntax.lineno = 1
        return ParsedModule(relpath=relpath, text=text, tree=None, syntax_error=syntax)
    return ParsedModule(relpath=relpath, text=text, tree=tree)


def parse_workspace(workspace: Workspace) -> dict[str, ParsedModule]:
    """Every Python file of the workspace (generated ones included; rules decide whether to look at them)."""
    modules: dict[str, ParsedModule] = {}
    for source in workspace.python_files():
        try:
            text = workspace.read(source.relpath)
        except (OSError, UnicodeDecodeError):
            continue
        modules[source.relpath] = parse_source(source.relpath, text)
    return modules


@dataclass(frozen=True)
class FlakeMessage:
    """One pyflakes message: its class name (``UndefinedName``, ``UnusedImport`` ...), place and arguments."""

    kind: str
    line: int
    column: int
    args: tuple[object, ...]
    text: str


def flake_messages(tree: ast.Module, filename: str) -> list[FlakeMessage]:
    """Run pyflakes over an already parsed tree (no second parse, no output)."""
    checker = pyflakes_checker.Checker(tree, filename=filename)
    found = [
        FlakeMessage(type(m).__name__, int(m.lineno), int(m.col) + 1, tuple(m.message_args), m.message % m.message_args)
        for m in checker.messages
    ]
    found.sort(key=lambda m: (m.line, m.column, m.kind))
    return found


def module_flake_messages(ctx: SourceContext, relpath: str) -> list[FlakeMessage]:
    """Pyflakes messages of one workspace module, computed once per context and shared by SYN031/SYN032."""
    cache: dict[str, list[FlakeMessage]] = ctx.facts.setdefault(_FLAKES_KEY, {})
    if relpath not in cache:
        module = ctx.modules.get(relpath)
        cache[relpath] = flake_messages(module.tree, relpath) if module and module.tree else []
    return cache[relpath]


def has_star_import(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names) for node in walk(tree)
    )


def name_timing(tree: ast.Module) -> dict[tuple[int, int], bool]:
    """(line, 1-based column) of every name -> whether its lookup waits until a function runs.

    A name in a function body (or a lambda body) is looked up when the function is called; a name at module or
    class level, in a decorator, a default value or (without ``from __future__ import annotations``) an annotation
    is looked up when the module is imported. The first kind fails later, the second fails the import. Names
    missing from the map (inside string annotations) are never evaluated at import either.
    """
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    timing: dict[tuple[int, int], bool] = {}

    def visit(node: ast.AST, deferred: bool) -> None:
        if isinstance(node, ast.Name):
            timing[(node.lineno, node.col_offset + 1)] = deferred
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                visit(decorator, deferred)
            visit_arguments(node.args, deferred)
            if node.returns is not None:
                visit(node.returns, deferred or postponed)
            for statement in node.body:
                visit(statement, True)
            return
        if isinstance(node, ast.Lambda):
            visit_arguments(node.args, deferred)
            visit(node.body, True)
            return
        if isinstance(node, ast.AnnAssign):
            visit(node.target, deferred)
            visit(node.annotation, deferred or postponed)
            if node.value is not None:
                visit(node.value, deferred)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)

    def visit_arguments(arguments: ast.arguments, deferred: bool) -> None:
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                visit(default, deferred)
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
        for arg in every:
            if arg.annotation is not None:
                visit(arg.annotation, deferred or postponed)

    visit(tree, False)
    return timing


def user_modules(ctx: SourceContext) -> list[ParsedModule]:
    """The parsed modules that hold the user's code (generated harness and placeholders left out)."""
    result = []
    for relpath, module in sorted(ctx.modules.items()):
        source = ctx.workspace.files.get(relpath)
        if source is not None and source.generated:
            continue
        result.append(module)
    return result
