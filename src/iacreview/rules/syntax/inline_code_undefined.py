"""SYN034 — Inline Lambda code uses a name it never imports or defines.

**What**: the Python passed to ``Code.from_inline(...)`` / ``InlineCode(...)`` uses a name (``boto3``, ``json``,
``os``, ``logging`` ...) that the code never imports or defines.

**Why**: nothing checks inline code before deployment. The stack deploys and the function raises ``NameError`` when
it runs (at import for module-level code: every invocation fails).

**Fix**: add the import at the top of the inline code.

**Example**::

    code=_lambda.Code.from_inline(
        "def handler(event, context):\\n"
        "    return json.dumps(event)\\n"      # json is never imported
    )
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import describe, inline_is_python, lambda_facts, parse_inline
from iacreview.python.parse import flake_messages, has_star_import
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="SYN034",
    category=Category.SYNTAX,
    severity=Severity.HIGH,
    title="Inline Lambda code uses an undefined name or misses an import",
    impact="The deployed function raises NameError when it runs.",
    fix="Import or define the name in the inline code.",
    target=Target.INLINE_CODE,
    keywords=("inline code", "missing import", "not imported", "undefined", "NameError", "lambda code"),
)

_MODULE_NAMES = frozenset({"__file__", "__name__", "__doc__", "__spec__", "__loader__", "__package__"})


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    seen: set[tuple[str, int, str]] = set()
    for function in lambda_facts(ctx).functions:
        inline = function.inline
        if inline is None or not inline_is_python(function):
            continue
        tree = parse_inline(inline.text)
        if isinstance(tree, SyntaxError) or has_star_import(tree):
            continue
        for message in flake_messages(tree, "index.py"):
            if message.kind not in ("UndefinedName", "UndefinedLocal") or not message.args:
                continue
            name = str(message.args[0])
            if name in _MODULE_NAMES or hasattr(builtins, name):
                continue
            line = inline.line_of(message.line)
            key = (inline.relpath, line, name)
            if key in seen:
                continue
            seen.add(key)
            problem = "never imported or defined" if message.kind == "UndefinedName" else "read before assignment"
            yield SourceHit(
                inline.relpath,
                line,
                f"The inline code of {describe(function)} uses `{name}`, {problem} (line {message.line} of index.py):"
                " the function raises NameError when it runs.",
                column=inline.column_of(message.line, message.column),
                evidence=name,
            )
