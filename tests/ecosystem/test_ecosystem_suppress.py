"""Suppressions (inline comment, resource Metadata, config entry), reasons, --no-suppressions and the baseline.

Inputs are small CloudFormation templates (no synth) and one Markdown answer with ``--no-synth``, so these run fast.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from iacreview import api
from iacreview.cli import app
from iacreview.config import Config, ConfigSuppression
from iacreview.model import Category, Finding, Location, Severity
from iacreview.suppress import apply_suppressions, baseline_key

BUCKET = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
{comment}  Logs:{inline}
    Type: AWS::S3::Bucket
{metadata}    Properties:
      BucketName: my-logs
"""


def _template(tmp_path: Path, comment: str = "", inline: str = "", metadata: str = "", name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(BUCKET.format(comment=comment, inline=inline, metadata=metadata), encoding="utf-8")
    return path


def _by_rule(path: Path, config: Config | None = None) -> dict[str, Finding]:
    review = api.check(path, config or Config(), display=str(path))
    return {f.rule_id: f for f in review.findings}


def test_unsuppressed_baseline_of_the_fixture(tmp_path: Path) -> None:
    found = _by_rule(_template(tmp_path))
    assert {"SEC001", "SEC002", "DEP040"} <= set(found)
    assert not any(f.suppressed for f in found.values())


def test_inline_comment_on_the_line_with_reason(tmp_path: Path) -> None:
    found = _by_rule(_template(tmp_path, inline="  # iacreview: ignore[SEC001, sec002] served by CloudFront only"))
    assert found["SEC001"].suppressed and found["SEC002"].suppressed
    assert found["SEC001"].suppression_reason == "served by CloudFront only"
    assert not found["DEP040"].suppressed and "BP040" not in found


def test_inline_comment_on_the_line_above(tmp_path: Path) -> None:
    found = _by_rule(_template(tmp_path, comment="  # iacreview: ignore[DEP040] - name owned by another team\n"))
    assert found["DEP040"].suppressed and found["DEP040"].suppression_reason == "name owned by another team"
    assert not found["SEC001"].suppressed


def test_inline_comment_without_reason_does_not_suppress(tmp_path: Path) -> None:
    found = _by_rule(_template(tmp_path, comment="  # iacreview: ignore[SEC001]\n"))
    assert not found["SEC001"].suppressed
    note = found["BP040"]
    assert note.severity is Severity.INFO and note.location is not None and note.location.line == 3


def test_metadata_entry_with_and_without_reason(tmp_path: Path) -> None:
    meta = (
        "    Metadata:\n      iacreview:\n        ignore:\n"
        "          - id: SEC001\n            reason: public site\n"
        "          - id: SEC002\n"
    )
    found = _by_rule(_template(tmp_path, metadata=meta))
    assert found["SEC001"].suppressed and found["SEC001"].suppression_reason == "public site"
    assert not found["SEC002"].suppressed
    assert "BP040" in found and found["BP040"].resource == "Logs"


def test_config_entry_with_wildcards(tmp_path: Path) -> None:
    path = _template(tmp_path)
    config = Config(suppressions=(ConfigSuppression("SEC*", "Lo*", "logging bucket"),))
    found = _by_rule(path, config)
    assert found["SEC001"].suppressed and found["SEC002"].suppressed and not found["DEP040"].suppressed


def _finding(construct_path: str) -> Finding:
    return Finding("SEC001", Category.SECURITY, Severity.MEDIUM, "t", "m", Location("app.py", 3),
                   resource="ImagesABC", construct_path=construct_path)


def test_config_path_pattern_covers_children_only_under_the_pattern() -> None:
    config = Config(suppressions=(ConfigSuppression("SEC001", "TapStack*/Images", "public images"),))
    inside, outside = _finding("TapStackdev/Images/Resource"), _finding("TapStackdev/Logs/Resource")
    out = apply_suppressions([inside, outside], config)
    assert [f.suppressed for f in out] == [True, False]


def test_no_suppressions_flag_ignores_them_all(tmp_path: Path) -> None:
    path = _template(tmp_path, inline="  # iacreview: ignore[SEC001] reason")
    runner = CliRunner()
    with_them = json.loads(runner.invoke(app, ["check", str(path), "-f", "json", "--fail-on", "none"]).stdout)
    without = json.loads(runner.invoke(app, ["check", str(path), "-f", "json", "--fail-on", "none",
                                             "--no-suppressions"]).stdout)
    assert any(f["suppressed"] for f in with_them["findings"])
    assert not any(f["suppressed"] for f in without["findings"])


def test_suppressed_findings_do_not_fail_the_run(tmp_path: Path) -> None:
    path = _template(tmp_path, inline="  # iacreview: ignore[SEC*,DEP*,BP*] demo bucket")
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(path), "--fail-on", "low"]).exit_code == 0
    assert runner.invoke(app, ["check", str(path), "--fail-on", "low", "--no-suppressions"]).exit_code == 1


def test_inline_comment_in_a_markdown_answer_maps_to_the_block(tmp_path: Path) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(
        "# Answer\n\n## File: lib/tap_stack.py\n\n```python\nimport os\n"
        "import json  # iacreview: ignore[SYN032] kept for the next task\n"
        "from aws_cdk import Stack\n\n\nclass TapStack(Stack):\n    pass\n```\n",
        encoding="utf-8",
    )
    review = api.check(answer, Config(synth=False), display=str(answer))
    unused = {f.location.line: f for f in review.findings if f.rule_id == "SYN032" and f.location}
    assert unused[7].suppressed and unused[7].suppression_reason == "kept for the next task"
    assert not unused[6].suppressed


def test_baseline_survives_a_line_shift(tmp_path: Path) -> None:
    path = _template(tmp_path)
    base = tmp_path / "base.json"
    runner = CliRunner()
    written = runner.invoke(app, ["check", str(path), "--fail-on", "none", "--write-baseline", str(base)])
    assert written.exit_code == 0 and base.is_file()
    # Lines added above the known resource, plus one new resource: only the new one is reported.
    text = path.read_text(encoding="utf-8").replace(
        "Resources:\n", "Description: shifted\nMetadata: {}\nResources:\n  Alerts:\n    Type: AWS::SNS::Topic\n")
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "-f", "json", "--fail-on", "none", "--baseline", str(base)])
    findings = json.loads(result.stdout)["findings"]
    active = [f for f in findings if not f["suppressed"]]
    # (A stack-wide finding whose message counts resources changes too, and is new: resource None.)
    assert "Alerts" in {f["resource"] for f in active} and "Logs" not in {f["resource"] for f in active}
    known = [f for f in findings if f["suppressed"]]
    assert {f["rule_id"] for f in known} >= {"SEC001", "DEP040"}
    assert all(f["suppression_reason"].startswith("known finding (baseline") for f in known)


def test_baseline_key_ignores_line_numbers() -> None:
    where = Location("app.py", 12)
    a = Finding("SYN001", Category.SYNTAX, Severity.HIGH, "t", "bad token at line 12 (app.py:12)", where)
    b = a.with_changes(message="bad token at line 15 (app.py:15)", location=Location("app.py", 15))
    assert baseline_key(a) == baseline_key(b)


def test_cdk_nag_suppression_metadata_covers_the_rule_and_our_equivalent(tmp_path: Path) -> None:
    meta = (
        "    Metadata:\n      cdk_nag:\n        rules_to_suppress:\n"
        "          - id: AwsSolutions-S2\n            reason: public website bucket behind CloudFront\n"
    )
    found = _by_rule(_template(tmp_path, metadata=meta))
    assert found["SEC001"].suppressed  # SEC001 is the same finding as AwsSolutions-S2
    assert found["SEC001"].suppression_reason == "public website bucket behind CloudFront"
    assert not found["SEC002"].suppressed and not found["DEP040"].suppressed
