"""The repair ladder on a real synth: one small Markdown answer with three chained errors, synthesized once per
configuration (session fixtures sharing one content-hash cache, so repeated attempts are cache hits). The misspelt
keyword is known to the static layer: it is fixed in the step that repairs the first error, not met by a synth."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview import api
from iacreview.config import Config
from iacreview.model import Review

STACK = '''from aws_cdk import Stack, aws_dynamodb as dynamodb, aws_logs as logs, aws_s3 as s3
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        dynamodb.Table(
            self,
            "Orders",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.ON_DEMAND,
        )
        logs.LogGroup(self, "Audit", retention=logs.RetentionDays.THIRTY_DAYS)
        s3.Bucket(self, "Uploads", versoned=True)
'''

ANSWER = "# Orders service\n\nThe stack:\n\n### lib/tap_stack.py\n```python\n" + STACK + "```\n"
FIRST_CODE_LINE = 7  # line of the answer holding line 1 of the block


def answer_line(code: str) -> int:
    return FIRST_CODE_LINE + STACK.splitlines().index(next(s for s in STACK.splitlines() if code in s))


@pytest.fixture(scope="session")
def answer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    folder = tmp_path_factory.mktemp("ladder")
    path = folder / "MODEL_RESPONSE.md"
    path.write_text(ANSWER, encoding="utf-8")
    return path, folder / "cache", path.read_bytes()


@pytest.fixture(scope="session")
def repaired(answer: tuple[Path, Path, bytes]) -> Review:
    path, cache, _ = answer
    return api.check(path, Config(cache_dir=str(cache)))


def test_chained_errors_reach_a_template(repaired: Review) -> None:
    synth = repaired.synth
    assert synth.ok is False and synth.templates >= 1
    assert [r.kind for r in synth.repairs] == ["enum-member", "keyword", "enum-member"]
    assert [r.location.line for r in synth.repairs if r.location] == [
        answer_line("ON_DEMAND"), answer_line("versoned"), answer_line("THIRTY_DAYS")
    ]
    assert "static layer" in synth.repairs[1].why
    assert synth.ladder_stopped == ""


def test_each_synth_error_is_reported_and_the_first_comes_first(repaired: Review) -> None:
    errors = [f for f in repaired.findings if f.rule_id == "DEP001"]
    assert [f.location.line for f in errors if f.location] == [answer_line("ON_DEMAND"), answer_line("THIRTY_DAYS")]
    assert any(f.rule_id == "SYN011" and f.location and f.location.line == answer_line("versoned")
               for f in repaired.findings)  # the keyword the synth no longer meets: reported by the static layer
    first = next(f for f in repaired.findings if f.severity.value == "critical" and f.rule_id == "DEP001")
    assert first.location is not None and first.location.line == answer_line("ON_DEMAND")
    assert first.after_repairs is False
    assert all(f.after_repairs for f in errors if f is not first)
    assert repaired.synth.error is not None and "ON_DEMAND" in repaired.synth.error


def test_template_findings_are_marked_after_repairs(repaired: Review) -> None:
    template_findings = [f for f in repaired.findings if f.resource is not None or f.construct_path is not None]
    assert template_findings
    assert all(f.after_repairs for f in template_findings)


def test_input_file_is_untouched(repaired: Review, answer: tuple[Path, Path, bytes]) -> None:
    path, _, original = answer
    assert path.read_bytes() == original


def test_ladder_limit_one(answer: tuple[Path, Path, bytes], repaired: Review) -> None:
    path, cache, _ = answer
    review = api.check(path, Config(cache_dir=str(cache), max_repairs=1))
    assert [r.kind for r in review.synth.repairs] == ["enum-member", "keyword"]  # one step: the repair, the batch
    assert review.synth.templates == 0
    assert review.synth.ladder_stopped == "repair limit (1) reached"


def test_no_repair_stops_at_the_first_error(answer: tuple[Path, Path, bytes], repaired: Review) -> None:
    path, cache, _ = answer
    review = api.check(path, Config(cache_dir=str(cache), repair=False))
    assert review.synth.repairs == () and review.synth.templates == 0
    assert [f.location.line for f in review.findings if f.rule_id == "DEP001" and f.location] == [
        answer_line("ON_DEMAND")
    ]
    assert review.synth.ladder_stopped == "repairs disabled"
