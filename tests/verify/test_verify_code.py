"""Claims that quote code: a replacement is read on each side on its own; an absence by the names the code writes."""

from __future__ import annotations

from typing import Any

from iacreview.compare import Side
from iacreview.model import Finding, Location, Review, SynthOutcome
from iacreview.template.model import Template
from iacreview.verify import Evidence, SourceText, parse_claims
from iacreview.verify.code_claims import judge_absence, judge_replacement
from iacreview.verify.judge import judge_claims

CANDIDATE = (
    "class TapStack(Stack):\n"
    "    def __init__(self, scope, construct_id, **kwargs):\n"
    "        group = ec2.SecurityGroup(self, 'Sg', vpc=vpc)\n"
    "        check = autoscaling.HealthCheck.elb(grace_period=Duration.minutes(5))\n"
    "        api = apigw.RestApi(self, 'Api', deploy_options={'stage_name': 'prod'})\n"
    "        bucket.grant_read(fn)\n"
)
REFERENCE = (
    "class TapStack(Stack):\n"
    "    def __init__(self, scope, construct_id, **kwargs):\n"
    "        vpc = ec2.Vpc(self, 'Vpc', restrict_default_security_group=True)\n"
    "        check = autoscaling.HealthCheck.elb(grace=Duration.minutes(5))\n"
    "        api = apigw.RestApi(self, 'Api', deploy_options=apigw.StageOptions(stage_name='prod'))\n"
    "        bucket.grant_read(fn)\n"
)


def _side(code: str, origin: str, resources: dict[str, Any] | None = None,
          findings: tuple[Finding, ...] = ()) -> Evidence:
    templates = [Template("S", {"Resources": resources}, "S.template.json", synthesized=True)] if resources else []
    locations = {lid: Location(origin, 40 + i) for i, lid in enumerate(resources or {})}
    review = Review(origin, SynthOutcome(attempted=True, ok=True, templates=len(templates)), findings)
    return Evidence(Side(review, templates, locations, Location(origin, 1)), (SourceText("lib/s.py", code, origin, 1),))


def test_a_replacement_is_confirmed_where_the_answer_writes_the_old_name() -> None:
    candidate = _side(CANDIDATE, "M.md")
    found = judge_replacement("Changed `grace_period=` to `grace=` in HealthCheck.elb()", candidate, fix=True)
    assert found is not None and found.holds and found.evidence == [Location("M.md", 4)]
    reference = judge_replacement("Changed `grace_period=` to `grace=` in HealthCheck.elb()",
                                  _side(REFERENCE, "I.md"), fix=True)
    assert reference is not None and not reference.holds and reference.evidence == [Location("I.md", 4)]


def test_a_replacement_the_answer_never_wrote_is_refuted_at_the_name_it_wrote() -> None:
    reference_as_candidate = _side(REFERENCE, "M.md")
    found = judge_replacement("The model uses `grace_period=` while the ideal uses `grace=`", reference_as_candidate,
                              fix=False)
    assert found is not None and not found.holds and found.evidence == [Location("M.md", 4)]
    # Instead of: the first quote is what the answer wrote in a claim, what the fix wrote in a fix item.
    claim = "Deploy options use a dictionary instead of `apigateway.StageOptions`"
    assert judge_replacement(claim, _side(CANDIDATE, "M.md"), fix=False) is None  # one quote: no shape
    fix_item = "Used `apigateway.StageOptions` instead of `deploy_options={`"
    found = judge_replacement(fix_item, _side(CANDIDATE, "M.md"), fix=True)
    assert found is not None and found.holds and found.evidence == [Location("M.md", 5)]
    fixed = judge_replacement(fix_item, _side(REFERENCE, "I.md"), fix=True)
    assert fixed is not None and not fixed.holds and fixed.evidence == [Location("I.md", 5)]


def test_a_side_that_writes_both_names_or_neither_decides_nothing() -> None:
    both = _side(CANDIDATE + "        x = HealthCheck.elb(grace=Duration.minutes(1))\n", "M.md")
    assert judge_replacement("Changed `grace_period=` to `grace=`", both, fix=True) is None
    assert judge_replacement("Changed `max_azs=` to `availability_zones=`", _side(CANDIDATE, "M.md"), True) is None
    # A word in backticks is not code: nothing is read.
    assert judge_replacement("Uses `Lambda` instead of `Fargate`", _side(CANDIDATE, "M.md"), fix=False) is None


def test_an_absence_is_confirmed_when_no_line_writes_the_name_and_refuted_where_one_does() -> None:
    text = "The VPC does not include the `restrict_default_security_group` parameter."
    found = judge_absence(text, _side(CANDIDATE, "M.md"), None, fix=False)
    assert found is not None and found.holds and found.evidence == [Location("M.md", 1)]
    written = judge_absence(text, _side(REFERENCE, "I.md"), None, fix=False)
    assert written is not None and not written.holds and written.evidence == [Location("I.md", 3)]
    # A fix item "Added `x`" says the answer lacked it.
    added = judge_absence("Added `restrict_default_security_group=True` to the VPC", _side(CANDIDATE, "M.md"), None,
                          fix=True)
    assert added is not None and added.holds


def test_an_absence_narrowed_to_a_place_or_written_more_often_by_the_reference_is_not_refuted() -> None:
    candidate = _side(REFERENCE, "M.md")
    assert judge_absence("Missing `restrict_default_security_group` for the private VPC", candidate, None,
                         fix=False) is None
    more = _side(REFERENCE + "        bucket.grant_read(other)\n", "I.md")
    assert judge_absence("No `grant_read()` call", candidate, more, fix=False) is None
    assert judge_absence("No `grant_read()` call", candidate, candidate, fix=False) is not None


def test_cloudformation_names_need_the_complete_template() -> None:
    no_template = _side(CANDIDATE, "M.md")
    assert judge_absence("Missing `kms:DescribeKey` permission", no_template, None, fix=False) is None
    policy = {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [
        {"Action": ["kms:Describe*", "s3:GetObject"], "Resource": "*"}]}}}
    granted = _side(CANDIDATE, "M.md", {"Policy": policy})
    found = judge_absence("Missing `kms:DescribeKey` permission", granted, None, fix=False)
    assert found is not None and not found.holds and found.evidence == [Location("M.md", 40)]
    lacking = judge_absence("Missing `kms:Decrypt` permission", granted, None, fix=False)
    assert lacking is not None and lacking.holds


def test_a_truncated_answer_shows_no_absence() -> None:
    truncated = Finding("SYN001", "syntax", "critical", "truncated", "cut off", Location("M.md", 6))  # type: ignore
    side = _side(CANDIDATE, "M.md", findings=(truncated,))
    assert judge_absence("Missing `restrict_default_security_group`", side, None, fix=False) is None


def test_judge_splits_the_comparison_into_both_sides() -> None:
    report = "## Issues\n- The model uses `grace_period=` while the ideal uses `grace=`.\n"
    verdicts = judge_claims(parse_claims(report), _side(CANDIDATE, "M.md"), _side(REFERENCE, "I.md"), [])
    assert [(v.candidate_verdict, v.reference_verdict, v.check) for v in verdicts] == [
        ("confirmed", "fixed", "code")]
    assert verdicts[0].evidence == [Location("M.md", 4)] and verdicts[0].reference_evidence == [Location("I.md", 4)]


def test_absences_said_of_an_api_object_or_as_a_condition_are_not_read() -> None:
    candidate = _side(CANDIDATE, "M.md")
    assert judge_absence("Called `.next()`, which creates a `Chain` that does not have the `grant_read()` method",
                         candidate, None, fix=False) is None
    assert judge_absence("Without `grant_read()`, CDK does not add a policy", candidate, None, fix=False) is None
    assert judge_absence("Without `grant_read()` the function cannot read", candidate, None, fix=False) is not None


def test_an_absence_the_reference_does_not_fill_either_is_not_confirmed() -> None:
    text = "Missing `enable_log_file_validation=True`"
    assert judge_absence(text, _side(CANDIDATE, "M.md"), _side(REFERENCE, "I.md"), fix=False) is None
    text = "Missing `restrict_default_security_group`"
    found = judge_absence(text, _side(CANDIDATE, "M.md"), _side(REFERENCE, "I.md"), fix=False)
    assert found is not None and found.holds


def test_a_path_is_not_found_inside_a_longer_path() -> None:
    side = _side("check = elbv2.HealthCheck(path='/health.html')\n", "M.md")
    assert judge_replacement("Uses `/health` instead of `/health.html`", side, fix=False) is not None
    found = judge_replacement("Uses `/health` instead of `/health.html`", side, fix=False)
    assert found is not None and not found.holds


SETTINGS = (
    "asg = autoscaling.AutoScalingGroup(self, 'A', desired_capacity=8, min_capacity=6,\n"
    "    max_capacity=15)\n"
    "tg = elbv2.ApplicationTargetGroup(self, 'T', deregistration_delay=Duration.seconds(30))\n"
    "redis = elasticache.CfnReplicationGroup(self, 'R', num_node_groups=6, cache_node_type='cache.r6g.4xlarge')\n"
    "vpc = ec2.Vpc(self, 'V', enable_dns_hostnames=True, enable_dns_support=False, max_azs=azs)\n"
)


def test_a_setting_is_read_at_the_lines_that_pass_the_keyword() -> None:
    from iacreview.verify.code_claims import judge_setting

    side = _side(SETTINGS, "M.md")
    lacked = judge_setting("Set desired_capacity to 15", side, fix=True)
    assert lacked is not None and lacked.holds and lacked.evidence == [Location("M.md", 1)]
    had = judge_setting("Set max_capacity to 15", side, fix=True)
    assert had is not None and not had.holds and had.evidence == [Location("M.md", 2)]
    delay = judge_setting("Configure deregistration_delay to Duration.seconds(300)", side, fix=True)
    assert delay is not None and delay.holds and delay.evidence == [Location("M.md", 3)]
    wrote = judge_setting("Configured 6 shards (num_node_groups=6) instead of 4", side, fix=False)
    assert wrote is not None and wrote.holds and wrote.evidence == [Location("M.md", 4)]
    node = judge_setting("Change cache_node_type to cache.r6g.4xlarge", side, fix=True)
    assert node is not None and not node.holds


def test_settings_said_as_rules_conditions_absences_or_of_computed_values_decide_nothing() -> None:
    from iacreview.verify.code_claims import judge_setting

    side = _side(SETTINGS, "M.md")
    assert judge_setting("Both `enable_dns_hostnames=True` and `enable_dns_support=True` must be set", side,
                         fix=False) is None
    assert judge_setting("When `num_node_groups=6` is set, CDK shards the cluster", side, fix=False) is None
    assert judge_setting("Missing `num_node_groups=6`", side, fix=False) is None
    assert judge_setting("Set max_azs to 3", side, fix=True) is None  # `azs` is known only at run time
    # Two settings in one claim decide only when both read the same way.
    assert judge_setting("VPC created with `enable_dns_hostnames=False` or `enable_dns_support=False`", side,
                         fix=False) is None
    both = judge_setting("VPC created with `enable_dns_hostnames=False` and `max_capacity=20`", side, fix=False)
    assert both is not None and not both.holds


def test_the_examples_of_an_absence_are_what_is_missing() -> None:
    text = "Several outputs were missing in `MODEL_RESPONSE.md`, such as `restrict_default_security_group`."
    found = judge_absence(text, _side(CANDIDATE, "M.md"), None, fix=False)
    assert found is not None and found.holds
    text = "The answer does not include settings like `restrict_default_security_group`."
    written = judge_absence(text, _side(REFERENCE, "I.md"), None, fix=False)
    assert written is not None and not written.holds and written.evidence == [Location("I.md", 3)]


def test_the_answer_file_name_does_not_end_a_sentence_for_matching() -> None:
    claim = parse_claims("## Issues\n- `MODEL_RESPONSE.md` hardcodes the bucket name.\n")[0]
    assert claim.matching_text == "MODEL_RESPONSE hardcodes the bucket name."


def test_words_that_place_a_claim_in_the_answer_are_not_matched() -> None:
    texts = {"The bucket name in `MODEL_RESPONSE.md` is hardcoded.": "The bucket name is hardcoded.",
             "In the model response, the API has no throttling": "the API has no throttling",
             "The table in the generated code, which is public, fails": "The table, which is public, fails",
             "The generated codebase in the ideal response": "The generated codebase in the ideal response"}
    for text, matched in texts.items():
        assert parse_claims(f"## Issues\n- {text}\n")[0].matching_text == matched, text


def test_unused_variables_and_a_shadowed_id_are_read_from_the_syntax_tree() -> None:
    from iacreview.verify.code_claims import judge_shadowed_id, judge_unused

    code = ("class Web(Stack):\n    def __init__(self, scope, id, **kwargs):\n"
            "        service = ecs.FargateService(self, 'S')\n        listener = alb.add_listener('L')\n"
            "        listener.add_targets('T', targets=[service])\n        unused = sns.Topic(self, 'T')\n")
    side = _side(code, "M.md")
    found = judge_unused("The `unused` variable was assigned but not used after creation.", side)
    assert found is not None and found.holds and found.evidence == [Location("M.md", 6)]
    read = judge_unused("`service` is never used", side)
    assert read is not None and not read.holds and read.evidence == [Location("M.md", 5)]
    assert judge_unused("`missing` is never used", side) is None
    shadowed = judge_shadowed_id("Redefined built-in `id` parameter in stack classes", side)
    assert shadowed is not None and shadowed.holds and shadowed.evidence == [Location("M.md", 2)]
    renamed = judge_shadowed_id("Redefined built-in `id`", _side(code.replace(", id,", ", construct_id,"), "M.md"))
    assert renamed is not None and not renamed.holds


def test_a_quoted_call_matches_the_call_with_its_arguments() -> None:
    from iacreview.verify.quoted_code import judge_quoted

    found = judge_quoted("The stack uses `bucket.grant_read()` for the function.", _side(CANDIDATE, "M.md"))
    assert found is not None and found.holds and found.evidence == [Location("M.md", 6)]


def test_a_package_missing_from_requirements_is_not_read_in_the_python() -> None:
    text = "`MODEL_RESPONSE.md` does not include `restrict_default_security_group` in the Lambda layer."
    assert judge_absence(text, _side(CANDIDATE, "M.md"), None, fix=False) is None
    assert judge_absence("Missing `boto3` in requirements.txt", _side(CANDIDATE, "M.md"), None, fix=False) is None


def test_a_setting_said_of_the_api_is_not_what_the_answer_wrote() -> None:
    from iacreview.verify.code_claims import judge_setting

    side = _side(SETTINGS, "M.md")
    assert judge_setting("Models misunderstand CDK's `num_node_groups=6` behaviour", side, fix=False) is None
    assert judge_setting("The cluster has `num_node_groups=6`", side, fix=False) is not None
