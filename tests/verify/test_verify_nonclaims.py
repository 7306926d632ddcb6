"""Items that claim nothing about the answer are listed apart with their reason; real claims stay claims."""

from __future__ import annotations

from iacreview.verify.claims import parse_claims
from iacreview.verify.nonclaims import (
    ADVICE,
    GROUP,
    LEVEL,
    PROCESS,
    REFERENCE,
    REPEAT,
    SUMMARY,
    TASK,
    TRAINING,
    classify,
)

REPORT = """# Review of the answer

## 1. Storage
- Bucket Settings
  - The orders bucket has no versioning.
  - Versioning is off for the archive bucket too.
- Impact: High
- Consider enabling object lock for compliance.
- The ideal response adds an S3 lifecycle rule.
- Resource names are hard-coded, leading to test failures in CI.

## 2. Quality
- Unit tests: 12/12 passing
- Pylint score: 9.1/10
- Training Value: HIGH because the fixes are instructive.
- Prompt: a queue with a dead-letter queue
- Test files use 2-space indentation instead of 4.
- Placeholder unit tests with no assertions

## Summary Table

| Area | Problem |
|---|---|
| Storage | The orders bucket has no versioning |
| Queue | The retry queue has no redrive policy |
"""


def _by_text() -> dict[str, str]:
    items = parse_claims(REPORT)
    classify(items)
    return {c.text: c.not_claim for c in items}


def test_non_claims_carry_their_reason() -> None:
    got = _by_text()
    assert got["Bucket Settings"] == GROUP
    assert got["Impact: High"] == LEVEL
    assert got["Consider enabling object lock for compliance."] == ADVICE
    assert got["The ideal response adds an S3 lifecycle rule."] == REFERENCE
    assert got["Unit tests: 12/12 passing"] == SUMMARY
    assert got["Pylint score: 9.1/10"] == SUMMARY
    assert got["Training Value: HIGH because the fixes are instructive."] == TRAINING
    assert got["Prompt: a queue with a dead-letter queue"] == TASK
    assert got["Placeholder unit tests with no assertions"] == PROCESS
    assert got["Storage — The orders bucket has no versioning"] == REPEAT


def test_real_claims_stay_claims() -> None:
    got = _by_text()
    for claim in (
        "The orders bucket has no versioning.",
        "Versioning is off for the archive bucket too.",
        "Resource names are hard-coded, leading to test failures in CI.",  # tests only as a consequence
        "Test files use 2-space indentation instead of 4.",  # a measurable shape of the code
        "Queue — The retry queue has no redrive policy",  # a summary row that says something new
    ):
        assert got[claim] == "", claim
