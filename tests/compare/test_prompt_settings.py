"""Prompt settings: a feature the prompt names that no candidate resource of its type has (BP092/SEC091)."""

from __future__ import annotations

from typing import Any

from iacreview.compare import Side, compare
from iacreview.compare.matching import ResourceRef
from iacreview.compare.prompt_settings import asked, prompt_setting_failures, settings, values_at
from iacreview.model import Category, Location, Review, SynthOutcome
from iacreview.template.model import Template
from source_support import Source

MODEL = "MODEL_RESPONSE.md"


def ref(logical_id: str, rtype: str, properties: dict[str, Any]) -> ResourceRef:
    return ResourceRef("S", logical_id, rtype, properties, f"S/{logical_id}/Resource")


def setting(words: str) -> Any:
    return next(s for s in settings() if s.words == words)


REPLICATING = {"ReplicationConfiguration": {"Role": "r", "Rules": [
    {"Status": "Enabled", "Destination": {"Bucket": "arn"},
     "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}}}]}}
PROMPT = ("Set up same-region replication between two buckets. Replica modification sync must be enabled, "
          "and delete marker replication too.")


def test_a_named_setting_no_resource_has_is_reported_at_the_resource() -> None:
    found = prompt_setting_failures(PROMPT, [ref("Primary", "AWS::S3::Bucket", REPLICATING),
                                             ref("Replica", "AWS::S3::Bucket", {})],
                                    {"Primary": Location(MODEL, 131)})
    by_words = {f.evidence: (f, props) for f, props in found}
    assert set(by_words) == {"replica modification sync", "delete marker replication"}
    finding, props = by_words["replica modification sync"]
    assert finding.rule_id == "BP092" and finding.resource == "Primary"
    assert finding.location == Location(MODEL, 131) and props == ("ReplicationConfiguration",)
    assert "ReplicaModifications" in finding.message


def test_the_finding_points_at_the_line_that_writes_the_settings_parent() -> None:
    code = ("        config = s3.CfnBucket.ReplicationConfigurationProperty(\n"
            "            role=role.role_arn, rules=[rule])\n"
            "        cfn_bucket.replication_configuration = config\n")
    resources = [ref("Primary", "AWS::S3::Bucket", REPLICATING)]
    found = prompt_setting_failures(PROMPT, resources, {"Primary": Location(MODEL, 78)}, [Source("s.py", code, 120)])
    assert {f.location for f, _ in found} == {Location(MODEL, 120)}  # the Property( line, not the assignment
    override = "        cfn_bucket.add_property_override('ReplicationConfiguration', {...})\n"
    found = prompt_setting_failures(PROMPT, resources, {"Primary": Location(MODEL, 78)}, [Source("s.py", override, 9)])
    assert {f.location for f, _ in found} == {Location(MODEL, 9)}
    # written at two places of the same kind, or nowhere: the resource's line
    twice = code + "        other = s3.CfnBucket.ReplicationConfigurationProperty(role=r, rules=[])\n"
    for sources in ([Source("s.py", twice, 120)], []):
        found = prompt_setting_failures(PROMPT, resources, {"Primary": Location(MODEL, 78)}, sources)
        assert {f.location for f, _ in found} == {Location(MODEL, 78)}


def test_a_resource_with_the_setting_or_a_softened_ask_is_silent() -> None:
    rules = REPLICATING["ReplicationConfiguration"]["Rules"][0]
    done = {"ReplicationConfiguration": {"Rules": [{**rules, "SourceSelectionCriteria": {
        "ReplicaModifications": {"Status": "Enabled"}}, "DeleteMarkerReplication": {"Status": "Enabled"}}]}}
    assert prompt_setting_failures(PROMPT, [ref("Primary", "AWS::S3::Bucket", done)], {}) == []
    softened = "Replica modification sync is optional. Do not enable delete marker replication."
    assert prompt_setting_failures(softened, [ref("Primary", "AWS::S3::Bucket", REPLICATING)], {}) == []


def test_holder_context_and_values() -> None:
    # a bucket that does not replicate cannot lack replica modification sync
    assert prompt_setting_failures(PROMPT, [ref("Plain", "AWS::S3::Bucket", {})], {}) == []
    versioning = setting("bucket versioning")
    assert asked(versioning, "Enable versioning on the S3 bucket.")
    assert not asked(versioning, "Use API versioning for the endpoints.")  # no bucket in the sentence
    suspended = ref("B", "AWS::S3::Bucket", {"VersioningConfiguration": {"Status": "Suspended"}})
    (finding, _), = prompt_setting_failures("Enable versioning on the S3 bucket.", [suspended], {})
    assert finding.resource == "B"
    tracing = setting("X-Ray tracing on the Lambda functions")
    passthrough = ref("Fn", "AWS::Lambda::Function", {"TracingConfig": {"Mode": "PassThrough"}})
    active = ref("Fn2", "AWS::Lambda::Function", {"TracingConfig": {"Mode": "Active"}})
    prompt = "Enable X-Ray tracing for every Lambda function."
    assert asked(tracing, prompt)
    assert [f.resource for f, _ in prompt_setting_failures(prompt, [passthrough], {})] == ["Fn"]
    assert prompt_setting_failures(prompt, [passthrough, active], {}) == []


def test_a_setting_decided_at_deploy_time_or_made_moot_is_not_reported() -> None:
    conditional = ref("T", "AWS::DynamoDB::Table", {"PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": {"Fn::If": ["IsProd", True, False]}}})
    assert prompt_setting_failures("Turn on point-in-time recovery.", [conditional], {}) == []
    cluster = [ref("Db", "AWS::RDS::DBInstance", {}), ref("Cluster", "AWS::RDS::DBCluster", {})]
    assert prompt_setting_failures("The RDS database must be Multi-AZ.", cluster, {}) == []
    (finding, _), = prompt_setting_failures("The RDS database must be Multi-AZ.", cluster[:1], {})
    assert finding.resource == "Db"


def test_a_requested_type_written_as_another_is_reported_on_the_replacement() -> None:
    prompt = "Attach a customer managed policy granting s3:GetObject to the role."
    inline = [ref("Role", "AWS::IAM::Role", {}), ref("ReadPolicy", "AWS::IAM::Policy", {})]
    (finding, _), = prompt_setting_failures(prompt, inline, {"ReadPolicy": Location(MODEL, 191)})
    assert finding.rule_id == "SEC091" and finding.category is Category.SECURITY
    assert finding.location == Location(MODEL, 191) and "AWS::IAM::ManagedPolicy" in finding.message
    managed = [*inline, ref("Managed", "AWS::IAM::ManagedPolicy", {})]
    assert prompt_setting_failures(prompt, managed, {}) == []


def test_values_at_walks_lists_as_any_item() -> None:
    data = {"Rules": [{"A": {"S": "x"}}, {"A": {"S": "y"}}, {"B": 1}]}
    assert list(values_at(data, "Rules.A.S")) == ["x", "y"]
    assert list(values_at(data, "Rules.C")) == []


def test_compare_writes_the_setting_under_a_prompt_item() -> None:
    synth = SynthOutcome(attempted=True, ok=True, error=None, error_class=None)
    cand_t = Template(name="S", body={"Resources": {"Primary": {"Type": "AWS::S3::Bucket", "Properties": REPLICATING}}},
                      path="S.template.json", synthesized=True, construct_paths={"Primary": "S/Primary/Resource"})
    ref_t = Template(name="S", body={"Resources": {"Main": {"Type": "AWS::S3::Bucket", "Properties": REPLICATING}}},
                     path="S.template.json", synthesized=True, construct_paths={"Main": "S/Main/Resource"})
    cand = Side(Review(MODEL, synth, ()), [cand_t], {"Primary": Location(MODEL, 120)})
    reference = Side(Review("IDEAL_RESPONSE.md", synth, ()), [ref_t])
    result = compare(cand, reference, prompt=PROMPT)
    prompt_items = [f for f in result.failures if f.kind == "prompt"]
    assert {f.finding.rule_id for f in prompt_items} == {"BP092"}
    assert {f.finding.location for f in prompt_items} == {Location(MODEL, 120)}
    assert compare(cand, reference, prompt="Set up replication between two buckets.").failures == ()


def test_phrases_that_name_something_else_in_the_sentence_do_not_ask() -> None:
    rotation = setting("KMS key rotation")
    assert asked(rotation, "Enable automatic key rotation for the KMS key.")
    assert not asked(rotation, "Rotate IAM access keys every 90 days.")
    ttl = setting("a DynamoDB TTL attribute")
    assert asked(ttl, "Use a DynamoDB TTL attribute to expire old sessions.")
    assert not asked(ttl, "Set the CloudFront TTL for cached items to one day.")


def test_a_replacement_a_repair_took_out_of_the_template_is_read_from_the_code() -> None:
    prompt = "Attach a customer managed policy that grants s3:GetObject."
    code = "        statement = iam.PolicyStatement(actions=['s3:GetObject'])\n        policy = iam.Policy(self, 'P')\n"
    (finding, types), = prompt_setting_failures(prompt, [ref("Role", "AWS::IAM::Role", {})], {},
                                                [Source("s.py", code, 40)])
    assert finding.rule_id == "SEC091" and finding.location == Location(MODEL, 41) and "`Policy`" in finding.message
    assert types == ("AWS::IAM::ManagedPolicy",)
    managed = code + "        managed = iam.ManagedPolicy(self, 'M')\n"
    assert prompt_setting_failures(prompt, [ref("Role", "AWS::IAM::Role", {})], {}, [Source("s.py", managed)]) == []
