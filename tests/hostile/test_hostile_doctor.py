"""``iacreview doctor`` lists the versions and every sandbox measure with its state."""

from __future__ import annotations

from typer.testing import CliRunner

from iacreview.cli import app
from iacreview.doctor import diagnose


def test_doctor_reports_versions_and_measures() -> None:
    report = diagnose()
    assert report.versions["aws-cdk-lib"] and report.node_version and report.node_version.startswith("v")
    names = {m.name for m in report.measures}
    assert {"network namespace", "memory limit", "process limit", "file size limit", "output cap",
            "read-only filesystem"} <= names
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == (0 if all(m.active for m in report.measures) else 1)
    assert "aws-cdk-lib: " in result.output and "process limit" in result.output
