"""Turn what the sandbox stopped (``RunOutcome.blocked``) into the SEC101 finding of a synthesis.

The sandbox is the cause when it stopped something: a ``MemoryError`` under the memory limit is not a bug of the
CDK code to repair, so SEC101 replaces the DEP001 "synthesis fails" finding (keeping its location and evidence).
A timeout with nothing else stopped stays DEP002; a timeout while the sandbox was stopping something (a fork
bomb respawning against the process cap) is SEC101 naming both, since the sandbox event is the cause.
"""

from __future__ import annotations

from dataclasses import replace

from iacreview.model import Finding
from iacreview.rules.security import sandbox_blocked
from iacreview.synth.result import SynthResult
from iacreview.synth.runner import RunOutcome


def with_sandbox_finding(result: SynthResult, outcome: RunOutcome) -> SynthResult:
    """``result`` with SEC101 as its finding when the sandbox stopped something."""
    if not outcome.blocked:
        return result
    message = "The app tried " + "; ".join(outcome.blocked) + ", which the sandbox stopped"
    if outcome.timed_out:
        message += f", and it was killed after {outcome.seconds:.0f} s"
    previous = result.finding
    finding = Finding.from_rule(
        sandbox_blocked.META,
        message,
        previous.location if previous else result.location,
        evidence=previous.evidence if previous else "",
    )
    changes: dict[str, object] = {"finding": finding}
    if not result.ok and not outcome.timed_out:
        changes["error_class"] = "sandbox"
    return replace(result, **changes)  # type: ignore[arg-type]
