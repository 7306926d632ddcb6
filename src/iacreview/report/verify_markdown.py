"""Markdown for ``verify``: counts at the top, then one table row per claim with verdict, evidence and reason."""

from __future__ import annotations

from iacreview.verify.core import Verification


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def verification_to_markdown(verification: Verification) -> str:
    counts = verification.counts()
    total = len(verification.verdicts)
    decided = total - counts.get("unverifiable", 0)
    lines = [
        f"# Verification of `{verification.report}`",
        "",
        f"{total} claims: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("confirmed", "refuted", "unverifiable"))
        + f" ({decided / total:.0%} decided)." if total else "No claims found.",
        "",
        f"{len(verification.missed)} failures the code shows are not mentioned by any claim (listed at the end).",
        "",
        "| Line | Claim | Candidate | Reference | Evidence | Reason |",
        "|---|---|---|---|---|---|",
    ]
    for v in verification.verdicts:
        evidence = ", ".join(f"`{e}`" for e in v.evidence) or "—"
        claim = v.claim.text if len(v.claim.text) <= 160 else v.claim.text[:157] + "..."
        lines.append(
            f"| {v.claim.line} | {_cell(claim)} | {v.candidate_verdict} | {v.reference_verdict} | "
            f"{_cell(evidence)} | {_cell(v.reason)} |"
        )
    if verification.not_claims:
        lines += ["", "## Not claims", "",
                  "Report items that say nothing checkable about the answer (not counted above):", "",
                  "| Line | Item | Why not a claim |", "|---|---|---|"]
        for item in verification.not_claims:
            text = item.text if len(item.text) <= 120 else item.text[:117] + "..."
            lines.append(f"| {item.line} | {_cell(text)} | {_cell(item.not_claim or '')} |")
    if verification.missed:
        lines += ["", "## Missed by the report", "", "Failures the code shows that no claim mentions:", ""]
        for failure in verification.missed:
            f = failure.finding
            where = f" (`{f.location}`)" if f.location else ""
            lines.append(f"- **{f.rule_id}** {f.title}: {f.message}{where}")
    return "\n".join(lines) + "\n"
