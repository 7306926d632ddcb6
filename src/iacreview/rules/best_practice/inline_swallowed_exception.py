"""BP020 — Lambda handler code swallows exceptions.

**What**: handler code (inline or in an asset folder) has ``except:`` / ``except Exception:`` whose body only passes
or logs: no ``raise``, no ``return`` of an error.

**Why**: the invocation ends as a success. Retries, dead-letter queues, on-failure destinations, the ``Errors``
metric and alarms on it never see the failure; an API caller gets ``null``; a stream or queue record is dropped.

**Fix**: re-raise after logging, or return an explicit error response (``{"statusCode": 500, ...}``); catch the
specific exceptions you can handle.

**Example**::

    def handler(event, context):
        try:
            process(event)
        except Exception as error:
            logger.error(error)       # swallowed: the invocation "succeeds"
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import PurePosixPath

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import InlineCode, inline_is_python, lambda_facts, parse_inline
from iacreview.python.parse import user_modules
from iacreview.rules.base import SourceContext, SourceHit
from iacreview.threadsafe_ast import walk

META = RuleMeta(
    id="BP020",
    category=Category.BEST_PRACTICE,
    severity=Severity.LOW,
    title="Lambda code swallows exceptions",
    impact="Failures look like successful invocations: no retry, no DLQ, no error metric or alarm.",
    fix="Re-raise after logging or return an explicit error; catch specific exceptions.",
    target=Target.INLINE_CODE,
    keywords=("swallow", "exception handling", "bare except", "error handling", "silently", "except Exception"),
)

_BROAD = frozenset({"Exception", "BaseException"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print_exc"})


def _broad(handler: ast.ExceptHandler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(
        (isinstance(n, ast.Name) and n.id in _BROAD) or (isinstance(n, ast.Attribute) and n.attr in _BROAD)
        for n in names
    )


def _only_logs(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass | ast.Continue):
        return True
    if not isinstance(statement, ast.Expr):
        return False
    value = statement.value
    if isinstance(value, ast.Constant):
        return True
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    if isinstance(func, ast.Name):
        return func.id == "print"
    if isinstance(func, ast.Attribute) and func.attr in _LOG_METHODS:
        receiver = ast.unparse(func.value).lower()
        return "log" in receiver or receiver == "traceback"
    return False


def swallowing_handlers(tree: ast.Module) -> Iterator[ast.ExceptHandler]:
    """Broad except clauses whose body does nothing but pass, continue or log."""
    for node in walk(tree):
        if isinstance(node, ast.ExceptHandler) and _broad(node) and all(_only_logs(s) for s in node.body):
            yield node


def _describe(handler: ast.ExceptHandler) -> str:
    return "except:" if handler.type is None else f"except {ast.unparse(handler.type)}:"


def _inline_hits(inline: InlineCode) -> Iterator[SourceHit]:
    tree = parse_inline(inline.text)
    if isinstance(tree, SyntaxError):
        return
    for handler in swallowing_handlers(tree):
        yield SourceHit(
            inline.relpath,
            inline.line_of(handler.lineno),
            f"Inline Lambda code `{_describe(handler)}` (line {handler.lineno} of index.py) only passes or logs: "
            "the failure is swallowed and the invocation reports success.",
            evidence=_describe(handler),
        )


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    facts = lambda_facts(ctx)
    seen: set[tuple[str, int]] = set()
    asset_dirs: set[str] = set()
    for function in facts.functions:
        if function.inline is not None and inline_is_python(function):
            for hit in _inline_hits(function.inline):
                if (hit.relpath, hit.line) not in seen:
                    seen.add((hit.relpath, hit.line))
                    yield hit
        if function.asset is not None and function.asset.path is not None and function.is_python is not False:
            asset_dirs.add(function.asset.path)
    for module in user_modules(ctx):
        if module.tree is None or not any(_under(module.relpath, d) for d in asset_dirs):
            continue
        for handler in swallowing_handlers(module.tree):
            if (module.relpath, handler.lineno) in seen:
                continue
            seen.add((module.relpath, handler.lineno))
            yield SourceHit(
                module.relpath,
                handler.lineno,
                f"Lambda handler code `{_describe(handler)}` only passes or logs: the failure is swallowed and the "
                "invocation reports success.",
                evidence=_describe(handler),
            )


def _under(relpath: str, folder: str) -> bool:
    return folder in (".", "") or PurePosixPath(relpath).is_relative_to(folder)
