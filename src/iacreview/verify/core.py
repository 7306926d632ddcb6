"""``verify``: every claim of a written report judged against candidate and reference, plus what it missed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from iacreview.compare.core import CompareFailure, Comparison
from iacreview.model import RuleMeta
from iacreview.verify.claims import Claim, parse_claims
from iacreview.verify.judge import Evidence, Verdict, judge_claims
from iacreview.verify.nonclaims import classify


@dataclass(frozen=True)
class Verification:
    report: str
    verdicts: tuple[Verdict, ...]
    missed: tuple[CompareFailure, ...]
    not_claims: tuple[Claim, ...] = ()  # report items that claim nothing about the answer, with why


    def counts(self) -> dict[str, int]:
        return dict(Counter(v.candidate_verdict for v in self.verdicts))

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "iacreview/verify@1",
            "report": self.report,
            "counts": self.counts(),
            "decided": sum(v.candidate_verdict != "unverifiable" for v in self.verdicts),
            "claims": [v.to_json() for v in self.verdicts],
            "not_a_claim": len(self.not_claims),
            "not_claims": [{"text": c.text, "line": c.line, "reason": c.not_claim} for c in self.not_claims],
            "missed": [m.to_json() for m in self.missed],
        }


def verify_report(
    report_path: str,
    report_text: str,
    candidate: Evidence,
    reference: Evidence | None,
    rules: Sequence[RuleMeta],
    comparison: Comparison | None,
) -> Verification:
    items = parse_claims(report_text)
    classify(items)
    claims = [c for c in items if not c.not_claim]
    verdicts = judge_claims(claims, candidate, reference, rules, comparison)
    missed = _missed(verdicts, comparison, rules) if comparison else ()
    return Verification(report_path, tuple(verdicts), tuple(missed), tuple(c for c in items if c.not_claim))


def _missed(verdicts: Sequence[Verdict], comparison: Comparison, rules: Sequence[RuleMeta]) -> list[CompareFailure]:
    """Failures compare finds that no claim mentions (by rule, or by the words of a missing resource)."""
    named = {rule for v in verdicts for rule in v.rule_ids}
    text = " ".join(v.claim.text.lower() for v in verdicts)
    out: list[CompareFailure] = []
    for failure in comparison.failures:
        if failure.finding.rule_id in named:
            continue
        words = re.findall(r"[a-z][a-z-]{4,}", failure.finding.evidence.lower())
        if failure.kind == "missing_in_candidate" and words and all(w in text for w in words):
            continue
        out.append(failure)
    return out
