"""cfn-lint results are cached by template text, region and cfn-lint version."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.anchors import cfn_lint
from iacreview.template.loader import load_template_text

TEMPLATE = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.7
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: "def handler(e, c): pass"}
"""


def test_second_lint_of_the_same_text_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = load_template_text(TEMPLATE, "t.yaml")
    given = tmp_path / "t.yaml"
    given.write_text(TEMPLATE)
    first = cfn_lint.lint_template(template, "us-east-1", given, tmp_path / "cache")
    assert first, "cfn-lint reports the deprecated runtime"
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1

    def fail(text: str, region: str) -> list[tuple[str, str, list[object], int | None]]:
        raise AssertionError("cfn-lint ran again")

    monkeypatch.setattr(cfn_lint, "_raw_matches", fail)
    again = cfn_lint.lint_template(template, "us-east-1", given, tmp_path / "cache")
    assert [(h.rule_id, h.line, h.logical_id) for h in again] == [(h.rule_id, h.line, h.logical_id) for h in first]
    other_region = cfn_lint.lint_template(template, "eu-west-1", given, tmp_path / "cache")
    assert other_region == []  # a different key: cfn-lint would run, and here it raises, costing only its findings
