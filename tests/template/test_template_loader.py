"""Loading CloudFormation templates: short-form intrinsics, resource lines, hostile documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.errors import InputError
from iacreview.template.loader import load_template, load_template_text

YAML = """AWSTemplateFormatVersion: 2010-09-09
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-data"
      Tags:
        - Key: Arn
          Value: !GetAtt Key.Arn
  Key:
    Type: AWS::KMS::Key
    Condition: IsProd
    Properties:
      Description: !Join ["-", [!Ref Env, !Select [0, !GetAZs ""]]]
      Other: !Sub
        - "${A}-x"
        - A: !ImportValue shared-a
      Nested: !GetAtt [Db, Endpoint.Address]
      Choice: !If [IsProd, !Base64 "x", !Ref "AWS::NoValue"]
      Cidrs: !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]
      Flag: !And [!Not [!Condition IsProd], !Or [!Equals [a, b], !Equals [c, c]]]
      Parts: !Split [",", !FindInMap [Map, !Ref Env, Key]]
"""


def test_yaml_short_forms_become_long_forms() -> None:
    t = load_template_text(YAML, "t.yaml")
    assert t.body["AWSTemplateFormatVersion"] == "2010-09-09"
    assert t.body["Conditions"]["IsProd"] == {"Fn::Equals": [{"Ref": "Env"}, "prod"]}
    bucket = t.body["Resources"]["Bucket"]["Properties"]
    assert bucket["BucketName"] == {"Fn::Sub": "${AWS::StackName}-data"}
    assert bucket["Tags"][0]["Value"] == {"Fn::GetAtt": ["Key", "Arn"]}
    key = t.body["Resources"]["Key"]["Properties"]
    assert key["Description"] == {"Fn::Join": ["-", [{"Ref": "Env"}, {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]]}
    assert key["Other"] == {"Fn::Sub": ["${A}-x", {"A": {"Fn::ImportValue": "shared-a"}}]}
    assert key["Nested"] == {"Fn::GetAtt": ["Db", "Endpoint.Address"]}
    assert key["Choice"] == {"Fn::If": ["IsProd", {"Fn::Base64": "x"}, {"Ref": "AWS::NoValue"}]}
    assert key["Cidrs"] == {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 4, 8]}
    assert key["Flag"] == {"Fn::And": [{"Fn::Not": [{"Condition": "IsProd"}]},
                                       {"Fn::Or": [{"Fn::Equals": ["a", "b"]}, {"Fn::Equals": ["c", "c"]}]}]}
    assert key["Parts"] == {"Fn::Split": [",", {"Fn::FindInMap": ["Map", {"Ref": "Env"}, "Key"]}]}
    assert t.resource_lines == {"Bucket": 5, "Key": 12}
    assert t.path == "t.yaml" and not t.synthesized


def test_json_template_lines_with_tabs() -> None:
    text = ('{\n\t"Parameters": {"Resources": {"Default": "x"}},\n\t"Resources": {\n\t\t"Topic": {\n'
            '\t\t\t"Type": "AWS::SNS::Topic"\n\t\t},\n\t\t"Queue": {"Type": "AWS::SQS::Queue",\n'
            '\t\t\t"Properties": {"Resources": {"Nope": 1}}}\n\t}\n}\n')
    t = load_template_text(text, "t.json")
    assert t.resource_lines == {"Topic": 4, "Queue": 7}
    assert t.resources["Topic"]["Type"] == "AWS::SNS::Topic"


def test_load_template_from_file(tmp_path: Path) -> None:
    path = tmp_path / "stack.template"
    path.write_text(YAML)
    t = load_template(path, "given/stack.template")
    assert t.name == "stack" and t.path == "given/stack.template" and set(t.resources) == {"Bucket", "Key"}


def test_yaml_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{prev}" for _ in range(10)) + "]")
    lines.append("Resources: {}")
    with pytest.raises(InputError, match="aliases expand"):
        load_template_text("\n".join(lines) + "\n", "bomb.yaml")


def test_recursive_alias_and_deep_nesting_are_refused() -> None:
    with pytest.raises(InputError, match="recursive"):
        load_template_text("Resources: &r\n  A: *r\n", "loop.yaml")
    deep = "Resources: " + "[" * 150 + "]" * 150 + "\n"
    with pytest.raises(InputError, match="nesting deeper"):
        load_template_text(deep, "deep.yaml")
    with pytest.raises(InputError, match="nesting deeper"):
        load_template_text('{"Resources": ' + "[" * 5000 + "]" * 5000 + "}", "deep.json")
    with pytest.raises(InputError, match="nesting deeper"):
        load_template_text("Resources: " + "[" * 5000 + "]" * 5000 + "\n", "deeper.yaml")


def test_invalid_documents_name_the_file_and_line() -> None:
    with pytest.raises(InputError) as info:
        load_template_text("Resources:\n  A: [unclosed\n  B: x\n", "bad.yaml")
    assert str(info.value).startswith("bad.yaml:") and info.value.line is not None
    with pytest.raises(InputError, match=r"bad\.json:3"):
        load_template_text('{\n"Resources": {\n  "A": ,\n}}', "bad.json")
    with pytest.raises(InputError, match="not a CloudFormation template"):
        load_template_text("- just\n- a list\n", "list.yaml")
    with pytest.raises(InputError):
        load_template_text("Resources:\n  A: !Unknown x\n", "tag.yaml")
