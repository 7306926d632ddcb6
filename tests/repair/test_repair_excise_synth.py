"""Excision on a real synth: an answer whose failing call has no certain fix still gets a (partial) template review,
findings the removed code may have changed are withheld, and compare does not read the partial template's gaps as
missing resources."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview import api
from iacreview.compare import Comparison
from iacreview.config import Config
from iacreview.model import Review

STACK = '''from aws_cdk import Stack, aws_s3 as s3, aws_sqs as sqs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        bucket = s3.Bucket(self, "Data")
        queue = sqs.Queue(self, "Jobs")
        bucket.make_everything_secure(level=3)
'''

REFERENCE = '''from aws_cdk import Stack, aws_s3 as s3, aws_sns as sns, aws_sqs as sqs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        s3.Bucket(self, "Data", enforce_ssl=True, versioned=True)
        sqs.Queue(self, "Jobs", enforce_ssl=True)
        sns.Topic(self, "Alerts", enforce_ssl=True)
'''


def answer(code: str) -> str:
    return "# Jobs\n\n### lib/tap_stack.py\n```python\n" + code + "```\n"


FIRST_CODE_LINE = 5


def answer_line(code: str) -> int:
    return FIRST_CODE_LINE - 1 + next(n for n, t in enumerate(STACK.splitlines(), start=1) if code in t)


@pytest.fixture(scope="session")
def paths(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("excise")
    (folder / "MODEL_RESPONSE.md").write_text(answer(STACK), encoding="utf-8")
    (folder / "IDEAL_RESPONSE.md").write_text(answer(REFERENCE), encoding="utf-8")
    return folder / "MODEL_RESPONSE.md", folder / "IDEAL_RESPONSE.md", folder / "cache"


@pytest.fixture(scope="session")
def review(paths: tuple[Path, Path, Path]) -> Review:
    candidate, _, cache = paths
    return api.check(candidate, Config(cache_dir=str(cache)))


@pytest.fixture(scope="session")
def comparison(paths: tuple[Path, Path, Path]) -> Comparison:
    candidate, reference, cache = paths
    return api.compare_paths(candidate, reference, Config(cache_dir=str(cache)))


def test_the_failing_statement_is_taken_out_and_the_rest_reviewed(review: Review) -> None:
    synth = review.synth
    assert synth.ok is False and synth.templates == 1
    assert synth.repairs and synth.repairs[-1].kind == "excise"
    excised = synth.repairs[-1]
    assert excised.location is not None and excised.location.line == answer_line("make_everything_secure")
    assert synth.partial is True
    assert any("withheld" in a for a in synth.assumptions)
    first = next(f for f in review.findings if f.rule_id == "DEP001")
    assert first.location is not None and first.location.line == answer_line("make_everything_secure")


def test_findings_on_what_the_removed_code_configured_are_withheld(review: Review) -> None:
    bucket, queue = answer_line("bucket = s3.Bucket"), answer_line("queue = sqs.Queue")
    lines = {f.location.line for f in review.findings if f.location is not None and f.after_repairs}
    assert bucket not in lines
    assert queue in lines  # the queue was not touched: its findings stand
    assert review.synth.withheld >= 1


def test_no_repair_and_no_excise_stop_the_ladder(paths: tuple[Path, Path, Path]) -> None:
    candidate, _, cache = paths
    stopped = api.check(candidate, Config(cache_dir=str(cache), excise=False))
    assert stopped.synth.templates == 0 and stopped.synth.partial is False
    assert "no certain repair" in stopped.synth.ladder_stopped


def test_compare_does_not_read_a_partial_template_as_missing_resources(comparison: Comparison) -> None:
    kinds = {f.kind for f in comparison.failures}
    assert "missing_in_candidate" not in kinds
    assert "synth" in kinds
