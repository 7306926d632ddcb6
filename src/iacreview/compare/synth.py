"""The "does not synthesize" failure: every error that stops the candidate, each at its line.

A reviewer fixing the answer needs all of them, not only the first the Python interpreter met: the static layer
finds errors anywhere in the code (unknown attributes and keywords, undefined names, reserved variables, syntax
errors), and the repair ladder meets later ones after repairing earlier ones (``DEP001`` after repairs). A synth
error at a line a static finding already explains is not listed twice.
"""

from __future__ import annotations

import re

from iacreview.compare.keys import rule_meta
from iacreview.model import Finding, Review, Severity, Target
from iacreview.rules.comparison import SYNTH_REGRESSION

_SYNTH_ERROR = "DEP001"


_NEAR = 30  # a construct call spans many lines: the traceback names its first, the static layer the bad one
_COMMON = frozenset({"synthesis", "fails", "error", "typeerror", "runtimeerror", "attributeerror", "nameerror",
                     "importerror", "unexpected", "keyword", "argument", "cannot", "find", "asset", "init", "object",
                     "attribute", "defined", "name", "module", "self", "none", "type"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{3,}")


def _distinctive(message: str) -> set[str]:
    """Identifiers (``AWS_REGION``, ``max_batching_window``, ``SqsEventSource``), not plain words."""
    words = {w for w in _WORD.findall(message) if "_" in w.strip("_") or (w[1:] != w[1:].lower())}
    return {w.lower() for w in words} - _COMMON


def _explains(static: Finding, synth: Finding) -> bool:
    """A synth error is the one a static finding already names: same file, a few lines apart, a shared identifier."""
    a, b = static.location, synth.location
    if a is None or b is None:
        return False
    if a == b:
        return True
    return (a.path == b.path and abs(a.line - b.line) <= _NEAR
            and bool(_distinctive(static.message) & _distinctive(synth.message)))


def blocking_errors(review: Review) -> list[Finding]:
    """The candidate's findings that stop synthesis, one per line, in file order."""
    static: list[Finding] = []
    synth: list[Finding] = []
    for finding in review.findings:
        if finding.suppressed or finding.generated:
            continue
        if finding.rule_id == _SYNTH_ERROR:
            synth.append(finding)
            continue
        meta = rule_meta(finding.rule_id)
        if meta is not None and meta.target is Target.SOURCE and meta.severity is Severity.CRITICAL:
            static.append(finding)
    errors = static + [f for f in synth if not any(_explains(s, f) for s in static)]
    return sorted(errors, key=lambda f: (f.location.path, f.location.line) if f.location else ("", 0))


def headline(first_error: str, count: int) -> str:
    """The failure's first sentence (the Markdown lists the errors under it)."""
    if not count:
        return f"The answer does not synthesize as written: {first_error}."
    errors = f"{count} error{'s' if count != 1 else ''}"
    return f"The answer does not synthesize as written (first error: {first_error}). {errors} to fix:"


def synth_failure(review: Review) -> Finding | None:
    """The DEP092 finding for a candidate that does not synthesize as written (None when it does)."""
    synth = review.synth
    if not synth.attempted or synth.ok:
        return None
    errors = blocking_errors(review)
    first = synth.error or "unknown error"
    listing = "; ".join(
        f"`{e.location}` {e.rule_id}: {e.message.rstrip('.')}" if e.location else f"{e.rule_id}: {e.message}"
        for e in errors
    )
    message = headline(first, len(errors)) + (f" {listing}." if listing else "")
    return Finding.from_rule(SYNTH_REGRESSION, message, synth.location, evidence=first)
