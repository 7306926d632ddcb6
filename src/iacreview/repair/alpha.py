"""Experimental (``*_alpha``) aws_cdk modules, which ship as separate distributions and are often not installed.

``from aws_cdk import aws_apigatewayv2_alpha as apigwv2`` fails with an ImportError when only aws-cdk-lib is
installed. Two cases:

- the module has graduated: aws-cdk-lib ships ``aws_cdk.aws_apigatewayv2`` with the same classes. The one plausible
  fix is the stable module, under the same local name; every graduated alpha import of the file is switched in the
  same step (each would fail the next synth the same way). This is a certain repair (``alpha-module``).
- it has not (``aws_lambda_python_alpha``): nothing in aws-cdk-lib stands for it. As the last rung (excision), the
  import is taken out together with every statement that uses the module and the statements using what those made,
  so the rest of the stack is reviewed; the template is then partial, as after any excision. The file's graduated
  alpha imports are switched in the same step.

Lines never move: a removed statement becomes ``pass``.
"""

from __future__ import annotations

import ast
import re

from iacreview.repair.edits import Span, delete_with_comma, parses, replace_span
from iacreview.repair.excise import (
    ExcisedRepair,
    child_statements,
    contains,
    creating_spans,
    refused_statement,
    statement_bindings,
    touched_names,
    with_dependents,
)
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import ApiOracle, AppliedRepair, load_failing, write_checked
from iacreview.sources.workspace import Workspace
from iacreview.threadsafe_ast import walk

_CANNOT_IMPORT = re.compile(r"ImportError: cannot import name '(?P<name>\w+_alpha)' from 'aws_cdk'")
_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _alpha_imports(tree: ast.Module) -> list[tuple[ast.ImportFrom, ast.alias]]:
    return [
        (node, alias) for node in tree.body if isinstance(node, ast.ImportFrom) and node.module == "aws_cdk"
        and node.level == 0 for alias in node.names if alias.name.endswith("_alpha")
    ]


def _stable(oracle: ApiOracle, name: str) -> str | None:
    """``aws_apigatewayv2_alpha`` -> ``aws_apigatewayv2`` when the installed aws-cdk-lib has that module."""
    members = oracle.module_members(f"aws_cdk.{name.removesuffix('_alpha')}")
    return name.removesuffix("_alpha") if members is not None else None


def repair_graduated_alpha(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """Switch every graduated alpha import of the failing file to its stable module (same local name)."""
    match = _CANNOT_IMPORT.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or _stable(oracle, match.group("name")) is None:
        return None
    relpath, source, tree = loaded
    edits = [(alias, stable) for _, alias in _alpha_imports(tree) if (stable := _stable(oracle, alias.name))]
    failing = [alias for alias, _ in edits if alias.name == match.group("name")]
    if not failing:
        return None
    edited = source
    for alias, stable in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        span = Span.of(alias)
        edited = replace_span(edited, span, f"{stable} as {alias.asname or alias.name}")
    if not write_checked(workspace, relpath, edited):
        return None
    names = ", ".join(f"`{alias.name}`" for alias, _ in edits)
    return AppliedRepair("alpha-module", relpath, failing[0].lineno,
                         f"imported the stable aws-cdk-lib module{'s' if len(edits) > 1 else ''} in place of {names} "
                         "(graduated from alpha)", failure.error)


def repair_excise_alpha(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """Take out an alpha import aws-cdk-lib has no stable module for, and every statement using the module."""
    match = _CANNOT_IMPORT.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or oracle.module_members("aws_cdk.aws_s3") is None:
        return None  # without the API index, whether the module graduated is not known
    if _stable(oracle, match.group("name")) is not None:
        return None
    relpath, source, tree = loaded
    found = [(statement, alias) for statement, alias in _alpha_imports(tree) if alias.name == match.group("name")]
    if len(found) != 1:
        return None
    statement, alias = found[0]
    bound = alias.asname or alias.name
    uses = _uses(tree, bound)
    if uses is None:
        return None
    excised: list[tuple[_FunctionNode, ast.stmt]] = []
    for function, use in uses:
        for taken in with_dependents(function, use):
            if refused_statement(taken):
                return None
            if not any(taken is s or _inside(s, taken) for _, s in excised):
                excised = [(f, s) for f, s in excised if not _inside(taken, s)] + [(function, taken)]
    edited = source
    for _, node in sorted(excised, key=lambda e: (e[1].lineno, e[1].col_offset), reverse=True):
        edited = replace_span(edited, Span.of(node), "pass")
    # The graduated alpha imports of the file switch in the same step (each would fail the next synth).
    graduated = [(other, stable) for _, other in _alpha_imports(tree) if (stable := _stable(oracle, other.name))]
    import_edits: list[tuple[ast.alias, str | None]] = [*graduated, (alias, None)]
    for other, stable in sorted(import_edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        if stable is not None:
            edited = replace_span(edited, Span.of(other), f"{stable} as {other.asname or other.name}")
        elif len(statement.names) == 1:
            span = Span.of(statement)
            edited = replace_span(edited, span, ("\n" + " " * span.col) * (span.end_line - span.line) + "pass")
        else:
            edited = delete_with_comma(edited, Span.of(other))
    if edited == source or not parses(edited):
        return None
    workspace.path(relpath).write_text(edited, encoding="utf-8")
    touched: set[str] = set()
    stack_touched = False
    for function in {id(f): f for f, _ in excised}.values():
        names, touches_stack = touched_names([s for f, s in excised if f is function], function, tree)
        touched |= names
        stack_touched = stack_touched or touches_stack
    lines = tuple(sorted({s.lineno for _, s in excised}))
    shown = [str(workspace.locate(relpath, line).line) for line in lines]
    made = set().union(*(statement_bindings(s) for _, s in excised)) if excised else set()
    return ExcisedRepair(
        kind="excise",
        relpath=relpath,
        line=alias.lineno,
        what=f"took out the import of `{alias.name}`" + (
            f" and the {len(lines)} statement(s) using it (line {', '.join(shown)})" if lines else "") + (
            "; imported the stable aws-cdk-lib module(s) in place of "
            + ", ".join(f"`{other.name}`" for other, _ in graduated) if graduated else ""),
        why=f"`{alias.name}` is a separate distribution that is not installed and aws-cdk-lib has no stable "
            "module for it; the rest of the stack is reviewed without it",
        guarded=tuple((relpath, start, end) for start, end in creating_spans(touched, tree)),
        stack_touched=stack_touched,
        excised_lines=(alias.lineno, *lines),
        bound=tuple(sorted(made | {bound})),
    )


def _uses(tree: ast.Module, name: str) -> list[tuple[_FunctionNode, ast.stmt]] | None:
    """The innermost function-body statements reading ``name``; None when it is read anywhere else (module level,
    a class body, a decorator, a default value or an annotation), where taking code out is refused."""
    reads = {id(n) for n in walk(tree) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)}
    if not reads:
        return []
    out: list[tuple[_FunctionNode, ast.stmt]] = []

    def visit(body: list[ast.stmt], function: _FunctionNode | None) -> None:
        for statement in body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = [*statement.args.posonlyargs, *statement.args.args, *statement.args.kwonlyargs]
                outside = [*statement.decorator_list, *statement.args.defaults,
                           *(d for d in statement.args.kw_defaults if d is not None),
                           *(a.annotation for a in arguments if a.annotation is not None),
                           *([statement.returns] if statement.returns is not None else [])]
                if any(id(n) in reads for part in outside for n in walk(part)):
                    raise _Refused
                visit(statement.body, statement)
                continue
            if isinstance(statement, ast.ClassDef):
                visit(statement.body, None)
                continue
            inner = list(child_statements(statement))
            own = [n for n in walk(statement) if id(n) in reads and not any(contains(c, n) for c in inner)]
            if own:
                if function is None:
                    raise _Refused
                out.append((function, statement))
            visit(inner, function)

    try:
        visit(tree.body, None)
    except _Refused:
        return None
    return out


class _Refused(Exception):
    """A use of the module where no statement can be taken out."""


def _inside(outer: ast.stmt, inner: ast.stmt) -> bool:
    return outer is not inner and contains(outer, inner)
