"""What every check-report renderer shares: the order findings are shown in and how a synth outcome reads.

Console and Markdown must tell the same story in the same order, so the ordering (categories in the order of the
seed reports, then worst severity first, then file and line) and the one-line synth summary live here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from iacreview.model import Category, Finding, Severity, SynthOutcome

# The order of the numbered sections in the seed reports; ``Category`` declares its members in this order.
CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)
SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: -s.rank))


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Worst severity first, then by file and line (``Finding.sort_key``)."""
    return sorted(findings, key=Finding.sort_key)


def by_category(findings: Iterable[Finding]) -> dict[Category, list[Finding]]:
    """Every category (empty ones included, so sections keep their numbers), each list ordered."""
    grouped: dict[Category, list[Finding]] = {category: [] for category in CATEGORY_ORDER}
    for finding in findings:
        grouped[finding.category].append(finding)
    return {category: ordered(items) for category, items in grouped.items()}


def split_suppressed(findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(active, suppressed)."""
    return [f for f in findings if not f.suppressed], [f for f in findings if f.suppressed]


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def synth_status(outcome: SynthOutcome) -> str:
    """One of ``ok``, ``repaired``, ``failed``, ``skipped``.

    ``ok`` is reserved for an app that synthesized as written; an app that only synthesized after the repair ladder
    changed a copy is ``repaired`` (its templates exist, but the answer as given does not synthesize).
    """
    if not outcome.attempted:
        return "skipped"
    if outcome.ok:
        return "ok"
    if outcome.repairs and outcome.templates > 0:
        return "repaired"
    return "failed"


def describe_error(outcome: SynthOutcome) -> str:
    """``ErrorClass at file:line: message`` with whichever parts are known."""
    parts: list[str] = []
    if outcome.error_class:
        parts.append(outcome.error_class)
    if outcome.location:
        parts.append(f"at {outcome.location}")
    head = " ".join(parts)
    message = first_line(outcome.error or "")
    if outcome.error_class and message.startswith(f"{outcome.error_class}:"):
        message = message[len(outcome.error_class) + 1 :].strip()  # "KeyError: x" after "KeyError at ..." says it twice
    if head and message:
        return f"{head}: {message}"
    return head or message


def describe_synth(outcome: SynthOutcome) -> str:
    """The synth outcome as one line of prose, e.g. ``repaired with 2 repairs (was: KeyError at app.py:3: ...)``."""
    status = synth_status(outcome)
    templates = f"{outcome.templates} template{'s' if outcome.templates != 1 else ''}"
    if status == "skipped":
        reason = first_line(outcome.error or "")
        return f"skipped ({reason})" if reason else "skipped"
    if status == "ok":
        return f"ok ({templates})"
    error = describe_error(outcome)
    if status == "repaired":
        count = len(outcome.repairs)
        partial = f", partial: statements taken out, {outcome.withheld} finding(s) withheld" if outcome.partial else ""
        text = f"repaired with {count} repair{'s' if count != 1 else ''} ({templates}{partial})"
        return f"{text}; as written: failed, {error}" if error else text
    attempts = f" after {len(outcome.repairs)} repair(s)" if outcome.repairs else ""
    stopped = f" (repairs stopped: {first_line(outcome.ladder_stopped)})" if outcome.ladder_stopped else ""
    return f"failed{attempts}: {error}{stopped}" if error else f"failed{attempts}{stopped}"


def first_line(text: str) -> str:
    """The first non-empty line: tracebacks and multi-line errors are summarised, never dumped into a report line."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def where(finding: Finding) -> str:
    """``file:line`` or ``-`` for a finding about the whole subject."""
    return str(finding.location) if finding.location else "-"


def subject_of(finding: Finding) -> str:
    """``resource LogicalId (Stack/Construct/Path)`` or whichever part is known; empty when neither is."""
    if finding.resource and finding.construct_path:
        return f"{finding.resource} ({finding.construct_path})"
    return finding.resource or finding.construct_path or ""
