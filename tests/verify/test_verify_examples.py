"""``verify`` end to end on the bundled examples: hand-written reports mixing true, false and opinion claims.

Each report is judged by a real synth of the example's model answer and reference (one synth per app, shared cache).
Every claim's candidate and reference verdicts are asserted, and every refutation must quote a line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from example_support import EXAMPLES
from iacreview import api
from iacreview.config import Config
from iacreview.verify import Verification

ECOMMERCE = """# Model failures

## 1. Syntax Issues
- **Missing import**: The stack calls `Tags` without importing it.
- The inline code of the list function uses `logging` without importing it.

## 2. Security Concerns
- **Issue**: The DynamoDB table is not encrypted at rest.
- **Issue**: The shared Lambda role grants `dynamodb:*` and `s3:*` on all resources.
- **Issue**: CORS allows all origins.

## 3. Deployment Issues
- Resource names such as `ecommerce-products` are hard-coded without the environment suffix.
- The products table has no point-in-time recovery.

## 4. Performance
- The API Gateway stage has no throttling.

## 5. Best Practices
- environmentSuffix is used in all resource names ✅
- The code is hard to read and its structure is poorly organized.
"""

VPC = """# Model failures

### 1. Reliability
**Issue**: The Lambda functions have no dead-letter queue.

### 2. Networking
**Issue**: The VPC has no flow logs.

### 3. Database
- **Problem**: The RDS instance has no deletion protection.
- **Problem**: The RDS backup retention is only one day.
- **Problem**: `RemovalPolicy.DESTROY` on the database risks data loss.

### 4. IAM
- **Issue**: The EC2 role is overly permissive (`s3:*`).
- **Issue**: The flow-log role attaches `service-role/VPCFlowLogsDeliveryRolePolicy`, a policy that does not exist.

### 5. Quality
- Well-documented, readable code ✅
"""

CRUD = """# Model failures

| Issue | Severity |
|---|---|
| The items table has no global secondary index (GSI) | medium |
| No custom resource loads the sample data | high |

## Critical
- **Issue**: `TapStackProps` is not imported in the entry file.
- **Issue**: The stream processor Lambda has no on-failure destination, so failed records are lost.
- **Issue**: The API has no access logging.
- API throttling is configured ✅
"""

# (report line, candidate verdict, reference verdict, a MODEL_RESPONSE.md line the evidence must include or None)
EXPECTED: dict[str, tuple[str, list[tuple[int, str, str, int | None]]]] = {
    "serverless-ecommerce": (ECOMMERCE, [
        (4, "refuted", "unverifiable", 23),  # `Tags` is imported, in the multi-line import
        (5, "confirmed", "unverifiable", None),  # the inline list handler calls logging without importing it
        (8, "refuted", "unverifiable", 47),  # DynamoDB always encrypts at rest
        (9, "confirmed", "fixed", 68),
        (10, "confirmed", "fixed", 176),
        (13, "confirmed", "unverifiable", 48),  # the literal table name
        (14, "refuted", "unverifiable", 47),  # point_in_time_recovery=True
        (17, "confirmed", "fixed", 176),
        (20, "refuted", "unverifiable", 47),  # praise refuted by the hard-coded names
        (21, "unverifiable", "unverifiable", None),  # opinion
    ]),
    "vpc-multitier": (VPC, [
        (4, "refuted", "unverifiable", 56),  # there is no Lambda at all
        (7, "refuted", "unverifiable", 61),  # flow logs exist
        (10, "confirmed", "fixed", 106),
        (11, "confirmed", "fixed", 106),
        (12, "confirmed", "fixed", 106),
        (15, "confirmed", "fixed", 138),
        (16, "confirmed", "fixed", 76),
        (19, "unverifiable", "unverifiable", None),
    ]),
    "crud-api-sample-data": (CRUD, [
        (5, "confirmed", "fixed", 71),
        (6, "confirmed", "fixed", 66),
        (9, "refuted", "unverifiable", 21),  # tap.py imports TapStackProps
        (10, "confirmed", "fixed", 145),
        (11, "refuted", "unverifiable", 174),  # the stage has access logs
        (12, "confirmed", "unverifiable", 174),  # praise that holds
    ]),
}


@pytest.fixture(scope="session")
def verifications(tmp_path_factory: pytest.TempPathFactory, shared_cache_dir: Path) -> dict[str, Verification]:
    cache = shared_cache_dir
    reports = tmp_path_factory.mktemp("verify-reports")
    out: dict[str, Verification] = {}
    for name, (text, _) in EXPECTED.items():
        report = reports / f"{name}.md"
        report.write_text(text, encoding="utf-8")
        out[name] = api.verify_paths(
            report, EXAMPLES / name / "model" / "MODEL_RESPONSE.md", EXAMPLES / name / "ideal",
            Config(cache_dir=str(cache)), candidate_display="MODEL_RESPONSE.md",
        )
    return out


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_verdict(verifications: dict[str, Verification], name: str) -> None:
    verification = verifications[name]
    by_line = {v.claim.line: v for v in verification.verdicts}
    expected = EXPECTED[name][1]
    assert sorted(by_line) == [line for line, *_ in expected]
    for line, candidate, reference, evidence_line in expected:
        v = by_line[line]
        got = (v.candidate_verdict, v.reference_verdict)
        assert got == (candidate, reference), f"line {line} {v.claim.text!r}: {got} ({v.reason})"
        if evidence_line is not None:
            assert any(e.path == "MODEL_RESPONSE.md" and e.line == evidence_line for e in v.evidence), (
                line, [str(e) for e in v.evidence])


@pytest.mark.parametrize("name", list(EXPECTED))
def test_no_refutation_without_a_line(verifications: dict[str, Verification], name: str) -> None:
    for v in verifications[name].verdicts:
        if v.candidate_verdict != "unverifiable":
            assert v.evidence and all(e.line > 0 for e in v.evidence), v.claim.text
        if v.candidate_verdict == "unverifiable":
            assert v.reason, v.claim.text


def test_missed_lists_what_no_claim_names(verifications: dict[str, Verification]) -> None:
    missed = {f.finding.rule_id for f in verifications["vpc-multitier"].missed}
    assert "SEC008" in missed  # the report never mentions the database secret's key
    assert "DEP042" not in missed and "DEP044" not in missed  # the report names these


def test_markdown_and_json(verifications: dict[str, Verification]) -> None:
    from iacreview.report.verify_markdown import verification_to_markdown

    verification = verifications["crud-api-sample-data"]
    text = verification_to_markdown(verification)
    assert "6 claims: 4 confirmed, 2 refuted, 0 unverifiable" in text
    assert "`MODEL_RESPONSE.md:21`" in text and "## Missed by the report" in text
    doc = verification.to_json()
    assert doc["schema"] == "iacreview/verify@1" and doc["decided"] == 6
    assert {c["candidate_verdict"] for c in doc["claims"]} <= {"confirmed", "refuted", "unverifiable"}
    assert all(set(m) >= {"rule_id", "kind", "location"} for m in doc["missed"])

