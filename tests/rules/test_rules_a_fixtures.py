"""Each template rule of group A against its failing and passing fixture, plus rule-specific details."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from iacreview.config import Config
from iacreview.model import Severity, Target
from iacreview.rules.base import Hit
from iacreview.template.model import Template

FIXTURES = Path(__file__).parent / "fixtures"


def resource_lines(text: str) -> dict[str, int]:
    """Line of each ``  LogicalId:`` key under ``Resources:`` in a block-style YAML template."""
    lines: dict[str, int] = {}
    in_resources = False
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^\S", line):
            in_resources = line.startswith("Resources:")
            continue
        match = re.match(r"^  ([A-Za-z0-9]+):", line)
        if in_resources and match:
            lines[match.group(1)] = number
    return lines


def load_template(name: str) -> Template:
    """A fixture as a Template. ``Metadata.Synth`` turns it into a synthesized template with those facts."""
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    body: dict[str, Any] = yaml.safe_load(text)
    synth = body.get("Metadata", {}).get("Synth")
    template = Template(name=path.stem, body=body, path=str(path), resource_lines=resource_lines(text))
    if synth:
        template.synthesized = True
        template.environment = synth.get("environment")
        template.environment_suffix = synth.get("environment_suffix")
    return template


def expected(template: Template) -> set[str | None]:
    return set(template.body["Metadata"]["Expected"])


MODULES = {
    "DEP040": "deployment.hardcoded_physical_name",
    "DEP041": "deployment.stateful_delete_policy",
    "DEP042": "deployment.unknown_managed_policy",
    "DEP043": "deployment.template_reserved_env_var",
    "DEP044": "deployment.rds_deletion_protection",
    "DEP045": "deployment.rds_backup_retention",
    "DEP046": "deployment.environment_agnostic_stack",
    "SEC001": "security.s3_public_access_block",
    "SEC002": "security.s3_tls_enforcement",
    "SEC003": "security.iam_wildcard_action",
    "SEC004": "security.iam_wildcard_resource",
    "SEC005": "security.lambda_env_secret",
    "SEC006": "security.lambda_env_email",
    "SEC007": "security.sns_kms",
    "SEC008": "security.secret_kms",
    "SEC009": "security.vpc_flow_logs",
    "SEC010": "security.rds_storage_encryption",
}


def rule(rule_id: str) -> ModuleType:
    return importlib.import_module(f"iacreview.rules.{MODULES[rule_id]}")


def hits(rule_id: str, template: Template, config: Config | None = None) -> list[Hit]:
    return list(rule(rule_id).check(template, config or Config()))


@pytest.mark.parametrize("rule_id", sorted(MODULES))
def test_metadata(rule_id: str) -> None:
    module = rule(rule_id)
    meta = module.META
    assert meta.id == rule_id
    assert meta.target == Target.TEMPLATE
    assert meta.category.prefix == rule_id[: len(meta.category.prefix)]
    assert module.__doc__ and module.__doc__.startswith(rule_id)
    assert meta.impact and meta.fix and meta.keywords and meta.doc


@pytest.mark.parametrize("rule_id", sorted(MODULES))
@pytest.mark.parametrize("kind", ["bad", "good"])
def test_fixture(rule_id: str, kind: str) -> None:
    template = load_template(f"{rule_id}_{kind}.yaml")
    want = expected(template)
    assert (kind == "bad") == bool(want), "a bad fixture must expect findings, a good one none"
    assert {h.logical_id for h in hits(rule_id, template)} == want


def test_every_fixture_belongs_to_a_rule() -> None:
    names = {p.stem.rsplit("_", 1)[0] for p in FIXTURES.glob("*.yaml")}
    assert {n for n in names if n in MODULES or n[:3] in ("DEP", "SEC")} >= set(MODULES)


def _synth(body: dict[str, Any], suffix: str = "dev") -> Template:
    return Template(
        name="TapStackdev",
        body=body,
        path="cdk.out/TapStackdev.template.json",
        synthesized=True,
        environment_suffix=suffix,
        environment="aws://123456789012/us-east-1",
    )


def test_dep040_synthesized_names_need_the_suffix() -> None:
    body = {
        "Resources": {
            "Plain": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "images"}},
            "Suffixed": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "images-DEV"}},
            "AccountOnly": {
                "Type": "AWS::S3::Bucket",
                "Properties": {"BucketName": {"Fn::Join": ["", ["images-", {"Ref": "AWS::AccountId"}]]}},
            },
            "StackName": {
                "Type": "AWS::S3::Bucket",
                "Properties": {"BucketName": {"Fn::Sub": "${AWS::StackName}-img"}},
            },
        }
    }
    assert {h.logical_id for h in hits("DEP040", _synth(body))} == {"Plain", "AccountOnly"}


def test_dep040_api_names_are_low() -> None:
    template = load_template("DEP040_bad.yaml")
    severities = {h.logical_id: h.severity for h in hits("DEP040", template)}
    assert severities["Api"] == Severity.LOW and severities["Images"] is None


def test_dep041_mentions_auto_delete_and_skips_rds_default() -> None:
    body = {
        "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Delete"},
            "BucketAutoDelete": {
                "Type": "Custom::S3AutoDeleteObjects",
                "Properties": {"BucketName": {"Ref": "Bucket"}},
            },
            "Db": {"Type": "AWS::RDS::DBCluster"},
        }
    }
    found = hits("DEP041", _synth(body))
    assert [h.logical_id for h in found] == ["Bucket"]
    assert "auto-delete" in found[0].message


def test_dep041_flow_log_group_found_by_reference() -> None:
    body = {
        "Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete"},
            "Flow": {"Type": "AWS::EC2::FlowLog", "Properties": {"LogGroupName": {"Ref": "Logs"}}},
        }
    }
    assert [h.logical_id for h in hits("DEP041", _synth(body))] == ["Logs"]


def test_dep042_suggests_the_service_role_path() -> None:
    messages = {h.logical_id: h.message for h in hits("DEP042", load_template("DEP042_bad.yaml"))}
    assert "did you mean service-role/AWSLambdaBasicExecutionRole" in messages["FnRole"]
    assert "VPCFlowLogsDeliveryRolePolicy" in messages["FlowRole"]


def test_dep042_data_file_has_the_well_known_names() -> None:
    from iacreview.rules.deployment.unknown_managed_policy import known_policies

    policies = known_policies()
    for name in (
        "service-role/AWSLambdaBasicExecutionRole",
        "AmazonS3ReadOnlyAccess",
        "CloudWatchAgentServerPolicy",
        "AmazonSSMManagedInstanceCore",
        "service-role/AWSLambdaVPCAccessExecutionRole",
    ):
        assert name in policies.names
    for wrong in ("VPCFlowLogsDeliveryRolePolicy", "AWSLambdaBasicExecutionRole"):
        assert wrong not in policies.names


def test_dep042_typo_of_a_known_name_is_reported() -> None:
    body = {
        "Resources": {
            "R": {
                "Type": "AWS::IAM::Role",
                "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess"]},
            }
        }
    }
    found = hits("DEP042", _synth(body))
    assert len(found) == 1 and "AmazonS3ReadOnlyAccess" in found[0].message


def test_dep045_zero_is_high() -> None:
    severities = {h.logical_id: h.severity for h in hits("DEP045", load_template("DEP045_bad.yaml"))}
    assert severities == {"NoBackups": Severity.HIGH, "Short": None, "Default": None}


def test_dep046_only_for_synthesized_templates() -> None:
    template = load_template("DEP046_bad.yaml")
    template.synthesized = False
    assert hits("DEP046", template) == []


def test_sec005_evidence_does_not_leak_the_secret() -> None:
    (hit,) = hits("SEC005", load_template("SEC005_bad.yaml"))
    assert "hunter2" not in hit.evidence and "hunter2" not in hit.message


def test_sec001_absent_block_is_medium_explicit_off_is_high() -> None:
    severities = {h.logical_id: h.severity for h in hits("SEC001", load_template("SEC001_bad.yaml"))}
    assert severities == {"NoBlock": Severity.MEDIUM, "Partial": None}


def test_sec003_evidence_is_the_action() -> None:
    evidence = {(h.logical_id, h.evidence) for h in hits("SEC003", load_template("SEC003_bad.yaml"))}
    assert evidence == {("AppPolicy", "s3:*"), ("AppRole", "*")}
