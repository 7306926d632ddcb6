"""API-existence, region, outputs, tags and synth claims on hand-built evidence: each verdict quotes its line."""

from __future__ import annotations

from iacreview.compare import Side
from iacreview.model import Category, Finding, Location, Review, Severity, SynthOutcome
from iacreview.verify import Evidence, SourceText
from iacreview.verify.api_claims import judge_api_claim
from iacreview.verify.settings_claims import judge_environment, judge_outputs, judge_synth, judge_tags

APP = """from aws_cdk import Stack, CfnOutput, Tags
from aws_cdk import (
    aws_cloudfront as cloudfront,
    aws_rds as rds,
)


class WebStack(Stack):
    def __init__(self, scope, cid, **kwargs):
        super().__init__(scope, cid, **kwargs)
        origin = cloudfront.S3Origin(self.bucket)
        db = rds.DatabaseInstance(self, "Db", deletion_protection=True)
        cpu = self.asg.metric_cpu_utilization()
        region = "eu-west-1"
        CfnOutput(self, "DbHost", value=db.db_instance_endpoint_address)
        Tags.of(self).add("Owner", "platform")
"""
BARE = """import os
from aws_cdk import Stack


class WebStack(Stack):
    def __init__(self, scope, cid, **kwargs):
        super().__init__(scope, cid, **kwargs)
        self.home = os.environ["CDK_DEFAULT_REGION"]
"""


def evidence(text: str, findings: tuple[Finding, ...] = (), synth: SynthOutcome | None = None) -> Evidence:
    review = Review("M.md", synth or SynthOutcome(attempted=True, ok=False, templates=0), findings)
    return Evidence(Side(review, [], {}), (SourceText("lib/web_stack.py", text, "M.md", 100),))


def at(line: int) -> Location:
    return Location("M.md", 99 + line)


def test_api_claims_against_the_index_and_failing_checks() -> None:
    app = evidence(APP)
    missing = judge_api_claim("`cloudfront.S3Origin` does not exist in the cloudfront module", app)
    assert missing is not None and missing.holds and missing.evidence == [at(11)]
    method = judge_api_claim("AutoScalingGroup has no `metric_cpu_utilization()` method", app)
    assert method is not None and method.holds and method.evidence == [at(13)]
    real = judge_api_claim("`rds.DatabaseInstance` has no parameter `deletion_protection`", app)
    assert real is not None and not real.holds and real.evidence == [at(12)]
    # A claim about a value, not a name, is not refuted by the name existing.
    assert judge_api_claim("`deletion_protection` on `rds.DatabaseInstance` has an invalid value", app) is None
    # A name the code never uses decides nothing.
    assert judge_api_claim("`bucket.grant_everything()` is not a valid method", app) is None
    failing = Finding("SYN011", Category.SYNTAX, Severity.CRITICAL, "t",
                      "`deletion_protection` is not a keyword of DatabaseInstance", at(12))
    flagged = judge_api_claim("`deletion_protection` is not a valid parameter", evidence(APP, (failing,)))
    assert flagged is not None and flagged.holds and flagged.evidence == [at(12)]


def test_region_outputs_and_tags() -> None:
    app, bare = evidence(APP), evidence(BARE)
    literal = judge_environment("The region eu-west-1 is hard-coded", app)
    assert literal is not None and literal.holds and literal.evidence == [at(14)]
    taken = judge_environment("The region is hard-coded", bare)
    assert taken is not None and not taken.holds and taken.evidence == [at(8)]
    assert judge_environment("Bucket names are hard-coded", app) is None
    has_outputs = judge_outputs("The stack defines no CloudFormation outputs.", app)
    assert has_outputs is not None and not has_outputs.holds and has_outputs.evidence == [at(15)]
    assert judge_outputs("No outputs for the VPC ID", app) is None  # some outputs in particular
    no_outputs = judge_outputs("Missing stack outputs", bare)
    why = judge_outputs("No stack outputs were defined, making integration testing difficult.", app)
    assert why is not None and not why.holds  # the consequence is not what the claim says is missing
    assert judge_outputs("No mechanism to save outputs to a file for tests", app) is None
    assert no_outputs is not None and no_outputs.holds and no_outputs.evidence == [at(5)]
    tagged = judge_tags("Resources are not tagged", app)
    assert tagged is not None and not tagged.holds and tagged.evidence == [at(16)]
    keys = judge_tags("Resources lack `Project` and `CostCenter` tags", app)
    assert keys is not None and keys.holds
    untagged = judge_tags("No tags on any resource", bare)
    assert untagged is not None and untagged.holds and untagged.evidence == [at(5)]


def test_synth_claims() -> None:
    failed = SynthOutcome(attempted=True, ok=False, error="NameError: name 'x' is not defined", location=at(8))
    confirmed = judge_synth("CDK synthesis failed", evidence(BARE, synth=failed))
    assert confirmed is not None and confirmed.holds and confirmed.evidence == [at(8)]
    assert judge_synth("Synthesis fails because `Tags` is not imported", evidence(BARE, synth=failed)) is None


def test_a_nat_gateway_count_is_read_where_the_answer_sets_it() -> None:
    from iacreview.compare import Side
    from iacreview.model import Location, Review, SynthOutcome
    from iacreview.template.model import Template
    from iacreview.verify import Evidence, SourceText
    from iacreview.verify.settings_claims import judge_nat_count

    def side(code: str, nats: int) -> Evidence:
        resources = {f"Nat{i}": {"Type": "AWS::EC2::NatGateway"} for i in range(nats)}
        template = Template("S", {"Resources": resources}, "S.template.json", synthesized=True)
        review = Review("M.md", SynthOutcome(attempted=True, ok=True, templates=1), ())
        return Evidence(Side(review, [template], {}, Location("M.md", 1)), (SourceText("s.py", code, "M.md", 1),))

    two = side("vpc = ec2.Vpc(self, 'V',\n    nat_gateways=2)\n", 2)
    refuted = judge_nat_count("Only one NAT gateway was used, creating a single point of failure.", two)
    assert refuted is not None and not refuted.holds and refuted.evidence == [Location("M.md", 2)]
    confirmed = judge_nat_count("Uses two NAT gateways", two)
    assert confirmed is not None and confirmed.holds
    assert judge_nat_count("The VPC should use a single NAT gateway", two) is None  # what it should have
    assert judge_nat_count("While the model uses two NAT gateways, the comments are unclear", two) is None
    assert judge_nat_count("Uses a single NAT gateway", side("vpc = ec2.Vpc(self, 'V')\n", 2)) is None  # CDK's count


def test_a_parameter_a_class_does_not_accept_is_a_claim_about_a_name() -> None:
    from iacreview.verify.api_claims import _NAME_EXISTENCE, is_existence_claim

    text = "`cloudtrail.Trail` does not accept `event_rules` parameter"
    assert is_existence_claim(text) and _NAME_EXISTENCE.search(text)
    assert not is_existence_claim("The trail does not accept logs from other accounts")


def test_outputs_named_by_id_the_answer_file_and_a_purpose() -> None:
    app = evidence(APP)
    named = judge_outputs("Missing DbHost output which was needed for testing", app)
    assert named is not None and not named.holds and named.evidence == [at(15)]
    assert judge_outputs("Missing ApiUrl output", app) is None  # no complete template: its absence is not shown
    # Outputs "for integration testing" may be some outputs: defining others does not refute it, none confirms it.
    assert judge_outputs("Missing stack outputs for integration testing", app) is None
    bare = judge_outputs("No CloudFormation outputs for integration with other systems or testing.", evidence(BARE))
    assert bare is not None and bare.holds
    file_name = judge_outputs("`MODEL_RESPONSE.md` does not include CloudFormation outputs.", app)
    assert file_name is not None and not file_name.holds
    assert judge_outputs("`MODEL_RESPONSE.md` does not include outputs for critical resources like `TableArn`.",
                         app) is None  # some outputs in particular
