"""Run source rules over a ``SourceContext`` and turn their hits into located findings.

A rule that crashes must not take the review down with it: its exception becomes one ``info`` finding naming the
rule, so the user sees that a check did not run instead of silently getting fewer findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from iacreview.model import Finding, RuleMeta, Severity
from iacreview.rules.base import SourceContext, SourceHit


def hit_to_finding(ctx: SourceContext, meta: RuleMeta, hit: SourceHit) -> Finding:
    """Locate a hit in the user's input (the ``.md`` line for an extracted block)."""
    location = ctx.workspace.locate(hit.relpath, hit.line, hit.column)
    return Finding.from_rule(meta, hit.message, location, severity=hit.severity, evidence=hit.evidence)


def crash_finding(meta: RuleMeta, error: Exception) -> Finding:
    """An ``info`` finding under the rule's own id saying that the rule did not run (no location)."""
    return Finding(
        rule_id=meta.id,
        category=meta.category,
        severity=Severity.INFO,
        title=f"{meta.id} could not run",
        message=f"The check {meta.id} ({meta.title}) failed and did not check this input: "
        f"{type(error).__name__}: {error}",
        source=meta.source,
    )


def run_source_rules(ctx: SourceContext, rules: Sequence[ModuleType]) -> list[Finding]:
    """Run each rule module's ``check(ctx)``; skip disabled rules; never let one rule crash the review."""
    findings: list[Finding] = []
    for module in rules:
        meta: RuleMeta = module.META
        if meta.id in ctx.config.disabled_rules:
            continue
        try:
            hits = list(module.check(ctx))
        except Exception as error:  # a bug in one rule must not lose the others' findings
            findings.append(crash_finding(meta, error))
            continue
        findings.extend(hit_to_finding(ctx, meta, hit) for hit in hits)
    return findings
