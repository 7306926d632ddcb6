"""``explain`` knows the cdk-nag and cfn-lint rules iacreview reports, not only its own."""

from __future__ import annotations

from typer.testing import CliRunner

from iacreview.cli import app


def test_explain_a_cdk_nag_rule_names_our_equivalent() -> None:
    result = CliRunner().invoke(app, ["explain", "awssolutions-s2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("AwsSolutions-S2 — ")
    assert "source: cdk-nag" in result.output and "SEC001" in result.output


def test_explain_a_cfn_lint_rule() -> None:
    result = CliRunner().invoke(app, ["explain", "E3012"])
    assert result.exit_code == 0 and "source: cfn-lint" in result.output


def test_unknown_id_is_bad_input() -> None:
    result = CliRunner().invoke(app, ["explain", "NOPE123"])
    assert result.exit_code == 2 and "no rule" in result.output
