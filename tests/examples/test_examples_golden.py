"""End to end on the bundled examples: ``check`` finds every expected failure at its line, the ideal shows none of
them, and ``compare`` lists them as failures without claiming anything the code does not show.

Each side is analysed once per session (real synth, shared cache directory).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from example_support import EXAMPLES, NAMES, Row, parse_expected
from iacreview import api
from iacreview.compare import Comparison, compare
from iacreview.config import Config
from iacreview.model import Finding


@pytest.fixture(scope="session")
def cache_dir(shared_cache_dir: Path) -> Path:
    return shared_cache_dir


@pytest.fixture(scope="session")
def analyses(cache_dir: Path) -> dict[tuple[str, str], api.Analysis]:
    config = Config(cache_dir=str(cache_dir))
    out: dict[tuple[str, str], api.Analysis] = {}
    for name in NAMES:
        model = EXAMPLES / name / "model" / "MODEL_RESPONSE.md"
        out[(name, "model")] = api.analyze(model, config, display="MODEL_RESPONSE.md")
        out[(name, "ideal")] = api.analyze(EXAMPLES / name / "ideal", config, display="ideal")
    return out


def rows(name: str) -> list[Row]:
    return parse_expected((EXAMPLES / name / "expected.md").read_text())


def at(findings: list[Finding], rule: str, line: int) -> bool:
    return any(
        f.rule_id == rule and f.location is not None and f.location.path == "MODEL_RESPONSE.md"
        and f.location.line == line
        for f in findings
    )


@pytest.mark.parametrize("name", NAMES)
def test_check_reports_every_expected_failure_at_its_line(
    analyses: dict[tuple[str, str], api.Analysis], name: str
) -> None:
    review = analyses[(name, "model")].review
    assert review.synth.ok, review.synth.error
    findings = list(review.findings)
    missed = [r for r in rows(name) if r.rule != "missing" and not at(findings, r.rule, r.line)]
    assert not missed, [f"{r.id} {r.rule} MODEL_RESPONSE.md:{r.line}" for r in missed]


@pytest.mark.parametrize("name", NAMES)
def test_ideal_reports_none_of_the_expected_failures(
    analyses: dict[tuple[str, str], api.Analysis], name: str
) -> None:
    review = analyses[(name, "ideal")].review
    assert review.synth.ok, review.synth.error
    expected_rules = {r.rule for r in rows(name)} - {"missing"}
    assert [f"{f.rule_id} {f.location}" for f in review.findings if f.rule_id in expected_rules] == []


def comparison(analyses: dict[tuple[str, str], api.Analysis], name: str) -> Comparison:
    return compare(analyses[(name, "model")].side(), analyses[(name, "ideal")].side())


@pytest.mark.parametrize("name", NAMES)
def test_compare_lists_every_expected_failure(analyses: dict[tuple[str, str], api.Analysis], name: str) -> None:
    result = comparison(analyses, name)
    failures = [f.finding for f in result.failures]
    missing = [f.finding for f in result.failures if f.kind == "missing_in_candidate"]
    absent = []
    for row in rows(name):
        if row.rule == "missing":
            if not any(f.location is not None and f.location.line == row.line for f in missing):
                absent.append(f"{row.id} missing-in-candidate at {row.line}")
        elif not at(failures, row.rule, row.line):
            absent.append(f"{row.id} {row.rule} at {row.line}")
    assert not absent


@pytest.mark.parametrize("name", NAMES)
def test_compare_claims_nothing_the_examples_do_not_carry(
    analyses: dict[tuple[str, str], api.Analysis], name: str
) -> None:
    result = comparison(analyses, name)
    expected_rules = {r.rule for r in rows(name)}
    unexpected = [
        f"{f.finding.rule_id} {f.finding.location}: {f.finding.message}"
        for f in result.failures
        # expected.md lists iacreview's own rules; cdk-nag and cfn-lint findings are checked in tests/anchors.
        if f.kind == "fixed_in_reference" and f.finding.source == "iacreview"
        and f.finding.rule_id not in expected_rules
    ]
    assert unexpected == []
    assert not [f for f in result.failures if f.kind == "synth"]
