"""Repairs of failed imports: a name aws_cdk does not export, and a user module laid out under another path.

``from aws_cdk import core`` (CDK v1), ``from aws_cdk import aws_elbv2`` (a conventional alias used as a module
name), ``from aws_cdk.aws_s3 import SnsDestination`` (a type of another module), an import whose name is never
used, and ``from lib.x_stack import XStack`` where the answer's only file defining ``XStack`` sits elsewhere.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from iacreview.repair.edits import Span, delete_with_comma, replace_span
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import ApiOracle, AppliedRepair, load_failing, write_checked
from iacreview.sources.workspace import SourceFile, Workspace
from iacreview.threadsafe_ast import parse_shared, walk

_CANNOT_IMPORT = re.compile(r"ImportError: cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'")
_NO_MODULE = re.compile(r"ModuleNotFoundError: No module named '(?P<module>[\w.]+)'")


def _used_names(tree: ast.Module) -> set[str]:
    names = {n.id for n in walk(tree) if isinstance(n, ast.Name)}
    names |= {
        elt.value for n in walk(tree) if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)
        for elt in walk(n.value) if isinstance(elt, ast.Constant) and isinstance(elt.value, str)
    }
    return names


def _replacement(module: str, name: str, bound: str, oracle: ApiOracle) -> str | None:
    if module == "aws_cdk" and name == "core":
        return f"import aws_cdk as {bound}"
    if module == "aws_cdk":
        full = oracle.submodule_for(name)
        return f"from aws_cdk import {full.removeprefix('aws_cdk.')} as {bound}" if full else None
    if module.startswith("aws_cdk"):
        home = oracle.module_of(name)
        if home is None or home == module:
            return None
        return f"from {home} import {name}" + (f" as {bound}" if bound != name else "")
    return None


def repair_import_name(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    match = _CANNOT_IMPORT.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or failure.line is None:
        return None
    relpath, source, tree = loaded
    name, module = match.group("name"), match.group("module")
    statements = [
        n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == module and n.level == 0
        and n.lineno <= failure.line <= (n.end_lineno or n.lineno)
    ]
    if len(statements) != 1:
        return None
    statement = statements[0]
    aliases = [a for a in statement.names if a.name == name]
    if len(aliases) != 1:
        return None
    alias = aliases[0]
    bound = alias.asname or alias.name
    unused = bound not in _used_names(tree)
    new = None if unused else _replacement(module, name, bound, oracle)
    if not unused and new is None:
        return None
    if len(statement.names) == 1:
        # The new statement goes on the old one's last line, so whatever follows it there stays valid.
        span = Span.of(statement)
        edited = replace_span(source, span, ("\n" + " " * span.col) * (span.end_line - span.line) + (new or "pass"))
    else:
        end = Span.of(statement)
        appended = replace_span(source, Span(end.end_line, end.end_col, end.end_line, end.end_col), f"; {new}")
        edited = delete_with_comma(appended if new else source, Span.of(alias))
    if not write_checked(workspace, relpath, edited):
        return None
    what = (f"dropped the unused import of `{name}` from `{module}`" if unused
            else f"replaced the import of `{name}` from `{module}` by `{new}`")
    return AppliedRepair("import", relpath, alias.lineno, what, failure.error)


def _defines(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _imported_names(tree: ast.Module, line: int, relpath: str, module: str) -> list[str] | None:
    package = list(PurePosixPath(relpath).parent.parts)
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or not node.lineno <= line <= (node.end_lineno or node.lineno):
            continue
        base = package[: len(package) - (node.level - 1)] if node.level else []
        target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
        if target == module and all(a.name != "*" for a in node.names):
            return [a.name for a in node.names]
    return None


def repair_module_layout(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """The entry imports ``lib.x_stack`` and the one answer file that defines every imported name is elsewhere:
    put a copy at the imported path (the copy keeps the original's line map)."""
    match = _NO_MODULE.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or failure.line is None:
        return None
    relpath, _, tree = loaded
    module = match.group("module")
    names = _imported_names(tree, failure.line, relpath, module)
    target = module.replace(".", "/") + ".py"
    if not names or target in workspace.files or workspace.path(target).exists():
        return None
    holders = []
    for other, source in workspace.files.items():
        if source.language != "python" or source.generated or other == relpath:
            continue
        try:
            defined = _defines(parse_shared(workspace.read(other)))
        except (SyntaxError, OSError):
            continue
        if set(names) <= defined:
            holders.append(other)
    if len(holders) != 1:
        return None
    holder = workspace.files[holders[0]]
    workspace.add_file(
        SourceFile(target, holder.origin, holder.first_line, holder.generated, holder.language),
        workspace.read(holders[0]),
    )
    parts = PurePosixPath(target).parent.parts
    for depth in range(1, len(parts) + 1):
        init = "/".join(parts[:depth]) + "/__init__.py"
        if not workspace.path(init).exists():
            workspace.add_file(SourceFile(init, workspace.subject, None, generated=True), "")
    what = f"made `{holders[0]}` importable as `{module}` (the only answer file defining {', '.join(names)})"
    return AppliedRepair("module-layout", relpath, failure.line, what, failure.error)


_UNDEFINED = re.compile(r"NameError: name '(?P<name>\w+)' is not defined")


def _module_name(relpath: str) -> str | None:
    """``lib/network_stack.py`` -> ``lib.network_stack``; None when the path is no importable module name."""
    parts = list(PurePosixPath(relpath.removesuffix(".py")).parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def _answer_files_defining(workspace: Workspace, name: str, besides: str) -> list[str]:
    """The answer's own Python files (not ``besides``) that define ``name`` at top level."""
    holders = []
    for other, source in sorted(workspace.files.items()):
        if source.language != "python" or source.generated or other == besides or not other.endswith(".py"):
            continue
        try:
            if name in _defines(parse_shared(workspace.read(other))):
                holders.append(other)
        except (SyntaxError, OSError):
            continue
    return holders


def _imports_module(workspace: Workspace, relpath: str, module: str) -> bool:
    """Whether the file at ``relpath`` imports ``module`` (then importing it back would be circular)."""
    try:
        tree = parse_shared(workspace.read(relpath))
    except (SyntaxError, OSError):
        return True
    package = list(PurePosixPath(relpath).parent.parts)
    for node in walk(tree):
        if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)] if node.level else []
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            if target == module or any(f"{target}.{a.name}".strip(".") == module for a in node.names):
                return True
    return False


def _sibling(workspace: Workspace, name: str, importer: str) -> str | None:
    """The module of the one other answer file defining ``name``, when importing it from ``importer`` is safe."""
    holders = _answer_files_defining(workspace, name, importer)
    if len(holders) != 1:
        return None
    module, own = _module_name(holders[0]), _module_name(importer)
    if module is None or own is None or _imports_module(workspace, holders[0], own):
        return None
    return module


def repair_name_from_sibling(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``NameError`` for a name another file of the answer defines (and aws_cdk does not): import it from there.

    Refused when no file or several define it, when the name is an aws_cdk name (``repair_missing_name``'s
    case), when the defining file imports the failing one (a cycle), or when the failing file has no import line
    to extend (a new line would move every line after it).
    """
    match = _UNDEFINED.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or oracle.import_for(match.group("name")) is not None:
        return None
    relpath, source, tree = loaded
    name = match.group("name")
    module = _sibling(workspace, name, relpath)
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    if module is None or not imports:
        return None
    first = imports[0]
    end_line, end_col = first.end_lineno or first.lineno, first.end_col_offset or 0
    statement = f"from {module} import {name}"
    if not write_checked(workspace, relpath, replace_span(source, Span(end_line, end_col, end_line, end_col),
                                                          f"; {statement}")):
        return None
    what = f"added `{statement}` (the answer defines `{name}` there)"
    return AppliedRepair("import", relpath, end_line, what, failure.error)


def repair_import_from_sibling(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``from lib.a import X`` where X is not in ``lib.a`` but exactly one other answer file defines it: import X
    from that file instead (a name moved between files as the answer was written)."""
    match = _CANNOT_IMPORT.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or failure.line is None or match.group("module").split(".")[0] == "aws_cdk":
        return None
    relpath, source, tree = loaded
    name, module = match.group("name"), match.group("module")
    statements = [
        n for n in tree.body if isinstance(n, ast.ImportFrom) and n.lineno <= failure.line <= (n.end_lineno or n.lineno)
        and any(a.name == name for a in n.names)
    ]
    if len(statements) != 1:
        return None
    statement = statements[0]
    alias = next(a for a in statement.names if a.name == name)
    home = _sibling(workspace, name, relpath)
    if home is None or home == module:
        return None
    new = f"from {home} import {name}" + (f" as {alias.asname}" if alias.asname else "")
    span = Span.of(statement)
    if len(statement.names) == 1:
        edited = replace_span(source, span, ("\n" + " " * span.col) * (span.end_line - span.line) + new)
    else:
        appended = replace_span(source, Span(span.end_line, span.end_col, span.end_line, span.end_col), f"; {new}")
        edited = delete_with_comma(appended, Span.of(alias))
    if not write_checked(workspace, relpath, edited):
        return None
    what = f"imported `{name}` from `{home}` (the answer file defining it) instead of `{module}`"
    return AppliedRepair("import", relpath, alias.lineno, what, failure.error)
