"""SYN033 — Inline Lambda code has a syntax error.

**What**: the Python passed to ``Code.from_inline(...)`` / ``InlineCode(...)`` does not parse.

**Why**: CDK deploys the string as ``index.py`` without looking at it; the stack deploys, and every invocation fails
with ``Runtime.UserCodeSyntaxError``. A frequent case is code indented to match the surrounding Python: Lambda does
not dedent it, so the first line raises ``IndentationError: unexpected indent``.

**Fix**: correct the code, start it at column 0 (or wrap it in ``textwrap.dedent``), or move it to an asset folder.

**Example**::

    code=_lambda.Code.from_inline('''
        def handler(event, context):      # indented: IndentationError in Lambda
            return {"statusCode": 200}
    ''')
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import describe, inline_is_python, lambda_facts, parse_inline
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="SYN033",
    category=Category.SYNTAX,
    severity=Severity.HIGH,
    title="Inline Lambda code has a syntax error",
    impact="The function deploys but every invocation fails with Runtime.UserCodeSyntaxError.",
    fix="Fix the inline code (start it at column 0 or use textwrap.dedent) or ship it as an asset.",
    target=Target.INLINE_CODE,
    keywords=("inline code", "syntax error", "indentation", "lambda code", "from_inline", "UserCodeSyntaxError"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    seen: set[tuple[str, int, str]] = set()
    for function in lambda_facts(ctx).functions:
        inline = function.inline
        if inline is None or not inline_is_python(function):
            continue
        parsed = parse_inline(inline.text)
        if not isinstance(parsed, SyntaxError) or (parsed.msg or "").startswith("f-string"):
            # f-string errors are accepted by the python3.12+ runtimes (PEP 701): not certain, not reported.
            continue
        line = parsed.lineno or 1
        indented = isinstance(parsed, IndentationError) and "unexpected indent" in (parsed.msg or "")
        hint = " Lambda does not dedent inline code: start it at column 0." if indented else ""
        message = (
            f"The inline code of {describe(function)} does not parse: {type(parsed).__name__}: {parsed.msg} "
            f"(line {line} of index.py); every invocation fails.{hint}"
        )
        key = (inline.relpath, inline.line_of(line), parsed.msg or "")
        if key in seen:
            continue
        seen.add(key)
        code_lines = inline.text.splitlines()
        evidence = code_lines[line - 1].strip() if 0 < line <= len(code_lines) else ""
        yield SourceHit(inline.relpath, inline.line_of(line), message, evidence=evidence)
