"""Verdicts on hand-built evidence: every refutation quotes a line; opinion stays unverifiable."""

from __future__ import annotations

from iacreview.compare import Side
from iacreview.model import Category, Finding, Location, Review, RuleMeta, Severity, SynthOutcome, Target
from iacreview.template.model import Template
from iacreview.verify import Evidence, SourceText, parse_claims
from iacreview.verify.judge import judge_claims

RULES = [
    RuleMeta("SEC001", Category.SECURITY, Severity.HIGH, "S3 public access", "i", "f", Target.TEMPLATE,
             ("public access",)),
    RuleMeta("PERF001", Category.PERFORMANCE, Severity.MEDIUM, "Throttling", "i", "f", Target.TEMPLATE,
             ("throttling",)),
]
STACK = "from aws_cdk import Stack, Tags\n\n\nclass TapStack(Stack):\n    pass\n"
REPORT = """## Issues
- The model forgot to import `Tags`.
- The S3 bucket does not block public access.
- The API Gateway has no throttling.
- The DynamoDB table is not encrypted.
- The table has no global secondary index (GSI).
- The code lacks type annotations and docstrings.
"""


def side(findings: list[Finding], resources: dict[str, dict[str, object]], subject: str) -> Evidence:
    template = Template("S", {"Resources": resources}, "S.template.json", synthesized=True)
    locations = {lid: Location(subject, 10 + i) for i, lid in enumerate(resources)}
    review = Review(subject, SynthOutcome(attempted=True, ok=True, templates=1), tuple(findings))
    source = SourceText("lib/tap_stack.py", STACK, subject, 100)
    return Evidence(Side(review, [template], locations), (source,))


def test_verdicts() -> None:
    bucket_flaw = Finding("SEC001", Category.SECURITY, Severity.HIGH, "t", "no block", Location("M.md", 10),
                          resource="Bucket")
    resources = {"Bucket": {"Type": "AWS::S3::Bucket"}, "Table": {"Type": "AWS::DynamoDB::Table"}}
    candidate = side([bucket_flaw], resources, "M.md")
    ref_resources = {"Bucket": {"Type": "AWS::S3::Bucket"},
                     "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"GlobalSecondaryIndexes": [{}]}}}
    reference = side([], ref_resources, "I.md")
    verdicts = judge_claims(parse_claims(REPORT), candidate, reference, RULES)
    got = [(v.candidate_verdict, v.reference_verdict) for v in verdicts]
    assert got[0][0] == "refuted" and verdicts[0].evidence == [Location("M.md", 100)]  # the Tags import line
    assert got[1] == ("confirmed", "fixed") and verdicts[1].evidence == [Location("M.md", 10)]
    assert got[2][0] == "refuted" and "no" in verdicts[2].reason  # no API Gateway at all
    assert got[3][0] == "refuted" and "encrypts every table" in verdicts[3].reason
    assert got[4] == ("confirmed", "fixed")
    assert got[5][0] == "unverifiable"
    for v in verdicts:
        if v.candidate_verdict == "refuted":
            assert v.evidence, v.claim.text


STYLE_SOURCE = (
    "from aws_cdk import Stack\n\n\n"
    "class TapStack(Stack):\n"
    "  def build(self, a, b, c, d, e, f):\n"
    "    return 'x' * 130  # " + "y" * 100 + "\n"
)
STYLE_REPORT = """## Code quality
- Classes used 2-space indentation instead of Python's standard 4-space.
- Several lines exceed the 120-character limit.
- Several functions take more than 5 positional arguments.
- Some functions take more than 9 positional arguments.
- The code lacks type annotations.
"""


def test_style_claims_are_measured_without_templates() -> None:
    review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
    candidate = Evidence(Side(review, [], {}), (SourceText("lib/tap_stack.py", STYLE_SOURCE, "M.md", 10),))
    verdicts = judge_claims(parse_claims(STYLE_REPORT), candidate, None, RULES)
    assert [v.candidate_verdict for v in verdicts] == ["confirmed", "confirmed", "confirmed", "refuted", "confirmed"]
    assert verdicts[0].evidence[0] == Location("M.md", 14)  # the first line indented by two
    assert verdicts[1].evidence == [Location("M.md", 15)]
    assert all(v.evidence for v in verdicts)


def test_hard_coded_names_name_the_naming_rule() -> None:
    from iacreview.verify.judge import matched_rules

    for text in ("Hardcoded S3 bucket names caused conflicts", "Resource names like the bucket name were hardcoded"):
        assert "DEP040" in matched_rules(parse_claims(f"- {text}\n")[0], []), text
    assert "DEP040" not in matched_rules(parse_claims("- Hardcoded database passwords\n")[0], [])


def test_a_double_quoted_hard_coded_value_is_found_at_its_line() -> None:
    code = "class TapStack(Stack):\n    secret_name = 'a/b'\n    table = Table(self, 'T', table_name=\"tap-trades\")\n"
    review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
    candidate = Evidence(Side(review, [], {}), (SourceText("lib/tap_stack.py", code, "M.md", 20),))
    claims = parse_claims('- Table names were hardcoded as "tap-trades" without a suffix\n')
    verdict = judge_claims(claims, candidate, None, RULES)[0]
    assert verdict.candidate_verdict == "confirmed" and verdict.evidence == [Location("M.md", 22)]


def test_a_feature_is_judged_only_where_the_claim_says_it_is_missing() -> None:
    from iacreview.verify.polarity import Polarity, polarity

    nested = {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {}},
              "Stage": {"Type": "AWS::ApiGateway::Stage", "Properties": {"StageName": "prod"}}}
    traced = {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"TracingConfig": {"Mode": "Active"}}}}
    report = ("## Issues\n- Nested stacks don't have corresponding Props classes\n"
              "- X-Ray tracing is not enabled for Lambda functions or API Gateway.\n"
              "- X-Ray tracing is not enabled.\n"
              "- The model uses extra features (nested stacks) that are not present in the ideal response.\n")
    claims = parse_claims(report)
    assert polarity(claims[3]) is Polarity.NEGATIVE  # the absence is the reference's
    verdicts = judge_claims(claims, side([], {**nested, **traced}, "M.md"), None, RULES)
    got = [v.candidate_verdict for v in verdicts]
    assert got[0] == "unverifiable"  # the nested stack is what lacks something, not what is missing
    assert got[1] == "unverifiable"  # the function has tracing; the API half is not shown
    assert got[2] == "refuted" and verdicts[2].evidence == [Location("M.md", 12)]


def test_a_partial_template_shows_what_it_has() -> None:
    traced = {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"TracingConfig": {"Mode": "Active"}}}}
    candidate = side([], traced, "M.md")
    partial = Evidence(Side(Review("M.md", SynthOutcome(attempted=True, ok=False, templates=1, partial=True), ()),
                            candidate.side.templates, candidate.side.resource_locations), candidate.sources)
    assert not partial.has_templates
    verdicts = judge_claims(parse_claims("## Issues\n- X-Ray tracing is not enabled.\n"), partial, None, RULES)
    assert verdicts[0].candidate_verdict == "refuted" and verdicts[0].evidence == [Location("M.md", 10)]


def test_a_failing_deployment_named_only_as_a_consequence_does_not_name_the_synth_rule() -> None:
    from iacreview.verify.judge import matched_rules

    consequence, cause = parse_claims("## Issues\n- The key policy omits CloudTrail, leading to deployment failures.\n"
                                      "- Deployment fails because of the key policy.\n")
    assert "DEP001" not in matched_rules(consequence, [])
    assert "DEP001" in matched_rules(cause, [])


def test_cloudfront_features_are_read_in_the_distribution() -> None:
    distribution = {"Cdn": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {
        "DefaultCacheBehavior": {"Compress": True}}}}}
    report = ("## Strengths\n- ✅ Gzip/Brotli compression enabled\n- ✅ CloudFront access logs to S3\n"
              "- ✅ Origin Access Control (OAC) for S3 access\n")
    verdicts = judge_claims(parse_claims(report), side([], distribution, "M.md"), None, RULES)
    assert [v.candidate_verdict for v in verdicts] == ["confirmed", "refuted", "refuted"]
    assert verdicts[1].evidence == [Location("M.md", 10)]  # the distribution that has no logging


def test_without_a_template_names_that_all_carry_the_suffix_refute_a_naming_claim() -> None:
    rules = [RuleMeta("DEP040", Category.DEPLOYMENT, Severity.HIGH, "Fixed names", "i", "f", Target.TEMPLATE, ())]
    code = ("class TapStack(Stack):\n    def __init__(self, scope, cid, props):\n"
            "        s3.Bucket(self, 'B', bucket_name=f'logs-{props.environment_suffix}')\n"
            "        dynamodb.Table(self, 'T', table_name=f'orders-{suffix}')\n")
    fixed = code.replace("f'orders-{suffix}'", "'orders'")
    report = "## Issues\n- Resources named without environment suffix\n- Missing environment suffix output\n"

    def bare(text: str) -> Evidence:
        review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
        return Evidence(Side(review, []), (SourceText("lib/tap_stack.py", text, "M.md", 1),))

    suffixed = judge_claims(parse_claims(report), bare(code), None, rules)
    assert suffixed[0].candidate_verdict == "refuted" and suffixed[0].evidence == [Location("M.md", 3),
                                                                                   Location("M.md", 4)]
    assert suffixed[1].candidate_verdict == "unverifiable"  # outputs, not resource names
    literal = judge_claims(parse_claims(report), bare(fixed), None, rules)
    assert literal[0].candidate_verdict == "confirmed" and literal[0].evidence == [Location("M.md", 4)]


def test_praise_that_a_feature_works_is_refuted_by_a_high_finding_about_that_feature() -> None:
    rules = [RuleMeta("DEP048", Category.DEPLOYMENT, Severity.HIGH, "S3 replication role without the replication "
                      "actions", "i", "f", Target.TEMPLATE, ("replication permissions",))]
    resources = {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {
        "VersioningConfiguration": {"Status": "Enabled"},
        "ReplicationConfiguration": {"Rules": [{"Destination": {"ReplicationTime": {"Status": "Enabled"}}}]}}}}
    replication = Finding("DEP048", Category.DEPLOYMENT, Severity.HIGH, rules[0].title, "cannot replicate",
                          Location("M.md", 10), resource="Bucket")
    report = ("## Strengths\n- Correct replication configuration with RTC ✅\n- RTC enabled (15-minute SLA) ✅\n"
              "- Bucket versioning configured correctly ✅\n")
    broken = judge_claims(parse_claims(report), side([replication], resources, "M.md"), None, rules)
    assert [v.candidate_verdict for v in broken] == ["refuted", "confirmed", "confirmed"]
    assert broken[0].evidence == [Location("M.md", 10)] and "DEP048" in broken[0].reason
    assert broken[0].rule_ids == ["DEP048"]
    # the same praise where nothing is wrong with replication: confirmed at the bucket
    working = judge_claims(parse_claims(report), side([], resources, "M.md"), None, rules)
    assert [v.candidate_verdict for v in working] == ["confirmed", "confirmed", "confirmed"]


def test_a_nested_stack_with_an_empty_template_does_not_count_as_nesting() -> None:
    resources = {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {}}}
    report = "## Strengths\n- Nested stack architecture ✅\n"
    candidate = side([], resources, "M.md")
    assert judge_claims(parse_claims(report), candidate, None, RULES)[0].candidate_verdict == "confirmed"
    candidate.side.templates[0].nested_resource_counts = {"Child": 0}
    verdict = judge_claims(parse_claims(report), candidate, None, RULES)[0]
    assert verdict.candidate_verdict == "refuted" and verdict.evidence == [Location("M.md", 10)]
    assert "no resources" in verdict.reason


def test_items_of_a_list_introduced_as_praise_praise_the_answer() -> None:
    from iacreview.verify.polarity import Polarity, polarity

    report = ("## Explanation\n\nThe goal is initial code. The MODEL_RESPONSE successfully generated:\n\n"
              "- Least privilege IAM role\n- Security gaps in the bucket policy\n\n"
              "## Result\n\nThe infrastructure now successfully deploys with:\n\n- Secure networking\n\n"
              "## Issues\n\n- Least privilege IAM role\n")
    praised, gap, after_fixes, plain = parse_claims(report)
    assert polarity(praised) is Polarity.POSITIVE
    assert polarity(gap) is Polarity.NEGATIVE  # the item itself names a flaw
    assert polarity(after_fixes) is Polarity.NEGATIVE  # praise of the corrected answer, not of this one
    assert polarity(plain) is Polarity.NEGATIVE


def test_a_qualified_fix_is_not_refuted_by_the_mere_presence_or_a_silent_rule() -> None:
    rules = [RuleMeta("BP033", Category.BEST_PRACTICE, Severity.MEDIUM, "No alarms", "i", "f", Target.TEMPLATE, ()),
             RuleMeta("SEC003", Category.SECURITY, Severity.HIGH, "Wildcard action", "i", "f", Target.TEMPLATE, ()),
             RuleMeta("SEC004", Category.SECURITY, Severity.HIGH, "Wildcard resource", "i", "f", Target.TEMPLATE,
                      ())]
    resources = {"Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {}},
                 "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {}},
                 "Policy": {"Type": "AWS::IAM::Policy", "Properties": {}}}
    report = ("## Fixes\n\n### 1. Monitoring\n\n**Issue**: Monitoring gaps\n**Fix**:\n\n"
              "- Added comprehensive dashboard with key metrics\n"
              "- Added a CloudWatch dashboard\n"
              "- Implemented critical alarms for queue depth, error rates, and performance\n"
              "- Added dashboard URL output\n"
              "\n## Issues\n\n- Overly permissive IAM policies\n- IAM policies use wildcard actions\n")
    claims = [c for c in parse_claims(report) if c.kind == "fix" or c.section.endswith("Issues")]
    assert [c.kind for c in claims[:4]] == ["fix"] * 4
    verdicts = judge_claims(claims, side([], resources, "M.md"), None, rules)
    got = [v.candidate_verdict for v in verdicts]
    assert got[0] == "unverifiable"  # a dashboard, but whether it has the key metrics is not shown
    assert got[1] == "refuted" and verdicts[1].evidence == [Location("M.md", 10)]
    assert got[2] == "unverifiable"  # some alarm exists; the ones named are not checked
    assert got[3] == "confirmed" and verdicts[3].check == "outputs"  # an output, not the dashboard
    assert got[4] == "unverifiable"  # no wildcard, but "overly permissive" is more than wildcards
    assert got[5] == "refuted"  # the wildcard rules check exactly this
    key = {"Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": True}}}
    rotation = judge_claims(parse_claims("## Issues\n- No KMS key rotation\n"), side([], key, "M.md"), None, rules)
    assert rotation[0].candidate_verdict == "refuted"  # "key" names the resource here, not a quality


def test_structured_logging_is_read_from_the_handler_code() -> None:
    def handler_side(code: str) -> Evidence:
        review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
        return Evidence(Side(review, [], {}), (SourceText("lib/tap_stack.py", STACK, "M.md", 1),
                                               SourceText("lambda/handler.py", code, "M.md", 30)))

    claims = parse_claims("## Issues\n- No structured logging or correlation IDs for Lambda functions.\n")
    powertools = "import os\nfrom aws_lambda_powertools import Logger\nlogger = Logger()\n"
    refuted = judge_claims(claims, handler_side(powertools), None, RULES)[0]
    assert refuted.candidate_verdict == "refuted" and refuted.evidence == [Location("M.md", 31)]
    plain = "import logging\nlogger = logging.getLogger()\nlogger.info('done %s', key)\n"
    confirmed = judge_claims(claims, handler_side(plain), None, RULES)[0]
    assert confirmed.candidate_verdict == "confirmed" and confirmed.evidence == [Location("M.md", 4)]  # the stack
    as_json = "import json\nprint(json.dumps({'level': 'INFO', 'message': 'done'}))\n"
    assert judge_claims(claims, handler_side(as_json), None, RULES)[0].candidate_verdict == "refuted"


def test_the_feature_a_claim_names_first_decides_it() -> None:
    from iacreview.verify.features import matching_features
    from iacreview.verify.polarity import Polarity, polarity

    text = "The answer does not differentiate between `dev` and `prod` for settings like S3 versioning."
    claim = parse_claims(f"## Issues\n- {text}\n")[0]
    assert polarity(claim) is Polarity.ABSENT
    assert [f["words"] for f in matching_features(text)][:2] == [
        "configuration that differs between environments", "bucket versioning"]
    review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
    branching = STACK + "        policy = RETAIN if env_name == 'prod' else DESTROY\n"
    side_with = Evidence(Side(review, [], {}), (SourceText("lib/tap_stack.py", branching, "M.md", 1),))
    verdict = judge_claims([claim], side_with, None, RULES)[0]
    assert verdict.candidate_verdict == "refuted" and verdict.evidence == [Location("M.md", 6)]
    side_without = Evidence(Side(review, [], {}), (SourceText("lib/tap_stack.py", STACK, "M.md", 1),))
    assert judge_claims([claim], side_without, None, RULES)[0].candidate_verdict == "confirmed"


def test_the_thing_that_lacks_something_is_read_in_the_first_sentence() -> None:
    key = {"Key": {"Type": "AWS::KMS::Key", "Properties": {}}}
    report = ("## Issues\n- The CloudWatch Logs KMS key was created without a resource policy allowing the service "
              "to use it. This caused deployment failure with error: \"The specified KMS key does not exist\"\n")
    verdict = judge_claims(parse_claims(report), side([], key, "M.md"), None, RULES)[0]
    assert verdict.candidate_verdict == "unverifiable"  # the key is what lacks a policy, not what is missing


def test_a_qualified_fix_the_corrected_answer_did_not_make_is_refuted() -> None:
    board = {"Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody": "{\"widgets\": [1]}"}}}
    richer = {"Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody": "{\"widgets\": [1, 2]}"}}}
    report = ("## Fixes\n\n### 1. Monitoring\n\n**Issue**: Monitoring gaps\n**Fix**:\n\n"
              "- Added comprehensive dashboard with key metrics\n")
    claims = [c for c in parse_claims(report) if c.kind == "fix"]
    candidate = side([], board, "M.md")
    same = judge_claims(claims, candidate, side([], board, "I.md"), RULES)[0]
    assert same.candidate_verdict == "refuted" and same.evidence == [Location("M.md", 10)]
    assert "corrected answer" in same.reason
    assert judge_claims(claims, candidate, side([], richer, "I.md"), RULES)[0].candidate_verdict == "unverifiable"


def test_proper_qualifies_nothing() -> None:
    table = {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TimeToLiveSpecification": {"Enabled": True}}}}
    report = ("## Fixes\n\n### 1. Table\n\n**Issue**: Table gaps\n**Fix**:\n\n"
              "- Added proper TTL configuration for automatic data cleanup\n")
    claims = [c for c in parse_claims(report) if c.kind == "fix"]
    verdict = judge_claims(claims, side([], table, "M.md"), None, RULES)[0]
    assert verdict.candidate_verdict == "refuted" and verdict.evidence == [Location("M.md", 10)]


def test_the_same_statements_in_both_answers_are_recognised_whatever_their_lines() -> None:
    from iacreview.verify.features import same_code_as_reference

    def code_side(text: str, first: int) -> Evidence:
        review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
        return Evidence(Side(review, [], {}), (SourceText("lib/tap_stack.py", text, "M.md", first),))

    table = ("class TapStack(Stack):\n    def __init__(self):\n"
             "        t = Table(self, 'T',\n            time_to_live_attribute='expires_at',  # ttl\n        )\n")
    moved = "\n\n" + table.replace("  # ttl", "")
    changed = table.replace("expires_at", "ttl")
    patterns = [r"time_to_live_attribute\s*="]
    assert same_code_as_reference(code_side(table, 1), code_side(moved, 50), patterns) == [Location("M.md", 4)]
    assert same_code_as_reference(code_side(table, 1), code_side(changed, 1), patterns) == []
    assert same_code_as_reference(code_side(table, 1), None, patterns) == []


def test_a_count_qualifies_a_fix_and_a_severity_cell_does_not() -> None:
    from iacreview.verify.judge import _qualified

    (count,) = [c for c in parse_claims("## Fixes\n\n### 1. Table\n\n**Issue**: Index gaps\n**Fix**:\n\n"
                                         "- Add four GSIs per table\n") if c.kind == "fix"]
    assert _qualified(count)
    from iacreview.verify.claims import Claim

    assert not _qualified(Claim("Missing KMS key rotation — Critical — Security", 3, row=True))


def test_key_policy_claims_about_cloudwatch_logs_name_dep050() -> None:
    from iacreview.verify.judge import matched_rules

    for text in ("The KMS key was created without granting the CloudWatch Logs service permission to use it",
                 "Missing KMS key policy requirements for CloudWatch Logs",
                 "CloudWatch Logs KMS permission issue (missing service principal in key policy)"):
        assert "DEP050" in matched_rules(parse_claims(f"## Issues\n- {text}\n")[0], []), text
    assert "DEP050" not in matched_rules(parse_claims("## Issues\n- The KMS key has no rotation\n")[0], [])
    trail = "The KMS key policy did not grant CloudTrail permission to encrypt the trail logs"
    assert "DEP051" in matched_rules(parse_claims(f"## Issues\n- {trail}\n")[0], [])


def test_cloudfront_log_acl_claims_name_dep052() -> None:
    from iacreview.verify.judge import matched_rules

    text = "The S3 bucket for CloudFront logs needs to have ACLs enabled"
    assert "DEP052" in matched_rules(parse_claims(f"## Issues\n- {text}\n")[0], [])
    assert "DEP052" not in matched_rules(parse_claims("## Issues\n- The bucket has no versioning\n")[0], [])
