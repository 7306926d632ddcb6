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
