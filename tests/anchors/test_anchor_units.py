"""The anchor layer without synthesis: the data table, report reading, merging with our rules, cfn-lint on a
given template, the start-up hook text and what happens without cdk-nag."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from iacreview import api
from iacreview.anchors import AnchorRun, anchor_rule_metas, apply_anchors, cdk_nag, run_anchors
from iacreview.anchors.dedupe import merge
from iacreview.anchors.mapping import Hit, load_table, split_rule, to_finding
from iacreview.config import Config
from iacreview.model import Category, Finding, Location, Severity
from iacreview.rules import all_rule_metas
from iacreview.template.model import Template


def _template(path: str = "/x/TapStackdev.template.json") -> Template:
    body = {
        "Resources": {
            "Bucket83908E77": {"Type": "AWS::S3::Bucket"},
            "FnServiceRoleDefaultPolicy1": {"Type": "AWS::IAM::Policy"},
            "AWS679f53fac002430cb0da5b7982bd22872D164C4C": {"Type": "AWS::Lambda::Function"},
        }
    }
    return Template(
        name="TapStackdev",
        body=body,
        path=path,
        synthesized=True,
        resource_lines={"Bucket83908E77": 3, "FnServiceRoleDefaultPolicy1": 6},
        construct_paths={
            "Bucket83908E77": "TapStackdev/Bucket/Resource",
            "FnServiceRoleDefaultPolicy1": "TapStackdev/Fn/ServiceRole/DefaultPolicy/Resource",
            "AWS679f53fac002430cb0da5b7982bd22872D164C4C": "TapStackdev/AWS679f53fac002430cb0da5b7982bd2287/Resource",
        },
    )


def _locate(template: Template, logical_id: str | None) -> Location | None:
    return Location("lib/tap_stack.py", 10 + len(logical_id or ""))


def _violation(rule: str, *paths: str, severity: str = "error") -> dict[str, object]:
    return {"ruleName": rule, "description": f"{rule} text", "severity": severity,
            "violatingConstructs": [{"constructPath": p} for p in paths]}


def test_equivalences_name_rules_that_exist() -> None:
    table = load_table()
    ours = {m.id for m in all_rule_metas()}
    for anchor, equivalent in table.equivalent.items():
        assert anchor in table.rules, anchor
        assert equivalent <= ours, (anchor, equivalent - ours)


def test_table_classifies_by_override_then_defaults() -> None:
    table = load_table()
    assert table.classify("cdk-nag", "AwsSolutions-IAM5", "error", "AwsSolutions") == (Category.SECURITY,
                                                                                      Severity.HIGH)
    assert table.classify("cdk-nag", "Serverless-LambdaTracing", "warning", "Serverless") == (
        Category.BEST_PRACTICE, Severity.LOW)
    assert table.classify("cfn-lint", "E3001", "error") == (Category.DEPLOYMENT, Severity.HIGH)
    assert table.classify("cfn-lint", "I3011", "info") == (Category.DEPLOYMENT, Severity.MEDIUM)


def test_every_anchor_rule_is_listed_with_its_source() -> None:
    metas = anchor_rule_metas()
    sources = {m.source for m in metas}
    assert {"cdk-nag", "cfn-lint"} <= sources
    ids = [m.id for m in metas]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {m.id for m in all_rule_metas()}
    assert {"AwsSolutions-IAM5", "Serverless-LambdaDLQ", "I3011", "E3663"} <= set(ids)


def test_split_rule_keeps_granular_detail() -> None:
    assert split_rule("AwsSolutions-IAM5[Action::s3:*]") == ("AwsSolutions-IAM5", "Action::s3:*")
    assert split_rule("AwsSolutions-S1") == ("AwsSolutions-S1", "")


def test_report_hits_merge_granular_findings_per_resource_and_skip_unknown_paths() -> None:
    template = _template()
    report = {"pluginReports": [
        {"pluginName": "AwsSolutions", "violations": [
            _violation("AwsSolutions-IAM5[Action::s3:*]", "TapStackdev/Fn/ServiceRole/DefaultPolicy/Resource"),
            _violation("AwsSolutions-IAM5[Resource::*]", "/TapStackdev/Fn/ServiceRole/DefaultPolicy/Resource"),
            _violation("AwsSolutions-S1", "TapStackdev/Bucket/Resource", "TapStackdev/Elsewhere/Resource"),
        ]},
        {"pluginName": "cdk-builtin", "violations": [_violation("CFN-X", "TapStackdev/Bucket/Resource")]},
    ]}
    hits = cdk_nag.report_hits(report, [template])
    summary = [(h.source, h.rule_id, h.logical_id, h.details) for h in hits]
    assert summary == [
        ("cdk-nag", "AwsSolutions-IAM5", "FnServiceRoleDefaultPolicy1", ("Action::s3:*", "Resource::*")),
        ("cdk-nag", "AwsSolutions-S1", "Bucket83908E77", ()),
        ("cdk", "CFN-X", "Bucket83908E77", ()),
    ]


def _ours(rule: str, resource: str, template: Template) -> Finding:
    return Finding(rule_id=rule, category=Category.SECURITY, severity=Severity.HIGH, title=rule, message="m",
                   location=Location("lib/tap_stack.py", 5), resource=resource,
                   construct_path=template.construct_paths[resource])


def test_equivalent_anchor_finding_is_folded_into_ours_on_the_same_resource_only() -> None:
    template, table = _template(), load_table()
    iam5 = to_finding(Hit("cdk-nag", "AwsSolutions-IAM5", "wildcard", template, "FnServiceRoleDefaultPolicy1",
                          pack="AwsSolutions"), table, _locate)
    s1 = to_finding(Hit("cdk-nag", "AwsSolutions-S1", "logs", template, "Bucket83908E77", pack="AwsSolutions"),
                    table, _locate)
    ours = [_ours("SEC003", "FnServiceRoleDefaultPolicy1", template), _ours("SEC001", "Bucket83908E77", template)]
    merged = merge(ours, [iam5, s1], table)
    assert [(f.rule_id, f.anchor_ids) for f in merged] == [
        ("SEC003", ("AwsSolutions-IAM5",)), ("SEC001", ()), ("AwsSolutions-S1", ())]
    elsewhere = merge([_ours("SEC003", "Bucket83908E77", template)], [iam5], table)
    assert [f.rule_id for f in elsewhere] == ["SEC003", "AwsSolutions-IAM5"]


def test_findings_on_generated_resources_are_hidden_unless_asked_for() -> None:
    template, table = _template(), load_table()
    helper = to_finding(Hit("cdk-nag", "Serverless-LambdaDLQ", "dlq", template,
                            "AWS679f53fac002430cb0da5b7982bd22872D164C4C", pack="Serverless"), table, _locate)
    user = to_finding(Hit("cdk-nag", "AwsSolutions-S1", "logs", template, "Bucket83908E77", pack="AwsSolutions"),
                      table, _locate)
    assert helper.generated and not user.generated
    run = AnchorRun([helper, user])
    assert apply_anchors([], run, Config()) == [user]
    assert apply_anchors([], run, Config(show_generated=True)) == [helper, user]


def test_hook_is_valid_python_naming_the_packs_and_never_replaces_the_answers_own(tmp_path: Path) -> None:
    text = cdk_nag.hook_text(("AwsSolutions", "Serverless"))
    ast.parse(text)
    assert "'AwsSolutionsChecks', 'ServerlessChecks'" in text
    assert cdk_nag.write_hook(tmp_path, ("AwsSolutions",))
    (tmp_path / cdk_nag.HOOK_NAME).write_text("print('mine')\n", encoding="utf-8")
    assert not cdk_nag.write_hook(tmp_path, ("AwsSolutions",))
    assert (tmp_path / cdk_nag.HOOK_NAME).read_text(encoding="utf-8") == "print('mine')\n"


def test_without_cdk_nag_there_are_no_cdk_nag_findings_and_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cdk_nag, "installed", lambda: False)
    config = Config(packs=("iacreview", "AwsSolutions"))
    run = run_anchors([_template()], config, _locate)
    assert run.findings == []
    assert run.notes == [cdk_nag.MISSING_NOTE]


TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      MemorySize: 64
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "def handler(e, c): return 1"}
      Environment:
        Variables:
          AWS_REGION: us-east-1
"""


def test_cfn_lint_on_a_given_template_merges_with_ours_and_points_at_the_template_line(tmp_path: Path) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    review = api.check(path, Config(cache_dir=str(tmp_path / "cache")), display="stack.yaml")
    reserved = [f for f in review.findings if f.rule_id == "DEP043"]
    assert reserved and "E3663" in reserved[0].anchor_ids
    assert not [f for f in review.findings if f.rule_id == "E3663"]
    memory_line = TEMPLATE.splitlines().index("      MemorySize: 64") + 1
    linted = [f for f in review.findings if f.source == "cfn-lint"]
    assert [(f.location.path, f.location.line) for f in linted if f.location] == [("stack.yaml", memory_line)]
    assert linted[0].resource == "Fn"
