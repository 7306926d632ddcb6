"""DEP021 — Lambda handler not found in the code it ships.

**What**: the ``handler="module.function"`` of a Lambda function names a module or function that its code does not
define: inline code is always deployed as ``index.py``; an asset folder must hold ``module.py`` with a top-level
``function``. For ``PythonFunction`` the defaults are ``index.py`` and ``handler``.

**Why**: the stack deploys, and every invocation fails with ``Runtime.ImportModuleError`` or
``Runtime.HandlerNotFound``.

**Fix**: make the handler string match the file and function (``index.handler`` for inline code), or rename them.

**Example**::

    handler="lambda_function.lambda_handler",
    code=_lambda.Code.from_inline("def handler(event, context): ...")   # module is index, function is handler
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import (
    LambdaFunction,
    asset_handler,
    describe,
    handler_files,
    inline_is_python,
    lambda_facts,
    parse_inline,
)
from iacreview.python.parse import has_star_import
from iacreview.rules.base import SourceContext, SourceHit
from iacreview.rules.deployment.missing_asset import asset_provided
from iacreview.threadsafe_ast import walk

META = RuleMeta(
    id="DEP021",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="Lambda handler not found",
    impact="Every invocation fails with Runtime.ImportModuleError or Runtime.HandlerNotFound.",
    fix="Make handler= name the file (index for inline code) and a top-level function that exists.",
    target=Target.SOURCE,
    keywords=("handler", "handler not found", "ImportModuleError", "HandlerNotFound", "wrong handler",
              "handler mismatch"),
)


def top_level_names(tree: ast.Module) -> set[str]:
    """Names a module binds at top level (including inside top-level if/try/with blocks)."""
    names: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.If | ast.Try | ast.With | ast.For | ast.While):
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, field, []):
                    stack.extend(child.body if isinstance(child, ast.ExceptHandler) else [child])
    return names


def _split(handler: str) -> tuple[str, str] | None:
    module, dot, function = handler.rpartition(".")
    if not dot or not module or not function:
        return None
    return module, function


def _inline_hit(function: LambdaFunction) -> SourceHit | None:
    assert function.inline is not None and function.handler is not None
    line = function.handler_line or function.line
    parts = _split(function.handler)
    if parts is None:
        return SourceHit(function.relpath, line, f"{describe(function)} has handler `{function.handler}`, which is "
                         "not `module.function`: every invocation fails.", evidence=function.handler)
    module, name = parts
    if module != "index":
        return SourceHit(
            function.relpath, line,
            f"{describe(function)} has handler `{function.handler}`, but inline code is deployed as index.py: "
            f"module `{module}` does not exist (Runtime.ImportModuleError). Use `index.{name}`.",
            evidence=function.handler,
        )
    tree = parse_inline(function.inline.text)
    if isinstance(tree, SyntaxError) or has_star_import(tree) or name in top_level_names(tree):
        return None
    return SourceHit(
        function.relpath, line,
        f"{describe(function)} has handler `{function.handler}`, but its inline code defines no top-level "
        f"`{name}` (Runtime.HandlerNotFound).",
        evidence=function.handler,
    )


def _asset_hit(ctx: SourceContext, function: LambdaFunction) -> SourceHit | None:
    asset = function.asset
    assert asset is not None and asset.path is not None
    handler = asset_handler(function)
    if handler is None:
        return None
    line = function.handler_line or function.line
    parts = _split(handler)
    if parts is None:
        return SourceHit(function.relpath, line, f"{describe(function)} has handler `{handler}`, which is not "
                         "`module.function`: every invocation fails.", evidence=handler)
    module, name = parts
    candidates = handler_files(asset.path, module)
    relpath = next((p for p in candidates if ctx.workspace.path(p).is_file()), None)
    if relpath is None:
        return SourceHit(
            function.relpath, line,
            f"{describe(function)} has handler `{handler}`, but the asset `{asset.path}/` has no `{candidates[0]}` "
            "(Runtime.ImportModuleError).",
            evidence=handler,
        )
    parsed = ctx.modules.get(relpath)
    source = ctx.workspace.files.get(relpath)
    if parsed is None or parsed.tree is None or (source is not None and source.generated):
        return None
    if has_star_import(parsed.tree) or name in top_level_names(parsed.tree):
        return None
    return SourceHit(
        function.relpath, line,
        f"{describe(function)} has handler `{handler}`, but `{relpath}` defines no top-level `{name}` "
        "(Runtime.HandlerNotFound).",
        evidence=handler,
    )


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for function in lambda_facts(ctx).functions:
        hit: SourceHit | None = None
        if function.inline is not None and function.handler is not None and inline_is_python(function):
            hit = _inline_hit(function)
        elif (
            function.asset is not None
            and function.asset.path is not None
            and function.is_python is True
            and ctx.workspace.path(function.asset.path).is_dir()
            and asset_provided(ctx, function.asset.path)
        ):
            hit = _asset_hit(ctx, function)
        if hit is not None:
            yield hit
