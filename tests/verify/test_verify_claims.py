"""The claim parser on the report shapes found in practice (fixtures written for these tests)."""

from __future__ import annotations

from iacreview.model import Category
from iacreview.verify.claims import parse_claims

FIVE_PART = """# Model Failures

## 1. Syntax Issues

### Problem:
- **Missing Imports**: The answer does not import `Tags`.
- **Incorrect Calls**: Some calls are wrong. For example:
  - The `versoned` keyword on the bucket is misspelled.

### Fix:
- Import everything.

## 3. Security Concerns

### 3.1 Open Bucket
- **Issue**: The S3 bucket does not block public access.
  - **Impact**: Data may leak.
  - **Fix**: Set `block_public_access`.

## Summary of Fixes

| Category | Issue | Fix |
|---|---|---|
| Security | Open bucket | Block it |
"""

SEVERITY_TABLE = """# Failures

## Critical

| Issue | Where |
|---|---|
| Lambda uses a reserved variable `AWS_REGION` | stack |

**Problem**: The API Gateway stage has no throttling.
"""


def test_five_part_template() -> None:
    claims = parse_claims(FIVE_PART)
    texts = [c.text for c in claims]
    assert any("import `Tags`" in t for t in texts)
    nested = next(c for c in claims if "versoned" in c.text)
    assert nested.parent is not None and "Incorrect Calls" in claims[nested.parent].text
    bucket = next(c for c in claims if "block public access" in c.text)
    assert bucket.category is Category.SECURITY
    assert bucket.fix.startswith("Set") and bucket.impact == "Data may leak."
    assert bucket.line == FIVE_PART.splitlines().index("- **Issue**: The S3 bucket does not block public access.") + 1
    assert not any(t == "Import everything" for t in texts)  # fix sections are not claims
    assert not any("Open bucket" in t for t in texts)  # summary tables repeat the sections


def test_severity_buckets_tables_and_problem_paragraphs() -> None:
    claims = parse_claims(SEVERITY_TABLE)
    assert [c.line for c in claims] == [7, 9]
    assert "AWS_REGION" in claims[0].text
    assert claims[1].text.startswith("The API Gateway stage")


HEADINGS_AND_FIXES = """# Analysis

#### **Problem: Hardcoded Resource Names**

- **Original Code**: `table_name="files"`
- **Risk**: Conflicts between deployments

### 2. Queue

**Issue**: Suboptimal queue configuration
**Fix**:

- Configured a dead letter queue with 3 retries
- Added long polling

## Strengths
- Database in private subnets ✓
- environmentSuffix is used in all names ✅
"""


def test_problem_headings_inline_fix_labels_and_fix_lists() -> None:
    from iacreview.verify.polarity import Polarity, polarity

    claims = parse_claims(HEADINGS_AND_FIXES)
    lines = HEADINGS_AND_FIXES.splitlines()
    heading = claims[0]
    assert heading.text == "Hardcoded Resource Names" and heading.line == 3
    assert 'table_name="files"' in heading.details and heading.impact == "Conflicts between deployments"
    issue = next(c for c in claims if c.text.startswith("Suboptimal"))
    assert issue.line == lines.index("**Issue**: Suboptimal queue configuration") + 1 and "Fix" not in issue.text
    fixes = [c for c in claims if c.kind == "fix"]
    assert [c.text for c in fixes] == ["Configured a dead letter queue with 3 retries", "Added long polling"]
    assert all(polarity(c) is Polarity.ABSENT for c in fixes)  # "added X" claims the answer lacked X
    praise = claims[-1]
    assert praise.kind == "issue" and polarity(praise) is Polarity.POSITIVE
    assert polarity(claims[-2]) is Polarity.POSITIVE  # a check mark praises too
    assert issue.labelled and not praise.labelled
