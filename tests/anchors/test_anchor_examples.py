"""On the bundled examples (real synth): everything cdk-nag and cfn-lint find on their own is in iacreview's
review, at a Python line when the resource comes from user code; generated helpers are hidden by default.

The anchors are also run directly, independently of iacreview: each example app is built in a child process by a
small entry written here that adds the cdk-nag packs itself (``Validations.of(app).add_plugins(...)``), and
cfn-lint runs through its API on the templates that child synthesized. One iacreview review per example and
one direct run per example are shared by all tests (session fixtures, one shared cache directory).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint

from example_support import EXAMPLES, NAMES
from iacreview import api
from iacreview.anchors.cdk_nag import PACK_CLASSES
from iacreview.anchors.mapping import split_rule
from iacreview.config import Config
from iacreview.model import Finding
from iacreview.synth.node import node_binary

PACKS = ("AwsSolutions", "Serverless")
DIRECT_ENTRY = """\
import os

import aws_cdk as cdk
import cdk_nag

from lib.tap_stack import TapStack, TapStackProps

app = cdk.App()
cdk.Validations.of(app).add_plugins({plugins})
TapStack(app, "TapStackdev", props=TapStackProps(environment_suffix="dev", env=cdk.Environment(
    account=os.environ["CDK_DEFAULT_ACCOUNT"], region=os.environ["CDK_DEFAULT_REGION"])))
try:
    app.synth()
except RuntimeError as error:  # cdk-nag reports its violations by failing synth after writing the report
    if "alidation" not in str(error):
        raise
"""


@dataclass(frozen=True)
class Direct:
    nag: set[tuple[str, str]]  # (base rule id, construct path)
    lint: set[tuple[str, str]]  # (rule id, logical id)


def _direct_run(name: str, out: Path, jsii_cache: Path) -> Direct:
    app_dir = EXAMPLES / name / "ideal"
    entry = out / "direct_entry.py"
    plugins = ", ".join(f"cdk_nag.{PACK_CLASSES[p]}(app)" for p in PACKS)
    entry.write_text(DIRECT_ENTRY.format(plugins=plugins), encoding="utf-8")
    context = json.loads((app_dir / "cdk.json").read_text(encoding="utf-8")).get("context", {})
    context.update({"environmentSuffix": "dev", "aws:cdk:enable-path-metadata": True})
    node = node_binary()
    env = {
        "PATH": f"{node.parent}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(out), "JSII_NODE": str(node),
        "PYTHONPATH": str(app_dir), "CDK_OUTDIR": str(out / "cdk.out"), "CDK_CONTEXT_JSON": json.dumps(context),
        "CDK_DEFAULT_ACCOUNT": "123456789012", "CDK_DEFAULT_REGION": "us-east-1", "CDK_VALIDATION": "false",
        "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1", "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(jsii_cache),
    }
    done = subprocess.run([sys.executable, str(entry)], cwd=app_dir, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads((out / "cdk.out" / "validation-report.json").read_text(encoding="utf-8"))
    nag = {
        (split_rule(v["ruleName"])[0], c["constructPath"].lstrip("/"))
        for plugin in report["pluginReports"] for v in plugin["violations"] for c in v["violatingConstructs"]
    }
    text = (out / "cdk.out" / "TapStackdev.template.json").read_text(encoding="utf-8")
    matches = lint(text, config=ManualArgs(include_checks=["I"], regions=["us-east-1"]))
    linted = {(str(m.rule.id), str(m.path[1])) for m in matches
              if not str(m.rule.id).startswith("E0") and len(m.path) > 1 and m.path[0] == "Resources"}
    return Direct(nag, linted)


@pytest.fixture(scope="session")
def anchor_cache(shared_cache_dir: Path) -> Path:
    return shared_cache_dir


@dataclass(frozen=True)
class Runs:
    reviews: dict[str, api.Analysis]
    direct: dict[str, Direct]


@pytest.fixture(scope="session")
def runs(anchor_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """iacreview on each example app (its own ``tap.py`` entry, generated findings included), while the direct
    runs go on in two background child processes."""
    outs = [tmp_path_factory.mktemp(f"direct-{n}") for n in NAMES]
    jsii = anchor_cache / "direct-jsii"
    jsii.mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = pool.map(_direct_run, NAMES, outs, [jsii] * len(NAMES))
        config = Config(cache_dir=str(anchor_cache), show_generated=True)
        reviews = {name: api.analyze(EXAMPLES / name / "ideal", config) for name in NAMES}
        return Runs(reviews, dict(zip(NAMES, pending, strict=True)))


@pytest.fixture(scope="session")
def reviews(runs: Runs) -> dict[str, api.Analysis]:
    return runs.reviews


@pytest.fixture(scope="session")
def direct(runs: Runs) -> dict[str, Direct]:
    return runs.direct


def _said(findings: tuple[Finding, ...], rule: str, *, path: str | None = None, logical_id: str | None = None
          ) -> list[Finding]:
    """Findings that report ``rule`` (as their id or as a merged anchor id) on that construct or resource."""
    return [
        f for f in findings
        if (f.rule_id == rule or rule in f.anchor_ids)
        and (path is None or (f.construct_path or "").lstrip("/") == path)
        and (logical_id is None or f.resource == logical_id)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_cdk_nag_violation_is_reported_at_a_python_line(
    name: str, reviews: dict[str, api.Analysis], direct: dict[str, Direct]
) -> None:
    assert direct[name].nag, "the direct cdk-nag run found nothing: the comparison would be empty"
    findings = reviews[name].review.findings
    for rule, path in sorted(direct[name].nag):
        said = _said(findings, rule, path=path)
        assert said, f"{rule} on {path} is missing from the review"
        for finding in said:
            assert finding.location is not None
            if not finding.generated:
                assert finding.location.path.endswith(".py"), (rule, path, finding.location)


@pytest.mark.parametrize("name", NAMES)
def test_every_cfn_lint_match_is_reported(
    name: str, reviews: dict[str, api.Analysis], direct: dict[str, Direct]
) -> None:
    findings = reviews[name].review.findings
    for rule, logical_id in sorted(direct[name].lint):
        said = _said(findings, rule, logical_id=logical_id)
        assert said, f"{rule} on {logical_id} is missing from the review"
        assert all(f.location is not None and f.location.path.endswith(".py") for f in said if not f.generated)


def test_the_generated_harness_gets_the_packs_too(anchor_cache: Path) -> None:
    """A model answer without an entry point: cdk-nag findings still arrive, at lines of the Markdown."""
    answer = EXAMPLES / "serverless-ecommerce" / "model" / "MODEL_RESPONSE.md"
    review = api.check(answer, Config(cache_dir=str(anchor_cache)), display="MODEL_RESPONSE.md")
    nag = [f for f in review.findings if f.source == "cdk-nag"]
    assert nag
    assert {f.location.path for f in nag if f.location} == {"MODEL_RESPONSE.md"}
    assert any(f.anchor_ids for f in review.findings if f.source == "iacreview")


def test_generated_helper_findings_are_hidden_by_default_and_shown_on_request(
    reviews: dict[str, api.Analysis], anchor_cache: Path
) -> None:
    """The crud example's AwsCustomResource brings CDK's singleton provider function, which cdk-nag flags."""
    shown = [f for f in reviews["crud-api-sample-data"].review.findings if f.generated]
    assert shown and all(f.source in ("cdk-nag", "cfn-lint") for f in shown)
    assert any("AWS679f53fac002430cb0da5b7982bd2287" in (f.construct_path or "") for f in shown)
    default = api.check(EXAMPLES / "crud-api-sample-data" / "ideal", Config(cache_dir=str(anchor_cache)))
    assert not [f for f in default.findings if f.generated]
    assert {(f.rule_id, f.resource) for f in shown}.isdisjoint({(f.rule_id, f.resource) for f in default.findings})


def test_cfn_lint_memoizations_change_no_match_on_the_examples(reviews: dict[str, api.Analysis]) -> None:
    """The synthesized example templates lint the same with cfn-lint as shipped (``anchors/cfn_lint_speed.py``)."""
    from iacreview.anchors import cfn_lint, cfn_lint_speed

    texts = [cfn_lint.template_text(t) for analysis in reviews.values() for t in analysis.templates]
    assert len(texts) >= len(NAMES)
    cfn_lint._rules()
    assert cfn_lint_speed.installed()
    fast = [cfn_lint._raw_matches(text, "us-east-1") for text in texts]
    cfn_lint_speed.uninstall()
    try:
        plain = [cfn_lint._raw_matches(text, "us-east-1") for text in texts]
    finally:
        assert cfn_lint_speed.install()
    assert fast == plain
    assert sum(map(len, plain)) >= 5  # an empty comparison would prove nothing
