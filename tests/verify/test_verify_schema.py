"""Claims that a resource kind or a setting is missing, read through CloudFormation's own type and property names."""

from __future__ import annotations

from iacreview.compare import Side
from iacreview.model import Location, Review, SynthOutcome
from iacreview.template.model import Template
from iacreview.verify import Evidence, SourceText
from iacreview.verify.schema_claims import judge_schema, missing_thing
from iacreview.verify.schema_words import schema_index, words

STACK = (
    "from aws_cdk import Stack, aws_ec2 as ec2, aws_sqs as sqs\n\n\n"
    "class TapStack(Stack):\n"
    "    def __init__(self, scope, cid):\n"
    "        super().__init__(scope, cid)\n"
    "        ec2.InterfaceVpcEndpoint(self, 'Endpoint', vpc=vpc, service=svc)\n"
    "        sqs.Queue(self, 'Jobs', message_retention_period=Duration.days(4))\n"
)


def evidence(resources: dict[str, dict[str, object]], *, ok: bool = True) -> Evidence:
    templates = [Template("S", {"Resources": resources}, "S.template.json", synthesized=True)] if ok else []
    locations = {lid: Location("M.md", 20 + i) for i, lid in enumerate(resources)}
    review = Review("M.md", SynthOutcome(attempted=True, ok=ok, templates=len(templates)), ())
    return Evidence(Side(review, templates, locations, Location("M.md", 3)),
                    (SourceText("lib/tap_stack.py", STACK, "M.md", 1),))


def test_names_split_into_words_and_are_found_in_the_index() -> None:
    assert words("DBSubnetGroup") == "db subnet group"
    assert words("KmsMasterKeyId") == "kms master key id"
    index = schema_index()
    assert "AWS::EC2::VPCEndpoint" in index.types_named("VPC endpoints")
    assert "AWS::RDS::DBSubnetGroup" in index.types_named("subnet groups")
    assert {n.prop for n in index.properties_named("message retention")} == {"MessageRetentionPeriod"}
    assert index.properties_named("retention") == []  # one vague word names no setting
    assert not index.types_named("security controls")  # an uncommon service, not named by the claim


def test_the_missing_thing_is_read_only_from_plain_absence_claims() -> None:
    assert missing_thing("No VPC endpoints") == "VPC endpoints"
    assert missing_thing("Missing S3 Object Lock for WORM compliance") == "S3 Object Lock"
    assert missing_thing("No message retention configured") == "message retention"
    assert missing_thing("Versioning is not enabled on the bucket") == "Versioning"
    assert missing_thing("No proper VPC endpoints") is None  # judges quality
    assert missing_thing("No bucket policy to restrict access to the function") is None  # a particular one


def test_a_negated_verb_of_having_mid_sentence_names_the_missing_thing() -> None:
    assert missing_thing("`MODEL_RESPONSE.md` does not include usage plans for API Gateway.") == "usage plans"
    assert missing_thing("The S3 bucket in `MODEL_RESPONSE.md` did not have server-side encryption enabled.") == (
        "server-side encryption")
    assert missing_thing("The S3 bucket does not have lifecycle rules to move objects to Glacier.") is None
    assert missing_thing("The Lambda functions do not use structured logging.") is None  # not a verb of having
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"MessageRetentionPeriod": 60}}
    found = judge_schema("The queue in `MODEL_RESPONSE.md` does not configure message retention.",
                         evidence({"Queue": queue}))
    assert found is not None and not found.holds and found.evidence == [Location("M.md", 20)]


def test_types_and_properties_against_the_template() -> None:
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30}}
    bucket = {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Suspended"}}}
    endpoint = {"Type": "AWS::EC2::VPCEndpoint", "Properties": {}}
    side = evidence({"Queue": queue, "Bucket": bucket, "Endpoint": endpoint})
    no_endpoints = judge_schema("No VPC endpoints", side)
    assert no_endpoints is not None and not no_endpoints.holds and no_endpoints.evidence == [Location("M.md", 22)]
    no_nat = judge_schema("Missing NAT gateways", side)
    assert no_nat is not None and no_nat.holds and no_nat.evidence == [Location("M.md", 3)]
    retention = judge_schema("No message retention configured", side)
    assert retention is not None and retention.holds and retention.evidence == [Location("M.md", 20)]
    versioning = judge_schema("Versioning is not enabled on the bucket", side)
    assert versioning is not None and versioning.holds  # "Suspended" is not enabled
    queue["Properties"]["MessageRetentionPeriod"] = 1209600  # type: ignore[index]
    retention = judge_schema("No message retention configured", side)
    assert retention is not None and not retention.holds


def test_without_a_template_the_python_only_refutes() -> None:
    side = evidence({}, ok=False)
    endpoints = judge_schema("No VPC endpoints", side)
    assert endpoints is not None and not endpoints.holds and endpoints.evidence == [Location("M.md", 7)]
    retention = judge_schema("No message retention configured", side)
    assert retention is not None and not retention.holds and retention.evidence == [Location("M.md", 8)]
    assert judge_schema("Missing NAT gateways", side) is None  # a VPC may make them without a line saying so


def test_one_python_line_does_not_refute_a_claim_about_several_services() -> None:
    code = "fn = lambda_.Function(self, 'F', tracing=lambda_.Tracing.ACTIVE)\n"
    review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
    side = Evidence(Side(review, []), (SourceText("lib/tap_stack.py", code, "M.md", 1),))
    one = judge_schema("Tracing is not enabled for the Lambda functions", side)
    assert one is not None and not one.holds and one.evidence == [Location("M.md", 1)]
    assert judge_schema("Tracing is not enabled for the Lambda functions or API Gateway", side) is None
