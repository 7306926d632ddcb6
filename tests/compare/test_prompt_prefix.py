"""Prompt prefix: the S3 key prefix a prompt scopes access to, never used by the code (SEC093)."""

from __future__ import annotations

from iacreview.compare.prompt_prefix import prompt_prefix_failures, requested_prefixes
from iacreview.model import Location
from source_support import Source

PROMPT = "The policy uses a Condition that restricts access to only the apps/tap/ prefix and its subpaths."
CODE = '''from aws_cdk import aws_iam as iam

def statements(bucket):
    return [
        iam.PolicyStatement(
            actions=["s3:ListBucket"],
            resources=[bucket.bucket_arn],
            conditions={"StringLike": {"s3:prefix": ["data/*", "logs/*"]}},
        ),
        iam.PolicyStatement(actions=["s3:GetObject"], resources=[f"{bucket.bucket_arn}/data/*"]),
    ]
'''



def test_prefixes_the_prompt_scopes_access_to() -> None:
    assert requested_prefixes(PROMPT) == ["apps/tap/"]
    assert requested_prefixes("Grant read access under the `apps/tap/*` prefix.") == ["apps/tap/"]
    assert requested_prefixes("Trigger the workflow when files land in S3 with prefix 'incoming/'.") == []
    assert requested_prefixes("Restrict access to a prefix such as logs/ for the reader.") == []
    assert requested_prefixes("Read objects from s3://bucket/apps/ with a prefix policy.") == []


def test_an_unused_prefix_is_reported_where_the_code_scopes_keys() -> None:
    (finding,) = prompt_prefix_failures(PROMPT, [Source("lib/stack.py", CODE, 11)])
    assert finding.rule_id == "SEC093" and finding.location == Location("MODEL_RESPONSE.md", 18)
    assert "`apps/tap/`" in finding.message


def test_silent_when_the_code_uses_the_prefix_or_has_no_policy() -> None:
    uses = CODE.replace('"data/*", "logs/*"', '"apps/tap/*"')
    assert prompt_prefix_failures(PROMPT, [Source("lib/stack.py", uses, 11)]) == []
    assert prompt_prefix_failures(PROMPT, [Source("lib/stack.py", "x = 1\n", 11)]) == []
    assert prompt_prefix_failures(PROMPT, []) == []
