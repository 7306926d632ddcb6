"""Console report of ``iacreview check``: what a person reads in a terminal.

Every line must make sense without colour (CI logs, ``--output`` files, ``NO_COLOR``): colour only repeats what
the words already say. All user-supplied text goes through ``rich.text.Text`` so that brackets in messages
(``[ec2.Vpc]``) are never taken for markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from iacreview.model import Finding, Review, Severity
from iacreview.report.common import (
    by_category,
    describe_synth,
    severity_counts,
    split_suppressed,
    subject_of,
    synth_status,
    where,
)

_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_SYNTH_STYLE = {"ok": "green", "repaired": "yellow", "failed": "bold red", "skipped": "dim"}
_SEVERITY_WIDTH = max(len(s.value) for s in Severity)


def render_console(reviews: Sequence[Review], console: Console, *, show_suppressed: bool = False) -> None:
    """Print every review: a header, findings grouped by category, and a per-severity total."""
    for index, review in enumerate(reviews):
        if index:
            console.print()
        _render_review(review, console, show_suppressed=show_suppressed)


def _render_review(review: Review, console: Console, *, show_suppressed: bool) -> None:
    _render_header(review, console)
    active, suppressed = split_suppressed(review.findings)
    shown = list(review.findings) if show_suppressed else active
    if not shown:
        console.print(Text("  no findings", style="green"))
    for category, findings in by_category(shown).items():
        if not findings:
            continue
        console.print()
        console.print(Text(f"{category.heading} ({len(findings)})", style="bold underline"))
        for finding in findings:
            console.print(finding_line(finding), soft_wrap=True)
    console.print()
    console.print(total_line(active, len(suppressed), shown_suppressed=show_suppressed))


def _render_header(review: Review, console: Console) -> None:
    console.print(Text.assemble(("== ", "bold"), (review.subject, "bold"), (" ==", "bold")))
    status = synth_status(review.synth)
    console.print(Text.assemble("  synth: ", (describe_synth(review.synth), _SYNTH_STYLE[status])), soft_wrap=True)
    console.print(Text(f"  aws-cdk-lib: {review.cdk_version or 'unknown'}"))
    for assumption in review.synth.assumptions:
        console.print(Text(f"  assumed: {assumption}", style="dim"), soft_wrap=True)
    for repair in review.synth.repairs:
        place = f" at {repair.location}" if repair.location else ""
        why = f" ({repair.why})" if repair.why else ""
        console.print(Text(f"  repaired{place}: {repair.what}{why}", style="dim"), soft_wrap=True)


def finding_line(finding: Finding) -> Text:
    """``SEVERITY RULE_ID file:line  title — message [resource (path)] (after repairs)``."""
    line = Text("  ")
    line.append(finding.severity.value.upper().ljust(_SEVERITY_WIDTH), style=_SEVERITY_STYLE[finding.severity])
    line.append(f" {finding.rule_id:<8} ", style="bold")
    line.append(where(finding))
    line.append("  ")
    line.append(finding.title, style="bold")
    line.append(f" — {finding.message}")
    subject = subject_of(finding)
    if subject:
        line.append(f"  [{subject}]", style="dim")
    if finding.after_repairs:
        line.append("  (after repairs)", style="yellow")
    if finding.suppressed:
        reason = f": {finding.suppression_reason}" if finding.suppression_reason else ""
        line.append(f"  (suppressed{reason})", style="dim")
    return line


def total_line(active: Sequence[Finding], suppressed: int, *, shown_suppressed: bool = False) -> Text:
    """``total: 1 critical, 2 high, 0 medium, 0 low, 1 info (1 suppressed)``; suppressed findings never count."""
    counts = severity_counts(active)
    text = Text("  total: ")
    for index, (severity, count) in enumerate(counts.items()):
        if index:
            text.append(", ")
        text.append(f"{count} {severity.value}", style=_SEVERITY_STYLE[severity] if count else "dim")
    if suppressed:
        note = "shown above" if shown_suppressed else "hidden"
        text.append(f" ({suppressed} suppressed, {note})", style="dim")
    return text
