"""compare() on hand-built reviews and templates: classification of failures, matching, prompt coverage."""

from __future__ import annotations

from typing import Any

from iacreview.compare import Side, compare
from iacreview.compare.matching import match_resources, resources
from iacreview.model import Category, Finding, Location, Review, Severity, SynthOutcome
from iacreview.report.compare_markdown import comparison_to_markdown
from iacreview.rules.comparison import METAS
from iacreview.template.model import Template


def template(name: str, res: dict[str, Any], paths: dict[str, str] | None = None, env: str = "") -> Template:
    return Template(name=name, body={"Resources": res}, path=f"{name}.template.json", synthesized=True,
                    construct_paths=paths or {}, environment=env or None)


def finding(rule: str, resource: str | None, line: int, path: str = "MODEL_RESPONSE.md",
            message: str = "m", category: Category = Category.SECURITY) -> Finding:
    return Finding(rule, category, Severity.HIGH, f"title {rule}", message, Location(path, line), resource=resource)


def review(subject: str, findings: list[Finding], ok: bool = True) -> Review:
    error = None if ok else "TypeError: x"
    synth = SynthOutcome(attempted=True, ok=ok, error=error, error_class=None if ok else "TypeError")
    return Review(subject, synth, tuple(findings))


BUCKET = {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "images"}}
TABLE = {"Type": "AWS::DynamoDB::Table", "Properties": {"KeySchema": [{"AttributeName": "id"}]}}
TABLE_GSI = {"Type": "AWS::DynamoDB::Table",
             "Properties": {"KeySchema": [{"AttributeName": "id"}], "GlobalSecondaryIndexes": [{"IndexName": "x"}]}}
ALARM = {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Threshold": 1}}


def test_same_bucket_with_other_construct_ids_is_matched() -> None:
    cand_id, ref_id = "ImagesBucketAB12CD34", "ProductImages99887766"
    cand = resources([template("S", {cand_id: BUCKET}, {cand_id: "S/ImagesBucket/Resource"})])
    ref = resources([template("S", {ref_id: BUCKET}, {ref_id: "S/ProductImages/Resource"})])
    matched = match_resources(cand, ref)
    assert matched[("S", "ImagesBucketAB12CD34")].logical_id == "ProductImages99887766"


def test_fixed_shared_missing_and_regressions() -> None:
    cand_t = template("S", {"Bucket1": BUCKET, "Table1": TABLE}, env="aws://1/us-east-1")
    ref_t = template("S", {"Bucket2": BUCKET, "Table2": TABLE_GSI, "Alarm": ALARM})
    cand = Side(review("MODEL_RESPONSE.md", [
        finding("SEC001", "Bucket1", 10),          # the reference fixes it
        finding("SEC002", "Bucket1", 10),          # both have it
        finding("BP033", None, 5, message="no alarm"),
    ]), [cand_t], {"Bucket1": Location("MODEL_RESPONSE.md", 10), "Table1": Location("MODEL_RESPONSE.md", 20)})
    ref = Side(review("IDEAL_RESPONSE.md", [
        finding("SEC002", "Bucket2", 30, "IDEAL_RESPONSE.md"),
        finding("DEP044", "Table2", 40, "IDEAL_RESPONSE.md"),   # only the reference has it
    ]), [ref_t], {"Bucket2": Location("IDEAL_RESPONSE.md", 30), "Table2": Location("IDEAL_RESPONSE.md", 40),
                  "Alarm": Location("IDEAL_RESPONSE.md", 50)})
    result = compare(cand, ref, prompt="Build it with DynamoDB, S3 and a CloudWatch alarm.")
    fixed = {(f.finding.rule_id, f.finding.resource) for f in result.failures if f.kind == "fixed_in_reference"}
    assert fixed == {("SEC001", "Bucket1"), ("BP033", None)}
    sec001 = next(f for f in result.failures if f.finding.rule_id == "SEC001")
    assert sec001.reference_location == Location("IDEAL_RESPONSE.md", 30)
    assert [f.rule_id for f in result.shared] == ["SEC002"]
    missing = [f for f in result.failures if f.kind == "missing_in_candidate"]
    assert any("CloudWatch alarm" in f.finding.message for f in missing)
    gsi = next(f for f in missing if "global secondary index" in f.finding.message)
    assert gsi.finding.location == Location("MODEL_RESPONSE.md", 20)
    assert gsi.finding.category is Category.PERFORMANCE
    assert [f.rule_id for f in result.regressions] == ["DEP044"]
    prompt = [f for f in result.failures if f.kind == "prompt"]
    assert [f.finding.rule_id for f in prompt] == ["BP091"] and "CloudWatch alarm" in prompt[0].finding.message
    alarm_item = next(g for g in result.groups() if g.kind == "prompt")
    # the prompt's alarm, the reference's alarm and "no alarm" in the candidate are one item
    assert sorted(result.failures[i].kind for i in alarm_item.members) == [
        "fixed_in_reference", "missing_in_candidate", "prompt"]


def test_synth_failure_against_working_reference() -> None:
    cand = Side(review("MODEL_RESPONSE.md", [
        Finding("DEP001", Category.DEPLOYMENT, Severity.CRITICAL, "Synthesis fails", "TypeError: x",
                Location("MODEL_RESPONSE.md", 77)),
        Finding("SYN011", Category.SYNTAX, Severity.CRITICAL, "Unknown keyword", "unexpected keyword 'x'",
                Location("MODEL_RESPONSE.md", 77)),
    ], ok=False), [])
    ref = Side(review("IDEAL_RESPONSE.md", []), [template("S", {"B": BUCKET})])
    result = compare(cand, ref)
    kinds = {f.kind for f in result.failures}
    assert "synth" in kinds
    synth = next(f for f in result.failures if f.kind == "synth")
    assert "MODEL_RESPONSE.md:77" in synth.finding.message
    assert [(e.rule_id, e.location.line if e.location else 0) for e in synth.related] == [("SYN011", 77)]
    assert not any(f.kind == "missing_in_candidate" for f in result.failures)  # no template to compare


def test_markdown_has_seed_shape() -> None:
    cand = Side(review("MODEL_RESPONSE.md", [finding("SEC001", "B1", 10)]), [template("S", {"B1": BUCKET})])
    ref_locations = {"B2": Location("IDEAL_RESPONSE.md", 9)}
    ref = Side(review("IDEAL_RESPONSE.md", []), [template("S", {"B2": BUCKET})], ref_locations)
    text = comparison_to_markdown(compare(cand, ref), {m.id: m for m in METAS})
    assert "## 1. Syntax Issues" in text and "## 5. Best Practices" in text
    assert "### 3.1 title SEC001" in text
    assert "`MODEL_RESPONSE.md:10`" in text and "`IDEAL_RESPONSE.md:9`" in text
    assert "| Category | Issue | Fix |" in text
    assert compare(cand, ref).to_json()["schema"] == "iacreview/compare@1"


def _static_error(rule: str, line: int, message: str) -> Finding:
    where = Location("MODEL_RESPONSE.md", line)
    return Finding(rule, Category.SYNTAX, Severity.CRITICAL, f"title {rule}", message, where)


def test_synth_failure_lists_every_error_with_its_line() -> None:
    errors = [
        Finding("DEP001", Category.DEPLOYMENT, Severity.CRITICAL, "Synthesis fails",
                "Synthesis fails: TypeError: Queue.__init__() got an unexpected keyword argument 'retention_days'",
                Location("MODEL_RESPONSE.md", 40)),
        _static_error("SYN011", 42, "Queue.__init__() got an unexpected keyword argument 'retention_days'"),
        _static_error("SYN031", 90, "`Duration` is used but never defined or imported"),
        Finding("DEP001", Category.DEPLOYMENT, Severity.CRITICAL, "Synthesis fails",
                "Synthesis fails: AttributeError: type object 'Runtime' has no attribute 'PYTHON_2'",
                Location("MODEL_RESPONSE.md", 120), after_repairs=True),
    ]
    cand = Side(review("MODEL_RESPONSE.md", errors, ok=False), [])
    ref = Side(review("IDEAL_RESPONSE.md", []), [template("S", {"B": BUCKET})])
    synth = next(f for f in compare(cand, ref).failures if f.kind == "synth")
    # the first synth error is the static SYN011 two lines below it: listed once; the later one met after repairs stays
    assert [(e.rule_id, e.location.line if e.location else 0) for e in synth.related] == [
        ("SYN011", 42), ("SYN031", 90), ("DEP001", 120)]
    assert all(f"MODEL_RESPONSE.md:{n}" in synth.finding.message for n in (42, 90, 120))
    text = comparison_to_markdown(compare(cand, ref), {m.id: m for m in METAS})
    assert "`MODEL_RESPONSE.md:90` SYN031" in text and "`MODEL_RESPONSE.md:120` DEP001" in text


def test_same_rule_same_fix_is_one_item_with_every_location() -> None:
    lambdas = {f"Fn{i}": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12"}} for i in range(4)}
    cand_findings = [finding("PERF006", f"Fn{i}", 10 * (i + 1), message=f"Lambda Fn{i} runs on x86_64")
                     for i in range(4)]
    cand = Side(review("MODEL_RESPONSE.md", cand_findings), [template("S", lambdas)])
    ref = Side(review("IDEAL_RESPONSE.md", []), [template("S", {f"R{i}": lambdas[f"Fn{i}"] for i in range(4)})])
    result = compare(cand, ref)
    assert len(result.failures) == 4
    (group,) = result.groups()
    assert [loc.line for loc in group.locations(result.failures)] == [10, 20, 30, 40]
    doc = result.to_json()
    assert [f["group"] for f in doc["failures"]] == [0, 0, 0, 0]
    assert doc["groups"][0]["members"] == [0, 1, 2, 3]
    text = comparison_to_markdown(result, {m.id: m for m in METAS})
    assert text.count("### ") == 1 and all(f"MODEL_RESPONSE.md:{n}" in text for n in (10, 20, 30, 40))


def test_names_and_counts_in_messages_do_not_make_a_difference() -> None:
    cand = Side(review("MODEL_RESPONSE.md", [
        finding("DEP023", None, 12, message='Lambda "Uploader" uses python3.9, which is deprecated.'),
        finding("BP033", None, 5, message="The stack has 3 Lambda function(s) (A1, B2, C3) but no alarm."),
    ]), [template("S", {"B": BUCKET})])
    ref = Side(review("IDEAL_RESPONSE.md", [
        finding("DEP023", None, 40, "IDEAL_RESPONSE.md", 'Lambda "Fn" uses python3.9, which is deprecated.'),
        finding("BP033", None, 8, "IDEAL_RESPONSE.md", "The stack has 1 Lambda function(s) (X9) but no alarm."),
    ]), [template("S", {"B2": BUCKET})])
    result = compare(cand, ref)
    assert result.failures == ()
    assert sorted(f.rule_id for f in result.shared) == ["BP033", "DEP023"]


def test_flaw_on_a_resource_the_reference_lacks_is_fixed_only_if_no_reference_resource_has_it() -> None:
    two = {"Fn1": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "a.h"}},
           "Fn2": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "b.h"}}}
    cand = Side(review("MODEL_RESPONSE.md", [finding("PERF006", "Fn1", 10), finding("PERF006", "Fn2", 20)]),
                [template("S", two)])
    one = {"R": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "a.h"}}}
    still = Side(review("IDEAL_RESPONSE.md", [finding("PERF006", "R", 5, "IDEAL_RESPONSE.md")]), [template("S", one)])
    assert compare(cand, still).failures == ()
    fixed = Side(review("IDEAL_RESPONSE.md", []), [template("S", one)])
    result = compare(cand, fixed)
    assert sorted(f.finding.resource or "" for f in result.failures) == ["Fn1", "Fn2"]
    assert sorted(str(f.reference_has_counterpart) for f in result.failures) == ["False", "True"]


def test_prompt_mention_without_reference_support_is_not_a_failure() -> None:
    cand = Side(review("MODEL_RESPONSE.md", []), [template("S", {"B": BUCKET}, env="aws://1/unknown-region")])
    ref = Side(review("IDEAL_RESPONSE.md", []), [template("S", {"B2": BUCKET}, env="aws://1/unknown-region")])
    prompt = "Create a role that Lambda can assume, with SNS notifications, deployed in us-east-1."
    assert compare(cand, ref, prompt=prompt).failures == ()
    pinned = Side(review("IDEAL_RESPONSE.md", []), [template("S", {"B2": BUCKET}, env="aws://1/us-east-1")])
    (region,) = compare(cand, pinned, prompt=prompt).failures
    assert region.finding.rule_id == "DEP091" and "environment-agnostic" in region.finding.message


def test_supporting_resources_join_the_item_of_what_they_serve() -> None:
    vpc = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
    paths = {"Vpc": "S/Vpc/Resource", "Role": "S/FlowRole/Resource", "Logs": "S/FlowLogs/Resource",
             "Flow": "S/Flow/Resource", "Fn": "S/Worker/Resource", "FnRole": "S/WorkerRole/Resource"}
    ref_t = template("S", {
        "Vpc": vpc,
        "Role": {"Type": "AWS::IAM::Role", "Properties": {}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {}},
        "Flow": {"Type": "AWS::EC2::FlowLog", "Properties": {
            "ResourceId": {"Ref": "Vpc"}, "DeliverLogsPermissionArn": {"Fn::GetAtt": ["Role", "Arn"]},
            "LogGroupName": {"Ref": "Logs"}}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["FnRole", "Arn"]}}},
        "FnRole": {"Type": "AWS::IAM::Role", "Properties": {}},
    }, paths)
    cand_t = template("S", {"V": vpc}, {"V": "S/Network/Resource"})
    no_flow_log = Finding("SEC009", Category.SECURITY, Severity.MEDIUM, "VPC without flow logs",
                          "VPC V has no flow log.", Location("MODEL_RESPONSE.md", 7), resource="V")
    cand = Side(review("MODEL_RESPONSE.md", [no_flow_log]), [cand_t], stack_location=Location("MODEL_RESPONSE.md", 3))
    ref = Side(review("IDEAL_RESPONSE.md", []), [ref_t])
    result = compare(cand, ref)
    items = {g.rule_id: sorted(result.failures[i].finding.evidence or result.failures[i].finding.rule_id
                               for i in g.members) for g in result.groups()}
    assert items["SEC009"] == ["AWS::EC2::FlowLog", "AWS::IAM::Role", "AWS::Logs::LogGroup", "SEC009"]
    assert items["DEP090"] == ["AWS::IAM::Role", "AWS::Lambda::Function"]
    assert len(items) == 2
