"""Template rules B (PERF001–PERF006, SEC050, BP030–BP034) on small fixtures: exact sets of offending resources,
the configuration paths (``allowed_cors_origins``, ``required_tags``) and messages that name what is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from iacreview.config import Config
from iacreview.model import Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.best_practice import (
    alarm_threshold_units,
    alarm_without_actions,
    api_stage_access_logging,
    lambda_failure_handling,
    log_group_retention,
    no_alarms,
    required_tags,
)
from iacreview.rules.deployment import (
    cloudfront_log_bucket_acl,
    empty_nested_stack,
    log_group_key_policy,
    s3_replication_role_actions,
    trail_key_policy,
)
from iacreview.rules.performance import (
    api_stage_caching,
    api_stage_throttling,
    cloudfront_cache_policy,
    dynamodb_fixed_capacity,
    lambda_arm64,
    lambda_reserved_concurrency,
    lambda_uniform_sizing,
)
from iacreview.rules.security import cors_all_origins
from iacreview.synth.assembly import _nested_templates
from iacreview.template.model import Template

FIXTURES = Path(__file__).parent / "fixtures_b"
RULES: dict[str, ModuleType] = {
    "PERF001": api_stage_throttling,
    "PERF002": api_stage_caching,
    "PERF003": cloudfront_cache_policy,
    "PERF004": lambda_uniform_sizing,
    "PERF005": lambda_reserved_concurrency,
    "PERF006": lambda_arm64,
    "SEC050": cors_all_origins,
    "BP030": api_stage_access_logging,
    "BP031": lambda_failure_handling,
    "BP032": log_group_retention,
    "BP033": no_alarms,
    "BP034": required_tags,
    "BP035": alarm_without_actions,
    "PERF007": dynamodb_fixed_capacity,
    "DEP048": s3_replication_role_actions,
    "DEP049": empty_nested_stack,
    "BP036": alarm_threshold_units,
    "DEP050": log_group_key_policy,
    "DEP051": trail_key_policy,
    "DEP052": cloudfront_log_bucket_acl,
}


def load(name: str, stack_tags: dict[str, str] | None = None) -> Template:
    """``fixtures_b/<name>.json`` as a synthesized template; construct paths come from the resources'
    ``aws:cdk:path`` metadata, as in a cloud assembly."""
    path = FIXTURES / f"{name}.json"
    body = json.loads(path.read_text())
    paths = {
        logical_id: resource["Metadata"]["aws:cdk:path"]
        for logical_id, resource in body["Resources"].items()
        if "aws:cdk:path" in resource.get("Metadata", {})
    }
    template = Template(name=name, body=body, path=str(path), synthesized=True, construct_paths=paths,
                        stack_tags=stack_tags or {})
    nested = FIXTURES / f"{name}.nested.template.json"  # the assembly's nested template, counted as synth does
    if nested.is_file():
        resources = json.loads(nested.read_text()).get("Resources") or {}
        template.nested_resource_counts = {lid: len(resources) for lid, r in body["Resources"].items()
                                           if r.get("Metadata", {}).get("aws:asset:path") == nested.name}
    return template


def hits(rule: ModuleType, name: str, config: Config | None = None, **kwargs: dict[str, str]) -> list[Hit]:
    return list(rule.check(load(name, **kwargs), config or Config()))


def offenders(rule: ModuleType, name: str, config: Config | None = None, **kwargs: dict[str, str]) -> set[str | None]:
    return {hit.logical_id for hit in hits(rule, name, config, **kwargs)}


def test_every_rule_has_its_id_docs_and_both_fixtures() -> None:
    for rule_id, rule in RULES.items():
        assert rule.META.id == rule_id and rule.META.target == Target.TEMPLATE
        assert rule_id in (rule.__doc__ or "") and "**Fix.**" in (rule.__doc__ or "")
        assert rule.META.keywords and rule.META.impact and rule.META.fix
        stem = rule_id.lower()
        assert (FIXTURES / f"{stem}_bad.json").is_file() and (FIXTURES / f"{stem}_good.json").is_file()
        assert hits(rule, f"{stem}_bad"), rule_id
        assert not hits(rule, f"{stem}_good"), rule_id


def test_rules_ignore_an_empty_template() -> None:
    empty = Template(name="empty", body={}, path="empty.json")
    for rule in RULES.values():
        assert list(rule.check(empty, Config())) == []


def test_perf001_flags_unthrottled_stages() -> None:
    assert offenders(api_stage_throttling, "perf001_bad") == {
        "NoLimits", "PlanWithoutThrottle", "LegacyDeployment", "HttpRouteOnly",
    }


def test_perf001_accepts_stage_limits_usage_plans_and_http_defaults() -> None:
    assert offenders(api_stage_throttling, "perf001_good") == set()


def test_perf002_flags_stages_without_cache() -> None:
    assert offenders(api_stage_caching, "perf002_bad") == {"NoCache", "ClusterOff"}


def test_perf002_accepts_cluster_or_method_caching_and_ignores_http_apis() -> None:
    assert offenders(api_stage_caching, "perf002_good") == set()


def test_perf003_flags_uncached_behaviours() -> None:
    found = hits(cloudfront_cache_policy, "perf003_bad")
    assert {h.logical_id for h in found} == {"NoPolicy", "Disabled", "PathWithoutPolicy"}
    disabled = next(h for h in found if h.logical_id == "Disabled")
    assert "CachingDisabled" in disabled.message and disabled.severity == Severity.LOW
    path = next(h for h in found if h.logical_id == "PathWithoutPolicy")
    assert "/api/*" in path.message and "default" not in path.message


def test_perf003_accepts_cache_policies_and_forwarded_values() -> None:
    assert offenders(cloudfront_cache_policy, "perf003_good") == set()


def test_perf004_flags_uniform_sizing_with_defaults_and_ignores_helpers() -> None:
    found = hits(lambda_uniform_sizing, "perf004_bad")
    assert [h.logical_id for h in found] == [None]  # stack-wide: reported at the stack
    assert "DefaultsA" in found[0].message
    assert "DefaultsB" in found[0].message and "Helper" not in found[0].message
    assert "128" in found[0].message and "3" in found[0].message


def test_perf004_accepts_differently_sized_functions() -> None:
    assert offenders(lambda_uniform_sizing, "perf004_good") == set()


def test_perf005_flags_functions_without_reserved_concurrency() -> None:
    assert offenders(lambda_reserved_concurrency, "perf005_bad") == {"Unreserved", "AlsoUnreserved"}


def test_perf005_accepts_reserved_functions_and_skips_cdk_helpers() -> None:
    assert offenders(lambda_reserved_concurrency, "perf005_good") == set()


def test_perf006_flags_x86_functions() -> None:
    assert offenders(lambda_arm64, "perf006_bad") == {"Default", "X86"}


def test_perf006_accepts_arm64_and_skips_generated() -> None:
    assert offenders(lambda_arm64, "perf006_good") == set()


def test_sec050_flags_wildcard_origins_once_per_rest_api() -> None:
    found = hits(cors_all_origins, "sec050_bad")
    # Two OPTIONS methods of one API give one finding on the API; the gateway response reports its own API.
    assert sorted(h.logical_id or "" for h in found) == ["Api", "FnUrl", "HttpApi", "OtherApi", "Uploads"]


def test_sec050_accepts_specific_origins() -> None:
    assert offenders(cors_all_origins, "sec050_good") == set()


def test_sec050_wildcard_is_acceptable_when_allowed() -> None:
    assert offenders(cors_all_origins, "sec050_bad", Config(allowed_cors_origins=("*",))) == set()


def test_sec050_allow_list_flags_other_origins() -> None:
    config = Config(allowed_cors_origins=("https://admin.example.com",))
    found = hits(cors_all_origins, "sec050_good", config)
    assert {h.logical_id for h in found} == {"Api", "HttpApi", "Uploads", "FnUrl"}
    assert all("https://app.example.com" in h.message for h in found)
    assert offenders(cors_all_origins, "sec050_good", Config(allowed_cors_origins=("https://app.example.com",))) \
        == set()


def test_bp030_flags_stages_without_access_logs() -> None:
    assert offenders(api_stage_access_logging, "bp030_bad") == {"RestStage", "HttpStage", "LegacyDeployment"}


def test_bp030_accepts_access_log_destinations() -> None:
    assert offenders(api_stage_access_logging, "bp030_good") == set()


def test_bp031_flags_stream_and_async_consumers_and_names_the_trigger() -> None:
    found = {h.logical_id: h.message for h in hits(lambda_failure_handling, "bp031_bad")}
    assert set(found) == {"TableConsumer", "KinesisConsumer", "TopicSubscriber", "Scheduled", "UploadHandler",
                          "RawBucketHandler"}
    assert "DynamoDB stream" in found["TableConsumer"] and "TableMapping" in found["TableConsumer"]
    assert "Kinesis stream" in found["KinesisConsumer"]
    assert "SNS subscription Sub" in found["TopicSubscriber"]
    assert "EventBridge rule Schedule" in found["Scheduled"]
    assert "S3 notifications of Uploads" in found["UploadHandler"]
    assert "S3 notifications of RawBucket" in found["RawBucketHandler"]


def test_bp031_accepts_dlqs_destinations_and_sqs_sources() -> None:
    assert offenders(lambda_failure_handling, "bp031_good") == set()


def test_bp032_flags_log_groups_without_retention() -> None:
    assert offenders(log_group_retention, "bp032_bad") == {"Forever", "NamedForever"}


def test_bp032_accepts_retention_and_cdk_log_retention() -> None:
    assert offenders(log_group_retention, "bp032_good") == set()


def test_bp033_one_stack_wide_hit_when_no_alarm() -> None:
    found = hits(no_alarms, "bp033_bad")
    assert [h.logical_id for h in found] == [None]
    assert "First" in found[0].message and "Second" in found[0].message and "Api" in found[0].message
    assert "Helper" not in found[0].message
    api_only = hits(no_alarms, "bp033_bad_api_only")
    assert [h.logical_id for h in api_only] == [None] and "HttpApi" in api_only[0].message


def test_bp033_accepts_alarms_and_stacks_without_compute() -> None:
    assert offenders(no_alarms, "bp033_good") == set()
    assert offenders(no_alarms, "bp033_good_no_compute") == set()


def test_bp034_flags_each_taggable_resource_with_missing_keys() -> None:
    found = {h.logical_id: h.message for h in hits(required_tags, "bp034_bad")}
    # Permission and custom resources are not taggable; the CDK helper is not the user's.
    assert set(found) == {"Role", "Queue", "Param", "Pool"}
    assert "Owner" in found["Role"] and "Environment" not in found["Role"]
    assert "Environment" in found["Param"] and "Owner" not in found["Param"]
    assert "Environment, Owner" in found["Queue"]


def test_bp034_accepts_complete_and_non_literal_tags() -> None:
    assert offenders(required_tags, "bp034_good") == set()


def test_bp034_required_tags_come_from_config() -> None:
    assert offenders(required_tags, "bp034_bad", Config(required_tags=("Environment",))) == {"Queue", "Param"}
    # Nothing carries CostCenter: one stack-wide finding instead of one per resource.
    stack_wide = hits(required_tags, "bp034_good", Config(required_tags=("CostCenter",)))
    assert [h.logical_id for h in stack_wide] == [None]
    assert "None of the 4 taggable resources" in stack_wide[0].message
    assert offenders(required_tags, "bp034_bad", Config(required_tags=())) == set()


def test_bp034_stack_tags_count_as_present() -> None:
    assert offenders(required_tags, "bp034_bad", stack_tags={"Owner": "team", "Environment": "dev"}) == set()
    assert offenders(required_tags, "bp034_bad", stack_tags={"Owner": "team"}) == {"Queue", "Param"}


def test_bp034_taggability_comes_from_provider_schemas() -> None:
    assert required_tags.tag_path("AWS::Lambda::Function") == ("Tags",)
    assert required_tags.tag_path("AWS::Cognito::UserPool") == ("UserPoolTags",)
    assert required_tags.tag_path("AWS::Lambda::Permission") is None
    assert required_tags.tag_path("Custom::Anything") is None


def test_bp035_alarms_without_a_live_action() -> None:
    assert offenders(alarm_without_actions, "bp035_bad") == {"ErrorsAlarm", "MutedAlarm", "Composite"}
    messages = {hit.logical_id: hit.message for hit in hits(alarm_without_actions, "bp035_bad")}
    assert "actions disabled" in messages["MutedAlarm"] and "no alarm" in messages["ErrorsAlarm"]


def test_perf007_only_tables_no_scalable_target_scales() -> None:
    assert offenders(dynamodb_fixed_capacity, "perf007_bad") == {"Orders", "Sessions"}
    assert "ReadCapacityUnits" in hits(dynamodb_fixed_capacity, "perf007_bad")[0].message


def test_perf007_an_unscaled_index_of_a_scaled_table() -> None:
    def target(name: str, resource_id: list[object]) -> dict[str, object]:
        return {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
            "ServiceNamespace": "dynamodb", "ScalableDimension": name, "MinCapacity": 1, "MaxCapacity": 50,
            "ResourceId": {"Fn::Join": ["", resource_id]}}}

    fixed = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 10}
    table = {"Type": "AWS::DynamoDB::Table", "Properties": {
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "ProvisionedThroughput": fixed,
        "GlobalSecondaryIndexes": [{"IndexName": "byUser", "ProvisionedThroughput": fixed},
                                   {"IndexName": "byDate", "ProvisionedThroughput": fixed}]}}
    body = {"Resources": {
        "Orders": table,
        "TableWrite": target("dynamodb:table:WriteCapacityUnits", ["table/", {"Ref": "Orders"}]),
        "DateWrite": target("dynamodb:index:WriteCapacityUnits", ["table/", {"Ref": "Orders"}, "/index/byDate"]),
    }}
    template = Template(name="S", body=body, path="S.json", synthesized=True)
    (hit,) = dynamodb_fixed_capacity.check(template, Config())
    assert hit.logical_id == "Orders" and "byUser" in hit.message and "byDate" not in hit.message
    del body["Resources"]["TableWrite"]  # the table itself unscaled: one finding for the table, as before
    (table_hit,) = dynamodb_fixed_capacity.check(template, Config())
    assert "no auto scaling" in table_hit.message


def test_dep048_replication_role_without_the_replication_actions() -> None:
    (hit,) = hits(s3_replication_role_actions, "dep048_bad")
    assert hit.logical_id == "Primary" and "s3:ReplicateObject" in hit.message
    assert "GetObjectVersionForReplication" not in hit.message  # grant_read's s3:GetObject* covers it
    assert hits(s3_replication_role_actions, "dep048_good") == []  # the actions, and a role from outside


def test_bp036_millisecond_thresholds_on_metrics_in_seconds() -> None:
    found = {hit.logical_id: hit.message for hit in hits(alarm_threshold_units, "bp036_bad")}
    assert set(found) == {"ReplicationLatencyAlarm", "SlowTargetsAlarm"}
    assert "10.4 days" in found["ReplicationLatencyAlarm"] and "900 seconds" in found["ReplicationLatencyAlarm"]
    # seconds written as seconds, a millisecond metric, a threshold that is not a whole number of thousands
    assert hits(alarm_threshold_units, "bp036_good") == []


def test_dep050_log_group_key_without_the_logs_service_principal() -> None:
    (hit,) = hits(log_group_key_policy, "dep050_bad")
    assert hit.logical_id == "AppLogs" and "LogsKey" in hit.message
    # the logs principal in the key policy, a log group without a key, a key from outside the template
    assert hits(log_group_key_policy, "dep050_good") == []


def test_dep050_needs_the_encrypt_actions_and_leaves_open_principals_to_review() -> None:
    template = load("dep050_good")
    statement = template.body["Resources"]["LogsKey"]["Properties"]["KeyPolicy"]["Statement"][1]
    statement["Action"] = ["kms:Decrypt"]
    assert [h.logical_id for h in log_group_key_policy.check(template, Config())] == ["AppLogs"]
    statement["Action"], statement["Principal"] = "kms:*", "*"
    assert list(log_group_key_policy.check(template, Config())) == []


def test_dep051_trail_key_without_the_cloudtrail_principal() -> None:
    (hit,) = hits(trail_key_policy, "dep051_bad")
    assert hit.logical_id == "Trail" and "TrailKey" in hit.message
    assert hits(trail_key_policy, "dep051_good") == []  # the grant in the key policy, and a trail without a key


def test_dep052_cloudfront_log_bucket_without_acls() -> None:
    (hit,) = hits(cloudfront_log_bucket_acl, "dep052_bad")
    assert hit.logical_id == "Cdn" and "Logs" in hit.message
    assert hits(cloudfront_log_bucket_acl, "dep052_good") == []  # ObjectWriter, and a distribution without logging
    enforced = load("dep052_good")
    enforced.body["Resources"]["Logs"]["Properties"]["OwnershipControls"]["Rules"][0]["ObjectOwnership"] = (
        "BucketOwnerEnforced")
    assert [h.logical_id for h in cloudfront_log_bucket_acl.check(enforced, Config())] == ["Cdn"]


def test_dep049_nested_stack_whose_template_has_no_resources() -> None:
    (hit,) = hits(empty_nested_stack, "dep049_bad")
    assert hit.logical_id == "ReplicationNested" and "no resources" in hit.message
    assert hits(empty_nested_stack, "dep049_good") == []


def test_dep049_counts_come_from_the_cloud_assembly(tmp_path: Path) -> None:
    """The parent's nested stacks get the resource count of their nested template when the assembly is read."""
    for name in ("dep049_bad", "dep049_good"):
        body = json.loads((FIXTURES / f"{name}.json").read_text())
        for resource in body["Resources"].values():
            asset = resource["Metadata"].get("aws:asset:path")
            if asset:
                (tmp_path / asset).write_text((FIXTURES / asset).read_text())
        parent = Template(name=name, body=body, path=str(tmp_path / f"{name}.json"), synthesized=True)
        nested = _nested_templates(tmp_path, parent, None)
        assert len(nested) == 1
        expected = {"dep049_bad": {"ReplicationNested": 0}, "dep049_good": {"NetworkNested": 1}}[name]
        assert parent.nested_resource_counts == expected


def test_dep048_silent_when_an_unseen_managed_policy_is_attached() -> None:
    template = load("dep048_bad")
    template.body["Resources"]["ReplicationRole"]["Properties"]["ManagedPolicyArns"] = ["arn:aws:iam::aws:policy/X"]
    assert list(s3_replication_role_actions.check(template, Config())) == []



def test_dep048_a_role_policy_attached_by_role_name_counts() -> None:
    template = load("dep048_bad")
    template.body["Resources"]["Replicate"] = {"Type": "AWS::IAM::RolePolicy", "Properties": {
        "PolicyName": "replicate", "RoleName": {"Ref": "ReplicationRole"},
        "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:Replicate*", "Resource": "*"}]}}}
    assert list(s3_replication_role_actions.check(template, Config())) == []
    template.body["Resources"]["Replicate"]["Properties"]["PolicyDocument"]["Statement"][0]["Effect"] = "Deny"
    assert len(list(s3_replication_role_actions.check(template, Config()))) == 1
