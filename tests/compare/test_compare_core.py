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
    result = compare(cand, ref, prompt="Build it with DynamoDB, S3 and an SNS topic in us-west-2.")
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
    prompt = {f.finding.rule_id: f.finding.message for f in result.failures if f.kind == "prompt"}
    assert "SNS topic" in prompt["BP091"] and "us-west-2" in prompt["DEP091"]


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
