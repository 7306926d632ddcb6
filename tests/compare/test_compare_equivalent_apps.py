"""Two apps that build the same bucket, table and function in different code (other construct ids, other import
aliases, a helper function on one side, other keyword order) are really synthesized and compared: compare must list
no failure in either direction, while still comparing (both share their real findings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview import api
from iacreview.compare import compare
from iacreview.compare.matching import match_resources, resources
from iacreview.config import Config

APPS = Path(__file__).parent / "apps"


@pytest.fixture(scope="session")
def equivalent_apps(tmp_path_factory: pytest.TempPathFactory) -> tuple[api.Analysis, api.Analysis]:
    config = Config(cache_dir=str(tmp_path_factory.mktemp("compare-equivalent-cache")))
    return (api.analyze(APPS / "orders_app.py", config, display="orders_app.py"),
            api.analyze(APPS / "service_app.py", config, display="service_app.py"))


def test_both_apps_synthesize(equivalent_apps: tuple[api.Analysis, api.Analysis]) -> None:
    for analysis in equivalent_apps:
        assert analysis.review.synth.ok, analysis.review.synth.error


@pytest.mark.parametrize("direction", ["orders_vs_service", "service_vs_orders"])
def test_same_resources_in_different_code_give_no_failure(
    equivalent_apps: tuple[api.Analysis, api.Analysis], direction: str
) -> None:
    first, second = equivalent_apps if direction == "orders_vs_service" else equivalent_apps[::-1]
    result = compare(first.side(), second.side())
    assert [f"{f.kind} {f.finding.rule_id}: {f.finding.message}" for f in result.failures] == []
    assert result.shared, "the findings both apps have must be recognised as shared"
    assert [f.rule_id for f in result.regressions] == []


def test_every_user_resource_finds_its_counterpart(equivalent_apps: tuple[api.Analysis, api.Analysis]) -> None:
    orders, service = equivalent_apps
    cand, ref = resources(orders.templates), resources(service.templates)
    matched = match_resources(cand, ref)
    pairs = {(c.type, (matched[(c.template, c.logical_id)].construct_path or "").split("/")[1]) for c in cand
             if c.type in ("AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Lambda::Function")}
    assert pairs == {("AWS::S3::Bucket", "Files"), ("AWS::DynamoDB::Table", "Orders"),
                     ("AWS::Lambda::Function", "Api")}
