"""template_helpers: intrinsic-aware reading of template values and policy statements."""

from __future__ import annotations

from iacreview.rules.template_helpers import (
    IDENTITY_POLICY,
    RESOURCE_POLICY,
    action_matches,
    cfn_bool,
    cfn_int,
    deletion_policy,
    iter_policy_statements,
    logical_ids_in,
    referencing_resources,
    render_text,
)
from iacreview.template.model import Template


def test_render_text_handles_join_sub_ref_getatt() -> None:
    assert render_text("x") == "x"
    assert render_text({"Fn::Join": ["-", ["a", {"Ref": "Env"}]]}) == "a-${Env}"
    assert render_text({"Fn::Sub": ["${Name}-${!Literal}", {}]}) == "${Name}-${!Literal}"
    assert render_text({"Fn::GetAtt": ["Bucket", "Arn"]}) == "${Bucket.Arn}"
    assert render_text({"Fn::If": ["C", "a", "b"]}) is None
    assert render_text(3) is None


def test_logical_ids_in_finds_every_reference_form() -> None:
    value = {"a": [{"Ref": "A"}, {"Fn::GetAtt": "B.Arn"}, {"Fn::Sub": "${C.Arn}/${AWS::Region}/${!D}"}]}
    assert logical_ids_in(value) == {"A", "B", "C", "AWS::Region"}


def test_cfn_scalars() -> None:
    assert cfn_bool("TRUE") is True and cfn_bool(False) is False and cfn_bool({"Ref": "P"}) is None
    assert cfn_int("7") == 7 and cfn_int(3.0) == 3 and cfn_int(True) is None and cfn_int("x") is None


def test_deletion_policy_defaults() -> None:
    assert deletion_policy({"Type": "AWS::S3::Bucket"}) == ("Delete", False)
    assert deletion_policy({"Type": "AWS::RDS::DBCluster"}) == ("Snapshot", False)
    member = {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": "c"}}
    assert deletion_policy(member) == ("Delete", False)
    assert deletion_policy({"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"}) == ("Retain", True)


def test_policy_statements_cover_inline_and_resource_policies() -> None:
    template = Template(
        name="t",
        path="t.json",
        body={
            "Resources": {
                "Role": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "Policies": [
                            {
                                "PolicyName": "p",
                                "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "s3:GetObject"}},
                            }
                        ]
                    },
                },
                "Pol": {
                    "Type": "AWS::IAM::Policy",
                    "Properties": {
                        "PolicyDocument": {
                            "Statement": [{"Effect": "Deny", "Action": ["a:b"]}, {"Fn::If": ["C", {}, {}]}]
                        }
                    },
                },
                "BP": {
                    "Type": "AWS::S3::BucketPolicy",
                    "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Deny"}]}},
                },
            }
        },
    )
    found = [(s.logical_id, s.kind, s.policy_name, s.actions) for s in iter_policy_statements(template)]
    assert found == [
        ("Role", IDENTITY_POLICY, "p", ["s3:GetObject"]),
        ("Pol", IDENTITY_POLICY, None, ["a:b"]),
        ("BP", RESOURCE_POLICY, None, []),
    ]
    assert [s.logical_id for s in iter_policy_statements(template, kinds=[RESOURCE_POLICY])] == ["BP"]


def test_referencing_resources_by_type_and_path() -> None:
    template = Template(
        name="t",
        path="t.json",
        body={
            "Resources": {
                "Vpc": {"Type": "AWS::EC2::VPC"},
                "Flow": {"Type": "AWS::EC2::FlowLog", "Properties": {"ResourceId": {"Ref": "Vpc"}}},
                "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}}},
            }
        },
    )
    assert [i for i, _ in referencing_resources(template, "Vpc")] == ["Flow", "Subnet"]
    assert [i for i, _ in referencing_resources(template, "Vpc", "AWS::EC2::FlowLog", path=("ResourceId",))] == ["Flow"]


def test_action_matches_is_case_insensitive_wildcard() -> None:
    assert action_matches("S3:Get*", "s3:GetObject")
    assert action_matches("*", "dynamodb:Query")
    assert not action_matches("s3:List*", "s3:GetObject")
