"""``verify``: audit a written failure report claim by claim — confirmed, refuted or unverifiable, with the line."""

from __future__ import annotations

from iacreview.verify.claims import Claim, parse_claims
from iacreview.verify.core import Verification, verify_report
from iacreview.verify.evidence import Evidence, SourceText
from iacreview.verify.judge import Verdict

__all__ = ["Claim", "Evidence", "SourceText", "Verdict", "Verification", "parse_claims", "verify_report"]
