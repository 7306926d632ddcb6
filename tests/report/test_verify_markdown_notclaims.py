"""The verify Markdown lists the report items set apart as not claims, with their line and why."""

from __future__ import annotations

from iacreview.report.verify_markdown import verification_to_markdown
from iacreview.verify.claims import Claim
from iacreview.verify.core import Verification


def test_not_claims_are_listed_with_line_and_reason() -> None:
    item = Claim(text="**Impact**: High | severe", line=12, not_claim="impact level")
    text = verification_to_markdown(Verification(report="MODEL_FAILURES.md", verdicts=(), missed=(),
                                                 not_claims=(item,)))
    assert "## Not claims" in text
    assert "| 12 | **Impact**: High \\| severe | impact level |" in text


def test_no_section_without_not_claims() -> None:
    text = verification_to_markdown(Verification(report="r.md", verdicts=(), missed=()))
    assert "## Not claims" not in text
