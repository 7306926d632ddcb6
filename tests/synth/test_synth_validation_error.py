"""A construct's own validation error (raised by ``app.synth()`` before the assembly is written) is reported with
its message even while the cdk-nag hook wraps ``synth()``, and the ladder takes the construct it names out."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview import api
from iacreview.config import Config
from iacreview.model import Review

STACK = '''from aws_cdk import Stack, aws_apigateway as apigw, aws_sqs as sqs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        sqs.Queue(self, "Jobs")
        apigw.RestApi(self, "Api")
'''

ANSWER = "# API\n\n### lib/tap_stack.py\n```python\n" + STACK + "```\n"
API_LINE = 4 + next(n for n, t in enumerate(STACK.splitlines(), start=1) if "RestApi" in t)


@pytest.fixture(scope="session")
def review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    folder = tmp_path_factory.mktemp("validation")
    path = folder / "MODEL_RESPONSE.md"
    path.write_text(ANSWER, encoding="utf-8")
    config = Config(cache_dir=str(folder / "cache"))
    assert "AwsSolutions" in config.packs  # the hook is in play
    return api.check(Path(path), config)


def test_the_validation_error_is_reported_with_its_message(review: Review) -> None:
    assert review.synth.ok is False
    assert review.synth.error is not None and "doesn't contain any methods" in review.synth.error
    assert "no cloud assembly" not in review.synth.error


def test_the_named_construct_is_taken_out_and_the_rest_reviewed(review: Review) -> None:
    assert review.synth.templates == 1 and review.synth.partial is True
    excised = [r for r in review.synth.repairs if r.kind == "excise"]
    assert excised and excised[0].location is not None and excised[0].location.line == API_LINE
