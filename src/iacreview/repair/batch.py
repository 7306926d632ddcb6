"""Fix every mistake the API index knows with certainty in the step that met the first synth error.

Once a synth has failed and the ladder repaired it, every other call passing a keyword its callee does not take, and
every type named from a module that does not define it (``cloudwatch.SnsAction``, defined only in
``aws_cloudwatch_actions``), would fail the same way, one synth at a time. The static layer already knows them (and
reports each as its own finding), so the ladder fixes all the certain ones in the same step: the same repairs the
synth errors would have led to, recorded once per place at its own line, and fewer synths. Ambiguous ones stay for the
synth to meet (where the ladder stops, as it would have).
"""

from __future__ import annotations

import ast

from iacreview.repair.edits import parses
from iacreview.repair.kinds import (
    ApiOracle,
    AppliedRepair,
    apply_keyword_fix,
    keyword_fix,
    take_from_module,
    took_from_module,
)
from iacreview.sources.workspace import Workspace
from iacreview.threadsafe_ast import parse_shared, walk

_WHY = "the same check as the repair just applied, found by the static layer and fixed in the same step"


def batch_static_fixes(workspace: Workspace, oracle: ApiOracle) -> list[AppliedRepair]:
    """The certain keyword fixes, then the certain module fixes, of every answer file."""
    return batch_keyword_fixes(workspace, oracle) + batch_module_fixes(workspace, oracle)


def batch_keyword_fixes(workspace: Workspace, oracle: ApiOracle) -> list[AppliedRepair]:
    applied: list[AppliedRepair] = []
    for relpath, source, tree in _answer_trees(workspace):
        fixes: list[tuple[ast.keyword, str, str | None]] = []
        for call in (n for n in walk(tree) if isinstance(n, ast.Call)):
            fixes += _call_fixes(workspace, relpath, source, call, oracle)
        if not fixes:
            continue
        edited = source
        for keyword, name, replacement in sorted(fixes, key=lambda f: (f[0].lineno, f[0].col_offset), reverse=True):
            edited = apply_keyword_fix(edited, keyword, name, replacement)
        if edited == source or not parses(edited):
            continue
        workspace.path(relpath).write_text(edited, encoding="utf-8")
        for keyword, name, replacement in sorted(fixes, key=lambda f: (f[0].lineno, f[0].col_offset)):
            what = (f"dropped keyword argument `{name}` (no such parameter)" if replacement is None
                    else f"renamed keyword argument `{name}` to `{replacement}`")
            applied.append(AppliedRepair("keyword", relpath, keyword.lineno, what, _WHY))
    return applied


def batch_module_fixes(workspace: Workspace, oracle: ApiOracle) -> list[AppliedRepair]:
    """``alias.Name`` where ``alias`` is an imported aws_cdk module that lacks ``Name`` and exactly one other module
    defines it: named from that module (one repair per distinct expression, as the synth-driven repair does)."""
    applied: list[AppliedRepair] = []
    for relpath, source, _ in _answer_trees(workspace):
        while (found := _next_module_fix(relpath, source, oracle)) is not None:
            node, owner = found
            taken = take_from_module(source, node, owner)
            if taken is None or not parses(taken[0]):
                break
            source = taken[0]
            workspace.path(relpath).write_text(source, encoding="utf-8")
            applied.append(AppliedRepair("attribute", relpath, node.lineno,
                                         took_from_module(node.attr, owner, taken[1]), _WHY))
    return applied


def _next_module_fix(relpath: str, source: str, oracle: ApiOracle) -> tuple[ast.Attribute, str] | None:
    """The first ``alias.Name`` of the text to take from another module, with that module (the text is read again
    after each fix: a fix moves what follows it on its line)."""
    tree = parse_shared(source)
    modules = _module_aliases(tree)
    for node in sorted((n for n in walk(tree) if isinstance(n, ast.Attribute)), key=_position):
        if isinstance(node.value, ast.Name) and node.value.id in modules:
            owner = _module_to_take_from(relpath, source, node, modules[node.value.id], oracle)
            if owner is not None:
                return node, owner
    return None


def _answer_trees(workspace: Workspace) -> list[tuple[str, str, ast.Module]]:
    out: list[tuple[str, str, ast.Module]] = []
    for source_file in workspace.python_files():
        if source_file.generated:
            continue
        source = workspace.read(source_file.relpath)
        try:
            out.append((source_file.relpath, source, parse_shared(source)))
        except SyntaxError:
            continue
    return out


def _module_aliases(tree: ast.Module) -> dict[str, str]:
    """Names bound once, at module level, to an aws_cdk submodule (``from aws_cdk import aws_sns as sns``); a name
    bound twice or rebound elsewhere is left out (which module it means is not certain)."""
    bound: dict[str, list[str]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == "aws_cdk" and not statement.level:
            for alias in statement.names:
                if alias.name.startswith("aws_"):
                    bound.setdefault(alias.asname or alias.name, []).append(f"aws_cdk.{alias.name}")
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name.startswith("aws_cdk.aws_") and alias.asname:
                    bound.setdefault(alias.asname, []).append(alias.name)
    stored = {n.id for n in walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    rebound = {a.asname or a.name for n in walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
               and n not in tree.body for a in n.names}
    return {name: modules[0] for name, modules in bound.items()
            if len(modules) == 1 and name not in stored and name not in rebound}


def _module_to_take_from(
    relpath: str, source: str, node: ast.Attribute, module: str, oracle: ApiOracle
) -> str | None:
    """The one module defining ``node.attr`` when ``module`` (which ``node.value`` names) does not."""
    if not isinstance(node.ctx, ast.Load) or not node.attr[:1].isupper():
        return None
    members = oracle.module_members(module)
    if members is None or node.attr in members or oracle.attribute_options(relpath, source, node) != members:
        return None  # the index does not know the module, the name is there, or the owner is not that module
    owner = oracle.module_of(node.attr)
    return owner if owner is not None and owner != module else None


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _call_fixes(
    workspace: Workspace, relpath: str, source: str, call: ast.Call, oracle: ApiOracle
) -> list[tuple[ast.keyword, str, str | None]]:
    """The certain fixes of one call; none when two would give the same name (that needs a person)."""
    fixes: list[tuple[ast.keyword, str, str | None]] = []
    for keyword in call.keywords:
        if keyword.arg is None:
            continue
        fix = keyword_fix(workspace, relpath, source, call, keyword.arg, oracle)
        if fix is None:
            continue
        certain, replacement = fix
        if not certain:
            return []
        fixes.append((keyword, keyword.arg, replacement))
    renamed = [r for _, _, r in fixes if r is not None]
    return fixes if len(renamed) == len(set(renamed)) else []
