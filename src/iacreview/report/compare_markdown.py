"""The MODEL_FAILURES.md a careful reviewer would write, in the shape of the hand-written reports.

``## 1. Syntax Issues`` … ``## 5. Best Practices``, each failure as ``### n.m Title`` with **Issue**, **Impact**
and **Fix** citing both answers' lines, then a summary table. Wording comes from rule metadata and the findings'
own messages: nothing is invented here.
"""

from __future__ import annotations

from collections.abc import Mapping

from iacreview.compare.core import CompareFailure, Comparison
from iacreview.model import Category, Finding, RuleMeta

_KIND_WORDS = {
    "fixed_in_reference": "fixed in the reference",
    "missing_in_candidate": "missing in the candidate",
    "synth": "does not synthesize",
    "prompt": "prompt requirement",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _where(finding: Finding) -> str:
    return f" (`{finding.location}`)" if finding.location else ""


def comparison_to_markdown(comparison: Comparison, rules: Mapping[str, RuleMeta]) -> str:
    cand, ref = comparison.candidate, comparison.reference
    lines = [
        "# Model Failures",
        "",
        f"Candidate: `{cand.subject}` — reference: `{ref.subject}`"
        + (f" — checked against aws-cdk-lib {cand.cdk_version}" if cand.cdk_version else ""),
        "",
        f"Candidate synth: {_synth_words(cand)}; reference synth: {_synth_words(ref)}.",
        "",
    ]
    summary: list[tuple[str, str, str]] = []
    for number, category in enumerate(Category, start=1):
        items = [f for f in comparison.failures if f.finding.category is category]
        lines += [f"## {number}. {category.heading}", ""]
        if not items:
            lines += ["No failures found in this category.", ""]
            continue
        for index, failure in enumerate(sorted(items, key=lambda f: f.finding.sort_key()), start=1):
            lines += _item(number, index, failure, rules.get(failure.finding.rule_id))
            fix = rules[failure.finding.rule_id].fix if failure.finding.rule_id in rules else ""
            summary.append((category.heading, f"{failure.finding.title}{_where(failure.finding)}", fix))
    lines += ["## Summary of Fixes", "", "| Category | Issue | Fix |", "|---|---|---|"]
    lines += [f"| {_cell(c)} | {_cell(i)} | {_cell(f)} |" for c, i, f in summary]
    lines.append("")
    lines += _listing("Shared with the reference", "Both answers have these findings.", comparison.shared)
    lines += _listing("Regressions in the reference", "The reference has these and the candidate does not.",
                      comparison.regressions)
    return "\n".join(lines).rstrip() + "\n"


def _synth_words(review: object) -> str:
    synth = getattr(review, "synth", None)
    if synth is None or not synth.attempted:
        return "not attempted"
    if synth.ok:
        return "ok"
    where = f" at `{synth.location}`" if synth.location else ""
    repaired = f", reviewed after {len(synth.repairs)} repairs" if synth.repairs else ""
    return f"fails ({synth.error_class or 'error'}{where}{repaired})"


def _item(number: int, index: int, failure: CompareFailure, meta: RuleMeta | None) -> list[str]:
    finding = failure.finding
    ref = f" Reference: `{failure.reference_location}`." if failure.reference_location else ""
    resource = f" Resource `{finding.resource}`." if finding.resource else ""
    after = " Found after automatic repairs of earlier errors." if finding.after_repairs else ""
    return [
        f"### {number}.{index} {finding.title}",
        f"- **Issue** ({finding.severity.value}, {finding.rule_id}, {_KIND_WORDS.get(failure.kind, failure.kind)}): "
        f"{finding.message.rstrip('.')}{_where(finding)}.{resource}{after}",
        f"  - **Impact**: {meta.impact if meta else ''}",
        f"  - **Fix**: {meta.fix if meta else ''}{ref}",
        "",
    ]


def _listing(title: str, intro: str, findings: tuple[Finding, ...]) -> list[str]:
    if not findings:
        return []
    lines = [f"## {title}", "", intro, ""]
    lines += [f"- {f.rule_id} {f.title}: {f.message}{_where(f)}" for f in sorted(findings, key=Finding.sort_key)]
    return [*lines, ""]
