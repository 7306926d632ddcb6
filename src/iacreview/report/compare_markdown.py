"""The MODEL_FAILURES.md a careful reviewer would write, in the shape of the hand-written reports.

``## 1. Syntax Issues`` … ``## 5. Best Practices``, each item as ``### n.m Title`` with **Issue**, **Impact**
and **Fix** citing both answers' lines, then a summary table. One item per group of failures (same rule, same fix):
its Issue lists every location. Wording comes from rule metadata and the findings' own messages: nothing is
invented here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iacreview.compare.core import CompareFailure, Comparison
from iacreview.compare.groups import FailureGroup
from iacreview.compare.synth import headline
from iacreview.model import Category, Finding, Location, RuleMeta

_KIND_WORDS = {
    "fixed_in_reference": "fixed in the reference",
    "missing_in_candidate": "missing in the candidate",
    "synth": "does not synthesize",
    "prompt": "prompt requirement",
}
_SUMMARY_PLACES = 4


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
    failures = comparison.failures
    groups = comparison.groups()
    summary: list[tuple[str, str, str]] = []
    for number, category in enumerate(Category, start=1):
        items = [g for g in groups if g.category is category]
        lines += [f"## {number}. {category.heading}", ""]
        if not items:
            lines += ["No failures found in this category.", ""]
            continue
        for index, group in enumerate(items, start=1):
            meta = rules.get(group.rule_id)
            lines += _item(number, index, group, failures, meta)
            places = group.locations(failures)
            shown = ", ".join(f"`{loc}`" for loc in places[:_SUMMARY_PLACES])
            more = f" and {len(places) - _SUMMARY_PLACES} more" if len(places) > _SUMMARY_PLACES else ""
            issue = group.title.rstrip(".") + (f" ({shown}{more})" if shown else "")
            summary.append((category.heading, issue, meta.fix if meta else ""))
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


def _detail(failure: CompareFailure) -> str:
    finding = failure.finding
    resource = f" Resource `{finding.resource}`." if finding.resource else ""
    after = " Found after automatic repairs of earlier errors." if finding.after_repairs else ""
    if failure.reference_has_counterpart is False:
        resource += " The reference has no counterpart of this resource."
    return f"{finding.message.rstrip('.')}{_where(finding)}.{resource}{after}"


def _reference_places(members: Sequence[CompareFailure]) -> str:
    places: list[Location] = []
    for failure in members:
        if failure.reference_location and failure.reference_location not in places:
            places.append(failure.reference_location)
    if not places:
        return ""
    return " Reference: " + ", ".join(f"`{p}`" for p in places) + "."


def _item(
    number: int, index: int, group: FailureGroup, failures: Sequence[CompareFailure], meta: RuleMeta | None
) -> list[str]:
    members = [failures[i] for i in group.members]
    lead = members[0]
    kind = _KIND_WORDS.get(lead.kind, lead.kind)
    head = f"- **Issue** ({group.severity.value}, {group.rule_id}, {kind}): "
    lines = [f"### {number}.{index} {group.title.rstrip('.')}"]
    if lead.related:
        lines.append(head + headline(lead.finding.evidence, len(lead.related)).rstrip(":") + _where(lead.finding)
                     + ":")
    elif len(members) == 1:
        lines.append(head + _detail(lead))
    else:
        lines.append(head + _detail(lead))
        others = members[1:]
        lines.append(f"  - Also ({len(others)} more):")
        lines += [f"    - {_detail(f)}" for f in others]
    for error in lead.related:
        where = f"`{error.location}` " if error.location else ""
        said = error.message if error.message.startswith(error.title) else f"{error.title}: {error.message}"
        lines.append(f"  - {where}{error.rule_id} {said}")
    if meta and meta.impact:
        lines.append(f"  - **Impact**: {meta.impact}")
    fix, places = (meta.fix if meta else ""), _reference_places(members)
    if fix or places:
        lines.append(f"  - **Fix**: {fix or 'As in the reference.'}{places}")
    return [*lines, ""]


def _listing(title: str, intro: str, findings: tuple[Finding, ...]) -> list[str]:
    if not findings:
        return []
    lines = [f"## {title}", "", intro, ""]
    lines += [f"- {f.rule_id} {f.title}: {f.message}{_where(f)}" for f in sorted(findings, key=Finding.sort_key)]
    return [*lines, ""]
