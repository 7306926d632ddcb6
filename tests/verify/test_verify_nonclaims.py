"""Items that claim nothing about the answer are listed apart with their reason; real claims stay claims."""

from __future__ import annotations

from iacreview.verify.claims import parse_claims
from iacreview.verify.nonclaims import (
    ADVICE,
    EXPECTED,
    GROUP,
    IMPACT,
    LEVEL,
    LINK,
    PROCESS,
    QUOTE,
    REFERENCE,
    REPEAT,
    SUMMARY,
    TASK,
    TOPIC,
    TRAINING,
    WHERE,
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


def _not_claims(report: str) -> dict[str, str]:
    """Each item of the report -> why it is not a claim ("" for a claim)."""
    items = parse_claims(report)
    classify(items)
    return {c.text: c.not_claim for c in items}


def _by_text() -> dict[str, str]:
    return _not_claims(REPORT)


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


SHAPES = """# Review

## 1. Scaling
**Fix Required:**
- Implement the cleanup placeholder method
  - Scale to cache.r6g.xlarge node type
  - Execute recovery procedures
- Configured the service security group to only accept traffic from the load balancer
- Fixed line length issues
- Added a dead letter queue
- Enable point-in-time recovery on the table

## 2. Queue issues
**Issue**: Suboptimal queue settings for throughput

- **MODEL_RESPONSE Issue**: The queue has no redrive policy.
- **Location**: `lib/queue_stack.py`, lines 10-20
- **Cost**: Saves about $30/month
- **Security**: Reduces the attack surface
- **Expected**: A queue with a dead-letter queue
- Ensures messages are not lost
- Causes complete stack rollback
- Alarms won't trigger on throttling
- `Resource handler returned message: the queue already exists in this account`
- `AttributeError: 'Queue' object has no attribute 'grant_everything'`
- [Queue documentation](https://docs.aws.amazon.com/sqs/)

## 3. Notes
The deployment contained:
- Cross-region bucket replication
- Interface endpoints for private access

The model's stack creates:
- Cross-region table replication
"""


def _shapes() -> dict[str, str]:
    return _not_claims(SHAPES)


def test_advice_impact_location_quote_and_link_are_not_claims() -> None:
    got = _shapes()
    assert got["Scale to cache.r6g.xlarge node type"] == ADVICE
    assert got["Execute recovery procedures"] == ADVICE
    assert got["Location: `lib/queue_stack.py`, lines 10-20"] == WHERE
    assert got["Cost: Saves about $30/month"] == IMPACT
    assert got["Security: Reduces the attack surface"] == IMPACT
    assert got["Expected: A queue with a dead-letter queue"] == EXPECTED
    assert got["Ensures messages are not lost"] == IMPACT
    assert got["Causes complete stack rollback"] == IMPACT
    assert got["`Resource handler returned message: the queue already exists in this account`"] == QUOTE
    assert got["[Queue documentation](https://docs.aws.amazon.com/sqs/)"] == LINK
    assert got["Cross-region bucket replication"] == TOPIC
    assert got["Interface endpoints for private access"] == TOPIC


def test_shaped_claims_stay_claims() -> None:
    got = _shapes()
    assert got["The queue has no redrive policy."] == ""  # the label only says whose issue it is
    # The items of a fix list say, in any mood, that the answer lacked what they name.
    assert got["Added a dead letter queue"] == ""
    assert got["Enable point-in-time recovery on the table"] == ""
    assert got["Configured the service security group to only accept traffic from the load balancer"] == ""
    assert got["Suboptimal queue settings for throughput"] == ""  # an **Issue** by the report's own label
    assert got["Alarms won't trigger on throttling"] == ""
    assert got["`AttributeError: 'Queue' object has no attribute 'grant_everything'`"] == ""  # names the code's error
    assert got["Cross-region table replication"] == ""  # the lead-in says the model's stack creates it


def test_side_labels_blockers_and_training_impact() -> None:
    report = "## Issues\n- Issue in MODEL_RESPONSE\n- Blocker: deployment fails with a TypeError\n" \
             "- Moderate training impact\n- Actual (MODEL_RESPONSE.md)\n- The bucket is public.\n" \
             "- CI/CD: Medium - false negatives would block deployments\n" \
             "- Maintenance: May require an upgrade soon\n- Security: High - Missing alarms delay response\n"
    got = _not_claims(report)
    assert got["Issue in MODEL_RESPONSE"] == TOPIC
    assert got["Blocker: deployment fails with a TypeError"] == ""  # says the answer fails
    assert got["Moderate training impact"] == TRAINING
    assert got["Actual (MODEL_RESPONSE.md)"] == TOPIC
    assert got["The bucket is public."] == ""
    assert got["CI/CD: Medium - false negatives would block deployments"] == LEVEL
    assert got["Maintenance: May require an upgrade soon"] == IMPACT
    assert got["Security: High - Missing alarms delay response"] == ""  # names the flaw


def test_test_cases_failure_types_effort_and_lead_ins_to_additions_are_not_claims() -> None:
    report = ("## Issues\n- `test_bucket_created` - Validates 2 S3 buckets\n"
              "- Failure Type: Regional Service Limitation\n- Critical fixes: 2-4 hours\n"
              "- Mitigation: cleanup scripts can handle this\n- Required Enhancements\n"
              "- `test_bucket_created` is never called, so the bucket stays public.\n"
              "- The model's test_bucket helper grants public read.\n")
    got = _not_claims(report)
    assert got["`test_bucket_created` - Validates 2 S3 buckets"] == PROCESS
    assert got["Failure Type: Regional Service Limitation"] == TOPIC
    assert got["Critical fixes: 2-4 hours"] == IMPACT
    assert got["Mitigation: cleanup scripts can handle this"] == ADVICE
    assert got["Required Enhancements"] == ADVICE
    assert got["The model's test_bucket helper grants public read."] == ""
    assert got["`test_bucket_created` is never called, so the bucket stays public."] == ""


def test_items_of_an_impact_list_are_impact_unless_they_state_the_flaw() -> None:
    report = ("## 1. Bucket\n**Issue**: The bucket has no versioning.\n\n**Fix**:\n```python\nversioned=True\n```\n\n"
              "**Cost/Security/Performance Impact**:\n- Deployment blocker: stack creation fails immediately\n"
              "- Token cost: wasted synthesis operations\n- Replication not enabled on the bucket\n"
              "- The `versioned` flag is deprecated here\n")
    items = parse_claims(report)
    classify(items)
    got = {c.text: (c.not_claim, c.kind) for c in items}
    assert got["Deployment blocker: stack creation fails immediately"] == (IMPACT, "issue")
    assert got["Token cost: wasted synthesis operations"] == (IMPACT, "issue")
    assert got["Replication not enabled on the bucket"] == ("", "issue")  # still says what the answer lacks
    assert got["The `versioned` flag is deprecated here"] == ("", "issue")
    assert got["The bucket has no versioning."] == ("", "issue")


def test_items_under_expected_how_it_works_and_trade_off_lead_ins_are_not_claims() -> None:
    report = ("## 1. Stacks\n\n**Expected Behavior**:\n\n- No new stack files should be created\n\n"
              "**Why This Works**:\n\n- `TapStackProps` extends `StackProps`\n\n**Trade-offs**:\n\n"
              "- Pros: fewer account-wide side effects\n\n"
              "**Actual**:\n\n- Multiple separate stack files were created\n")
    got = _not_claims(report)
    assert got["No new stack files should be created"] == EXPECTED
    assert got["`TapStackProps` extends `StackProps`"] == REFERENCE
    assert got["Pros: fewer account-wide side effects"] == IMPACT
    assert got["Multiple separate stack files were created"] == ""


def test_a_nil_impact_is_impact_text() -> None:
    items = parse_claims("## Issues\n- No immediate impact (still functional)\n- No security or compliance impact\n"
                         "- No encryption at rest for the bucket\n")
    classify(items)
    assert [c.not_claim for c in items] == [IMPACT, IMPACT, ""]
