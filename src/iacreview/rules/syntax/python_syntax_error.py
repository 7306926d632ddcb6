"""SYN030 — Python syntax error.

**What**: a Python file of the app does not parse.

**Why**: Python refuses to import a module with a syntax error, so ``cdk synth`` stops before any resource exists.
A file the app never imports (a script, a test) does not stop synth: that is reported as high.

**Fix**: correct the code at the reported line (an unclosed bracket or string, a missing colon, mixed indentation).

**Example**::

    bucket = s3.Bucket(self, "Data",
        versioned=True          # <- the call is never closed

When the error is an answer cut off at its end, the truncated-answer finding (SYN001) already says so and this rule
stays silent for that file.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.parse import user_modules
from iacreview.python.reach import runs_at_synth
from iacreview.rules.base import ParsedModule, SourceContext, SourceHit

META = RuleMeta(
    id="SYN030",
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Python syntax error",
    impact="The module cannot be imported, so the app does not synthesize or deploy.",
    fix="Correct the syntax at the reported line.",
    target=Target.SOURCE,
    keywords=("syntax error", "does not parse", "invalid syntax", "indentation error", "unclosed", "incomplete code"),
)

# Messages Python gives when a file simply ends too early (the error line may be where the bracket opened).
_END_OF_FILE_MARKERS = ("was never closed", "unexpected eof", "eof while", "unterminated triple-quoted")


def _at_end(module: ParsedModule, error: SyntaxError) -> bool:
    lines = len(module.text.rstrip("\n").splitlines()) or 1
    message = (error.msg or "").lower()
    return (error.lineno or 1) >= lines or any(marker in message for marker in _END_OF_FILE_MARKERS)


def _truncation_reported(ctx: SourceContext, relpath: str) -> bool:
    source = ctx.workspace.files.get(relpath)
    origin = source.origin if source is not None else relpath
    return any(
        f.rule_id == "SYN001" and (f.location is None or f.location.path == origin) for f in ctx.workspace.findings
    )


def _newer_python_only(error: SyntaxError) -> bool:
    """f-string errors that Python 3.12+ (PEP 701) accepts: not an error for everyone, so not reported."""
    return (error.msg or "").startswith("f-string")


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for module in user_modules(ctx):
        error = module.syntax_error
        if error is None or _newer_python_only(error):
            continue
        if _at_end(module, error) and _truncation_reported(ctx, module.relpath):
            continue
        line = error.lineno or 1
        text_lines = module.text.splitlines()
        evidence = text_lines[line - 1].strip() if 0 < line <= len(text_lines) else ""
        runs, why = runs_at_synth(ctx, module.relpath, line)
        yield SourceHit(
            relpath=module.relpath,
            line=line,
            column=error.offset,
            message=f"{module.relpath} does not parse: {type(error).__name__}: {error.msg} (line {line})"
            + ("." if runs else f"; {why}."),
            evidence=evidence,
            severity=None if runs else Severity.HIGH,
        )
