"""BP040 — A suppression without a reason.

**What**: an inline ``# iacreview: ignore[RULE]`` comment, or a resource ``Metadata`` entry
``iacreview: {ignore: [{id: RULE}]}``, that gives no reason. It does **not** suppress anything: the finding it
aims at is still reported, and this note points at the suppression itself.

**Why**: a suppression is a decision someone will have to re-check later (in review, in an audit, after the
code changed). Without the why, nobody can tell an accepted risk from a silenced warning.

**Fix**: add the reason after the bracket, or as ``reason`` in the Metadata entry.

**Example**::

    bucket = s3.Bucket(self, "Logs")  # iacreview: ignore[SEC002]                 <- no reason: ignored
    bucket = s3.Bucket(self, "Logs")  # iacreview: ignore[SEC002] read by a legacy agent without TLS
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

META = RuleMeta(
    id="BP040",
    category=Category.BEST_PRACTICE,
    severity=Severity.INFO,
    title="Suppression without a reason",
    impact="The suppression is ignored, so the finding it aims at is still reported.",
    fix="Say why the finding is acceptable: `# iacreview: ignore[RULE] reason`, or `reason` in the Metadata entry.",
    target=Target.SOURCE,
    keywords=("suppression", "ignore comment", "no reason"),
)
