"""What each local name of a module refers to in the aws-cdk-lib API: import aliases resolved against the index.

``from aws_cdk import aws_s3 as s3`` binds ``s3`` to the module ``aws_cdk.aws_s3``; ``import aws_cdk as cdk`` binds
``cdk`` to ``aws_cdk`` (so ``cdk.aws_s3.Bucket`` resolves too); ``from aws_cdk.aws_s3 import Bucket`` binds
``Bucket`` to the type ``aws-cdk-lib.aws_s3.Bucket``; ``from constructs import Construct`` likewise.

A name is only trusted when its every binding in the module is the same import: a name that is also assigned,
used as a parameter or loop variable anywhere in the module is left out, so the checks never reason about a name
that could mean something else at the point of use. Imports of names the index does not know are recorded as
``ImportProblem``s (Python raises ``ImportError`` / ``ModuleNotFoundError`` for them).
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from iacreview.python.index import CdkIndex, ModuleRef, Symbol, TypeRef
from iacreview.threadsafe_ast import walk

if TYPE_CHECKING:  # rules.base imports the rule registry, whose rules import this module
    from iacreview.rules.base import SourceContext

FACTS_KEY = "python.aliases"
# Python packages whose API the index covers: only imports from these are resolved and checked.
INDEXED_ROOTS = ("aws_cdk", "constructs")
Binder = Callable[[str, "Symbol | None"], None]


@dataclass(frozen=True)
class ImportProblem:
    """An import of an aws_cdk/constructs name that does not exist in the installed version."""

    node: ast.AST  # the ``alias`` node (its own line inside a parenthesised import)
    module: str  # the module imported from (``aws_cdk.aws_s3``) or the missing module itself
    name: str | None  # the missing name for ``from m import name``; None when the module itself is missing
    suggestions: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if self.name is None:
            parent, _, last = self.module.rpartition(".")
            return f"No module named '{self.module}'" + distribution_hint(parent, last)
        return f"cannot import name '{self.name}' from '{self.module}'" + distribution_hint(self.module, self.name)


@dataclass
class ModuleAliases:
    names: dict[str, Symbol] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    def resolve(self, expr: ast.expr, index: CdkIndex) -> Symbol | None:
        """The module or type an expression such as ``s3.Bucket`` or ``cdk.aws_s3`` denotes, if certain."""
        if isinstance(expr, ast.Name):
            return self.names.get(expr.id)
        if isinstance(expr, ast.Attribute):
            base = self.resolve(expr.value, index)
            if isinstance(base, ModuleRef):
                return index.module_attribute(base.module, expr.attr)
            if isinstance(base, TypeRef):
                nested = index.nested_type(base.fqn, expr.attr)
                return TypeRef(nested) if nested else None
        return None

    def qualified_name(self, expr: ast.expr, index: CdkIndex) -> str | None:
        """The jsii path of ``s3.BucketEncryption.S3_MANAGED`` -> ``aws-cdk-lib.aws_s3.BucketEncryption.S3_MANAGED``."""
        symbol = self.resolve(expr, index)
        if isinstance(symbol, TypeRef):
            return symbol.fqn
        if isinstance(symbol, ModuleRef):
            return symbol.module
        if isinstance(expr, ast.Attribute):
            owner = self.resolve(expr.value, index)
            if isinstance(owner, TypeRef) and index.find_member(owner.fqn, expr.attr):
                return f"{owner.fqn}.{expr.attr}"
        return None


def _is_indexed(module: str) -> bool:
    return module.split(".", 1)[0] in INDEXED_ROOTS


def _maybe_external(module: str, name: str) -> bool:
    """A submodule another installed distribution puts under an indexed package (``aws_cdk.asset_awscli_v1``)."""
    return installed_submodule(module, name)


@functools.cache
def installed_submodule(module: str, name: str) -> bool:
    """Whether ``module.name`` exists on disk, found without importing anything.

    The synth runs with the same interpreter, so a module found here imports there. Only the top-level package
    is located through the import system (``find_spec`` of a top-level name does not execute it); the rest of the
    path is followed on disk.
    """
    parts = [*module.split("."), name]
    try:
        spec = importlib.util.find_spec(parts[0])
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.submodule_search_locations:
        return False
    for location in spec.submodule_search_locations:
        folder = Path(location).joinpath(*parts[1:-1])
        # A folder imports even without ``__init__.py`` (a namespace package, as the asset packages are).
        if (folder / name).is_dir() or (folder / f"{name}.py").is_file():
            return True
    return False


def distribution_hint(module: str, name: str) -> str:
    """``aws_lambda_python_alpha`` ships as its own distribution: say which one to install."""
    if module == "aws_cdk" and name.endswith("_alpha"):
        return f" (it ships separately: install 'aws-cdk.{name.replace('_', '-')}')"
    return ""


def _other_bindings(tree: ast.Module) -> set[str]:
    """Names bound anywhere by something other than an import (assignment, parameter, def, loop, ...)."""
    bound: set[str] = set()
    for node in walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
    return bound


def module_aliases(tree: ast.Module, index: CdkIndex) -> ModuleAliases:
    result = ModuleAliases()
    bindings: dict[str, list[Symbol | None]] = {}

    def bind(name: str, symbol: Symbol | None) -> None:
        bindings.setdefault(name, []).append(symbol)

    for node in walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                _bind_import(node, alias, index, bind, result.problems)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                _bind_from_import(node, alias, index, bind, result.problems)
    rebound = _other_bindings(tree)
    for name, symbols in bindings.items():
        first = symbols[0]
        if first is not None and name not in rebound and all(s == first for s in symbols):
            result.names[name] = first
    return result


def _bind_import(
    node: ast.Import, alias: ast.alias, index: CdkIndex, bind: Binder, problems: list[ImportProblem]
) -> None:
    dotted = alias.name
    local = alias.asname or dotted.split(".", 1)[0]
    if not _is_indexed(dotted):
        bind(local, None)
        return
    parts = dotted.split(".")
    if not index.has_module(dotted):
        # Report only the first missing component; a module outside the index may be another distribution.
        for depth in range(1, len(parts) + 1):
            prefix = ".".join(parts[:depth])
            if not index.has_module(prefix):
                parent = ".".join(parts[: depth - 1])
                if parent and not _maybe_external(parent, parts[depth - 1]):
                    problems.append(ImportProblem(alias, prefix, None, _suggest(parts[depth - 1], index, parent)))
                break
        bind(local, None)
        return
    # ``import aws_cdk.aws_s3`` binds ``aws_cdk``; ``import aws_cdk.aws_s3 as s3`` binds the submodule.
    bind(local, ModuleRef(dotted if alias.asname else parts[0]))


def _bind_from_import(
    node: ast.ImportFrom, alias: ast.alias, index: CdkIndex, bind: Binder, problems: list[ImportProblem]
) -> None:
    module = node.module or ""
    local = alias.asname or alias.name
    if node.level or not _is_indexed(module) or alias.name == "*":
        if alias.name != "*":
            bind(local, None)
        return
    if not index.has_module(module):
        parts = module.split(".")
        parent = ".".join(parts[:-1])
        if index.has_module(parent) and not _maybe_external(parent, parts[-1]):
            problems.append(ImportProblem(alias, module, None, _suggest(parts[-1], index, parent)))
        bind(local, None)
        return
    symbol = index.module_attribute(module, alias.name)
    if symbol is None and not _maybe_external(module, alias.name):
        problems.append(ImportProblem(alias, module, alias.name, _suggest(alias.name, index, module)))
    bind(local, symbol)


def _suggest(name: str, index: CdkIndex, module: str) -> tuple[str, ...]:
    from iacreview.python.api_checks import suggestions

    if distribution_hint(module, name):
        return ()
    return suggestions(name, index.module_attributes(module))


def aliases_for(ctx: SourceContext) -> dict[str, ModuleAliases]:
    """Alias tables of every parsed module, computed once per context and shared through ``ctx.facts``."""
    cached = ctx.facts.get(FACTS_KEY)
    if cached is None:
        cached = {}
        if ctx.cdk_index is not None:
            for relpath, parsed in ctx.modules.items():
                if parsed.tree is not None:
                    cached[relpath] = module_aliases(parsed.tree, ctx.cdk_index)
        ctx.facts[FACTS_KEY] = cached
    result: dict[str, ModuleAliases] = cached
    return result
