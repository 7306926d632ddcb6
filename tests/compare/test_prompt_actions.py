"""Prompt actions: a least-privilege prompt names the IAM actions to grant; the code grants more (SEC092)."""

from __future__ import annotations

from iacreview.compare import Side, compare
from iacreview.compare.prompt_actions import granted_actions, prompt_action_failures, requested_actions
from iacreview.model import Location, Review, SynthOutcome
from source_support import Source

PROMPT = ("The role must attach a policy granting s3:GetObject and s3:ListBucket permissions on the bucket.\n"
          "Security: use least-privilege IAM policies.")
CODE = '''from aws_cdk import aws_iam as iam

statements = [
    iam.PolicyStatement(actions=["s3:ListBucket"], resources=["arn:aws:s3:::b"]),
    iam.PolicyStatement(
        actions=[
            "s3:GetObject",
            "s3:PutObject",
        ],
        resources=["arn:aws:s3:::b/*"],
    ),
    iam.PolicyStatement(effect=iam.Effect.DENY, actions=["s3:DeleteBucket"], resources=["*"]),
    iam.PolicyStatement(principals=[iam.ServicePrincipal("cloudtrail.amazonaws.com")], actions=["s3:PutObject"]),
    iam.PolicyStatement(actions=["kms:Decrypt"], resources=["*"]),
]
extra = iam.PolicyStatement()
extra.add_actions("s3:*")
'''



def test_requested_and_granted_actions() -> None:
    assert requested_actions(PROMPT) == {"s3": {"GetObject", "ListBucket"}}
    assert requested_actions("Read from arn:aws:s3:::bucket/key and s3://bucket/prefix") == {}
    granted = [(g.action, g.line) for g in granted_actions(Source("lib/stack.py", CODE, 101))]
    assert granted == [("s3:ListBucket", 4), ("s3:GetObject", 7), ("s3:PutObject", 8), ("kms:Decrypt", 14),
                       ("s3:*", 17)]  # neither the denied action nor the resource policy's is the role's grant


def test_extra_actions_of_a_named_service_are_one_finding_at_the_first() -> None:
    (finding,) = prompt_action_failures(PROMPT, [Source("lib/stack.py", CODE, 101)])
    assert finding.rule_id == "SEC092" and finding.location == Location("MODEL_RESPONSE.md", 108)
    assert "`s3:PutObject`, `s3:*`" in finding.message and "kms:Decrypt" not in finding.message


def test_silent_without_least_privilege_or_when_the_prompt_covers_the_actions() -> None:
    source = [Source("lib/stack.py", CODE, 101)]
    assert prompt_action_failures(PROMPT.replace("least-privilege", "tight"), source) == []
    covered = PROMPT + " The uploader may use s3:PutObject and s3:*."
    assert prompt_action_failures(covered, source) == []
    wildcard = "Grant s3:Get*, s3:ListBucket, s3:PutObject and s3:* only (least privilege)."
    assert prompt_action_failures(wildcard, source) == []


def test_compare_reports_it_even_when_the_candidate_does_not_synthesize() -> None:
    failed = SynthOutcome(attempted=True, ok=False, error="TypeError: x", error_class="TypeError")
    cand = Side(Review("MODEL_RESPONSE.md", failed, ()), [], sources=(Source("lib/stack.py", CODE, 101),))
    ref = Side(Review("IDEAL_RESPONSE.md", SynthOutcome(attempted=True, ok=True), ()), [])
    items = [f for f in compare(cand, ref, prompt=PROMPT).failures if f.kind == "prompt"]
    assert [f.finding.rule_id for f in items] == ["SEC092"]
    assert all(f.finding.rule_id != "SEC092" for f in compare(cand, ref, prompt=None).failures)
