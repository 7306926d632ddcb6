"""Which of the workspace's code runs at synth: the modules the app imports, and the functions nobody calls.

A static finding is critical when it makes ``cdk synth`` fail. That needs the failing code to run: a module the
entry never imports (a test file, a script, a fragment laid out next to the real stack) or a method that nothing
calls fails nobody's synth, so findings there are reported as ``high`` ("fails when this code runs") instead.

``synth_modules`` follows what the synth does (``synth/harness.py``): the answer's entry when it calls ``synth()``,
else the only file that calls it, else the modules of the top-level ``Stack`` classes a generated entry creates;
then every workspace module those import, transitively (an import anywhere in a module counts: being generous
here only keeps findings critical). ``dead_functions`` lists functions and methods whose name is never mentioned
in the workspace (not as a name, an attribute, or a string), and are not framework hooks (dunder methods,
decorated functions, members of the CDK base class the framework calls).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iacreview.python.index import CdkIndex
from iacreview.threadsafe_ast import walk

if TYPE_CHECKING:  # rules.base imports the rule registry, whose rules import this module
    from iacreview.rules.base import ParsedModule, SourceContext

FACTS_MODULES = "python.reach.modules"
FACTS_DEAD = "python.reach.dead"


def _user_trees(ctx: SourceContext) -> list[tuple[str, ast.Module | None]]:
    """(relpath, tree) of every user-written Python file, in the workspace's order (the harness's order)."""
    out: list[tuple[str, ast.Module | None]] = []
    for source in ctx.workspace.python_files():
        parsed: ParsedModule | None = ctx.modules.get(source.relpath)
        if not source.generated and parsed is not None:
            out.append((source.relpath, parsed.tree))
    return out


def calls_synth(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "synth" for n in walk(tree)
    )


def _roots(ctx: SourceContext, trees: list[tuple[str, ast.Module | None]]) -> list[str] | None:
    """The files the synth runs first (None when it cannot run anything)."""
    from iacreview.synth import stacks as stack_finder  # late: the synth package imports the rule registry

    by_path = dict(trees)
    entry = ctx.workspace.entry
    if entry is not None and entry in by_path:
        tree = by_path[entry]
        if tree is None or calls_synth(tree):
            return [entry]
    elif entry is None:
        callers = [relpath for relpath, tree in trees if tree is not None and calls_synth(tree)]
        if len(callers) == 1:
            return callers
    classes = [
        stack_finder._class_info(node, relpath)  # the same facts the harness reads, from the trees we have
        for relpath, tree in trees
        if tree is not None
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]
    found = stack_finder.top_level_stacks(stack_finder.find_stacks(ctx.workspace, classes))
    return sorted({s.info.relpath for s in found}) or None


def _package(relpath: str) -> list[str]:
    return relpath.split("/")[:-1]


def module_files(dotted: str, known: set[str]) -> list[str]:
    """Workspace files importing ``dotted`` executes: each package's ``__init__.py`` and the module itself."""
    parts = dotted.split(".")
    files: list[str] = []
    for depth in range(1, len(parts) + 1):
        base = "/".join(parts[:depth])
        for candidate in (f"{base}/__init__.py", f"{base}.py"):
            if candidate in known:
                files.append(candidate)
    return files


def imported_modules(relpath: str, tree: ast.Module) -> list[tuple[ast.stmt, str, list[str]]]:
    """(import statement, absolute dotted module, names imported from it) for every import of the module."""
    out: list[tuple[ast.stmt, str, list[str]]] = []
    for node in walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names if a.name != "*"]
            if node.level:
                package = _package(relpath)
                if node.level - 1 > len(package):
                    continue
                base = package[: len(package) - (node.level - 1)]
                dotted = ".".join([*base, *([node.module] if node.module else [])])
                if not dotted:
                    continue
            else:
                dotted = node.module or ""
            out.append((node, dotted, names))
    return out


def synth_modules(ctx: SourceContext) -> set[str] | None:
    """Relpaths of the user files the synth imports; None when that cannot be known (nothing would run)."""
    if FACTS_MODULES in ctx.facts:
        cached: set[str] | None = ctx.facts[FACTS_MODULES]
        return cached
    trees = _user_trees(ctx)
    roots = _roots(ctx, trees)
    result: set[str] | None = None
    if roots is not None:
        by_path = dict(trees)
        known = set(by_path)
        result = set()
        pending = list(roots)
        while pending:
            relpath = pending.pop()
            if relpath in result:
                continue
            result.add(relpath)
            tree = by_path.get(relpath)
            if tree is None:
                continue
            for _, dotted, names in imported_modules(relpath, tree):
                pending += module_files(dotted, known)
                for name in names:  # ``from lib import tap_stack`` imports the submodule
                    pending += [f for f in module_files(f"{dotted}.{name}", known) if f not in result]
    ctx.facts[FACTS_MODULES] = result
    return result


@dataclass(frozen=True)
class DeadFunction:
    name: str
    start: int
    end: int


def _mentioned(trees: list[tuple[str, ast.Module | None]]) -> set[str]:
    names: set[str] = set()
    for _, tree in trees:
        if tree is None:
            continue
        for node in walk(tree):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
                names.add(node.name.rsplit(".", 1)[-1])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(part for part in node.value.replace(".", " ").split() if part.isidentifier())
    return names


def _framework_names(index: CdkIndex | None, tree: ast.Module) -> set[str]:
    """Members of any CDK class a module's classes derive from: the framework may call overrides of them."""
    if index is None:
        return set()
    from iacreview.python.aliases import module_aliases
    from iacreview.python.infer import ClassValue, ModuleTypes

    types = ModuleTypes(tree, module_aliases(tree, index), index)
    names: set[str] = set()
    for user in types.classes.values():
        for base in user.node.bases:
            value = types.value_of(base)
            if isinstance(value, ClassValue):
                names |= index.member_names(value.fqn)
        if user.cdk_base:
            names |= index.member_names(user.cdk_base)
    return names


def dead_functions(ctx: SourceContext) -> dict[str, list[DeadFunction]]:
    """Per relpath, the functions and methods nothing in the workspace mentions (their code never runs)."""
    if FACTS_DEAD in ctx.facts:
        cached: dict[str, list[DeadFunction]] = ctx.facts[FACTS_DEAD]
        return cached
    trees = _user_trees(ctx)
    mentioned = _mentioned(trees)
    result: dict[str, list[DeadFunction]] = {}
    for relpath, tree in trees:
        if tree is None:
            continue
        framework: set[str] | None = None
        candidates: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]] = []
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                candidates.append((node, False))
            elif isinstance(node, ast.ClassDef) and not node.decorator_list:
                candidates += [(n, True) for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for function, is_method in candidates:
            name = function.name
            if name in mentioned or function.decorator_list or (name.startswith("__") and name.endswith("__")):
                continue
            if is_method:
                if framework is None:
                    framework = _framework_names(ctx.cdk_index, tree)
                if name in framework:
                    continue
            end = function.end_lineno or function.lineno
            result.setdefault(relpath, []).append(DeadFunction(name, function.lineno, end))
    ctx.facts[FACTS_DEAD] = result
    return result


def runs_at_synth(ctx: SourceContext, relpath: str, line: int) -> tuple[bool, str]:
    """Whether a line can run at synth, and if not, why (for the finding's message)."""
    modules = synth_modules(ctx)
    if modules is not None and relpath not in modules:
        return False, f"{relpath} is not imported by the app, so this does not fail synth"
    for dead in dead_functions(ctx).get(relpath, []):
        if dead.start <= line <= dead.end:
            return False, f"`{dead.name}` is never called, so this does not fail synth"
    return True, ""
