"""Markdown check report: the structure of a human failure report, built only from findings.

Per subject: a heading, the synth outcome, then the five numbered sections of the seed reports
(``## 1. Syntax Issues`` … ``## 5. Best Practices``), each finding as ``### n.m Title`` with **Issue** (the
finding's message and its ``file:line``), **Impact** and **Fix** (from the rule's metadata), and a summary table.
Suppressed findings are listed apart with their reason, so the numbered sections hold only what is still open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iacreview.model import Finding, Review, RuleMeta
from iacreview.report.common import (
    by_category,
    describe_synth,
    first_line,
    ordered,
    severity_counts,
    split_suppressed,
    subject_of,
    where,
)

SUMMARY_HEADER = ("Category", "Severity", "Rule", "Location", "Issue")


def review_to_markdown(reviews: Sequence[Review], rules: Mapping[str, RuleMeta] | None = None) -> str:
    """The check report of every review, one after another."""
    metas = rules or {}
    blocks = [_review_block(review, metas) for review in reviews]
    if not blocks:
        return "# iacreview check report\n\nNo inputs were reviewed.\n"
    return "\n---\n\n".join(blocks)


def _review_block(review: Review, rules: Mapping[str, RuleMeta]) -> str:
    lines: list[str] = [f"# Review: {inline(review.subject)}", ""]
    lines += _synth_lines(review)
    active, suppressed = split_suppressed(review.findings)
    for number, (category, findings) in enumerate(by_category(active).items(), start=1):
        lines += [f"## {number}. {category.heading}", ""]
        if not findings:
            lines += ["No findings.", ""]
        for item, finding in enumerate(findings, start=1):
            lines += _finding_lines(f"{number}.{item}", finding, rules.get(finding.rule_id))
    if suppressed:
        lines += ["## Suppressed findings", ""]
        for finding in ordered(suppressed):
            reason = f": {inline(finding.suppression_reason)}" if finding.suppression_reason else ""
            lines.append(f"- `{finding.rule_id}` {inline(finding.title)} at {code(where(finding))}{reason}")
        lines.append("")
    lines += ["## Summary", ""]
    lines += summary_table(active)
    lines += ["", _totals(active, len(suppressed)), ""]
    return "\n".join(lines)


def _synth_lines(review: Review) -> list[str]:
    synth = review.synth
    lines = [
        f"- **Synth:** {inline(describe_synth(synth))}",
        f"- **aws-cdk-lib:** {inline(review.cdk_version or 'unknown')}",
    ]
    lines += [f"- **Assumed:** {inline(assumption)}" for assumption in synth.assumptions]
    for repair in synth.repairs:
        place = f" at {code(str(repair.location))}" if repair.location else ""
        why = f" ({inline(repair.why)})" if repair.why else ""
        lines.append(f"- **Repaired{place}:** {inline(repair.what)}{why}")
    return [*lines, ""]


def _finding_lines(number: str, finding: Finding, meta: RuleMeta | None) -> list[str]:
    issue = f"{inline(finding.message)} ({code(where(finding))})" if finding.location else inline(finding.message)
    lines = [
        f"### {number} {inline(finding.title)}",
        "",
        f"- **Rule:** `{finding.rule_id}` ({finding.severity.value})",
        f"- **Issue:** {issue}",
    ]
    subject = subject_of(finding)
    if subject:
        lines.append(f"- **Resource:** {code(subject)}")
    if finding.after_repairs:
        lines.append("- **Found after repairs:** the app only synthesized after automatic repairs.")
    if meta is not None and meta.impact:
        lines.append(f"- **Impact:** {inline(meta.impact)}")
    if meta is not None and meta.fix:
        lines.append(f"- **Fix:** {inline(meta.fix)}")
    return [*lines, ""]


def summary_table(findings: Sequence[Finding]) -> list[str]:
    """``| Category | Severity | Rule | Location | Issue |`` rows in report order; cells escaped."""
    rows = [_row(SUMMARY_HEADER), "|" + "|".join("---" for _ in SUMMARY_HEADER) + "|"]
    for findings_of_category in by_category(findings).values():
        for finding in findings_of_category:
            cells = (
                finding.category.heading,
                finding.severity.value,
                finding.rule_id,
                where(finding),
                f"{finding.title}: {finding.message}",
            )
            rows.append(_row(cells))
    return rows


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(table_cell(cell) for cell in cells) + " |"


def _totals(active: Sequence[Finding], suppressed: int) -> str:
    counts = ", ".join(f"{count} {severity.value}" for severity, count in severity_counts(active).items())
    extra = f" ({suppressed} suppressed)" if suppressed else ""
    return f"**Total:** {counts}{extra}"


def table_cell(text: str) -> str:
    """A table cell: one line, ``|`` escaped so it cannot end the cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def inline(text: str) -> str:
    """One line of prose: a multi-line message keeps its first line only, so it cannot break the structure."""
    return first_line(text) if "\n" in text else text.strip()


def code(text: str) -> str:
    """An inline code span that survives backticks inside the text."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
