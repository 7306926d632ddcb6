"""The generated entry's own env= breaking an answer (cross-environment reference) is undone, not reported; unless
the answer itself hands the env of its props to some stacks only."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview import api
from iacreview.config import Config
from iacreview.repair.failure import Failure
from iacreview.repair.harness_env import env_only_through_props, repair_harness_env
from iacreview.repair.kinds import NoOracle
from iacreview.sources.workspace import InputKind, SourceFile, Workspace
from iacreview.synth.harness import HARNESS, NO_ENV_MARKER

STACK = '''from aws_cdk import Stack, aws_s3 as s3, aws_sqs as sqs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        network = Stack(self, "Network")
        bucket = s3.Bucket(network, "Data")
        sqs.Queue(self, "Jobs", queue_name=bucket.bucket_name)
'''
CROSS = "RuntimeError: CannotUseCrossEnvironment: Cannot use resource 'TapStackdev/Network/Data' in a " \
        "cross-environment fashion"


def _workspace(tmp_path: Path, generated: bool) -> Workspace:
    ws = Workspace(subject="MODEL_RESPONSE.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile(HARNESS, "MODEL_RESPONSE.md", first_line=None if generated else 1, generated=generated),
                "env = cdk.Environment()\nTapStack(app, 'TapStackdev', env=env)\n")
    return ws


def test_applies_once_on_a_generated_entry(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, generated=True)
    applied = repair_harness_env(ws, Failure(CROSS, None, None), NoOracle())
    assert applied is not None and applied.kind == "harness"
    assert (tmp_path / NO_ENV_MARKER).exists()
    assert repair_harness_env(ws, Failure(CROSS, None, None), NoOracle()) is None


@pytest.mark.parametrize(("generated", "error"), [(False, CROSS), (True, "RuntimeError: something else")])
def test_refused_for_the_answers_own_entry_or_other_errors(tmp_path: Path, generated: bool, error: str) -> None:
    assert repair_harness_env(_workspace(tmp_path, generated), Failure(error, None, None), NoOracle()) is None
    assert not (tmp_path / NO_ENV_MARKER).exists()


def test_answer_that_only_the_harness_env_broke_synthesizes(tmp_path: Path) -> None:
    path = tmp_path / "MODEL_RESPONSE.md"
    path.write_text("# App\n\n### lib/tap_stack.py\n```python\n" + STACK + "```\n", encoding="utf-8")
    review = api.check(path, Config(cache_dir=str(tmp_path / "cache")))
    assert review.synth.ok is True and review.synth.templates == 2 and review.synth.repairs == ()
    assert any("environment-agnostic" in a for a in review.synth.assumptions)
    assert not [f for f in review.findings if f.rule_id in {"DEP001", "DEP046"}]


ROUTING = '''from typing import Optional

import aws_cdk as cdk
from aws_cdk import Stack, aws_s3 as s3, aws_sqs as sqs
from constructs import Construct


class TapStackProps(cdk.StackProps):
    def __init__(self, environment_suffix: Optional[str] = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class NetworkStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.bucket = s3.Bucket(self, "Data")


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, props: Optional[TapStackProps] = None,
                 **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        network = NetworkStack(self, "Network",
                               env=props.env if props else None)
        sqs.Queue(self, "Jobs", queue_name=network.bucket.bucket_name)
'''


@pytest.mark.parametrize(("entry", "through_props"), [
    ("TapStack(app, 'TapStackdev', props=TapStackProps(environment_suffix=suffix, env=env))", True),
    ("TapStack(app, 'TapStackdev', props=cdk.StackProps(env=env))", True),
    ("TapStack(app, 'TapStackdev', env=env)", False),
    ("TapStack(app, 'TapStackdev', props=TapStackProps(environment_suffix=suffix), env=env)", False),
    ("TapStack(app, 'TapStackdev', props=TapStackProps(environment_suffix=suffix))", False),
])
def test_env_given_only_through_the_answers_props(entry: str, through_props: bool) -> None:
    assert env_only_through_props("env = cdk.Environment()\n" + entry + "\n") is through_props


def test_the_answers_own_env_routing_is_reported_where_it_hands_the_env_on(tmp_path: Path) -> None:
    path = tmp_path / "MODEL_RESPONSE.md"
    text = "# App\n\n### lib/tap_stack.py\n```python\n" + ROUTING + "```\n"
    path.write_text(text, encoding="utf-8")
    review = api.check(path, Config(cache_dir=str(tmp_path / "cache")))
    assert review.synth.ok is False and review.synth.templates >= 1  # the ladder still goes on without env
    (cross,) = [f for f in review.findings if f.rule_id == "DEP001"]
    assert "hands to some of its stacks" in cross.message
    handed_on = text.splitlines().index("                               env=props.env if props else None)") + 1
    assert cross.location is not None and cross.location.line == handed_on
