from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from iacreview.model import Review, RuleMeta
from iacreview.report import reviews_to_sarif
from iacreview.report.sarif import artifact_uri

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _validator() -> Any:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA, format_checker=cls.FORMAT_CHECKER)


def _sarif(reviews: list[Review], rules: tuple[RuleMeta, ...]) -> dict[str, Any]:
    return reviews_to_sarif(reviews, rules, tool_version="9.9.9")


def _result(document: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in document["runs"][0]["results"] if r["ruleId"] == rule_id)


def test_vendored_schema_is_the_official_2_1_0() -> None:
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    assert "v2.1.0" in SCHEMA["id"]
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft4Validator


def test_document_validates_against_official_schema(
    model: Review, template: Review, failed: Review, rules: tuple[RuleMeta, ...]
) -> None:
    document = _sarif([model, template, failed], rules)
    errors = sorted(_validator().iter_errors(document), key=str)
    assert errors == []
    assert document["version"] == "2.1.0"
    assert "sarif-schema-2.1.0.json" in document["$schema"]
    assert len(document["runs"]) == 1


_BREAKAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "bad level": lambda d: d["runs"][0]["results"][0].update(level="critical"),
    "no message": lambda d: d["runs"][0]["results"][0].pop("message"),
    "line zero": lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(
        startLine=0
    ),
    "bad suppression": lambda d: d["runs"][0]["results"][0].update(suppressions=[{"kind": "ignored"}]),
    "no driver name": lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
    "wrong version": lambda d: d.update(version="2.0.0"),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_broken_documents_fail_validation(model: Review, rules: tuple[RuleMeta, ...], breakage: str) -> None:
    document = copy.deepcopy(_sarif([model], rules))
    assert _validator().is_valid(document)
    _BREAKAGES[breakage](document)
    assert not _validator().is_valid(document)


def test_rules_carry_metadata(model: Review, rules: tuple[RuleMeta, ...]) -> None:
    driver = _sarif([model], rules)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "iacreview"
    assert driver["version"] == "9.9.9"
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert set(by_id) == {m.id for m in rules}
    sec = by_id["SEC001"]
    assert sec["shortDescription"]["text"] == "S3 bucket without full public-access block"
    assert sec["fullDescription"]["text"] == "impact of SEC001: things go wrong"
    assert sec["help"]["text"] == "fix for SEC001: do the right thing"
    assert sec["properties"]["category"] == "security"
    assert sec["defaultConfiguration"]["level"] == "error"
    assert by_id["PERF005"]["defaultConfiguration"]["level"] == "note"
    assert by_id["BP032"]["defaultConfiguration"]["level"] == "warning"


def test_results_levels_indexes_and_locations(model: Review, template: Review, rules: tuple[RuleMeta, ...]) -> None:
    document = _sarif([model, template], rules)
    run = document["runs"][0]
    assert len(run["results"]) == len(model.findings) + len(template.findings)
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    expected_levels = {"SYN031": "error", "SEC001": "error", "DEP040": "warning", "BP032": "warning",
                       "PERF005": "note", "DEP046": "note", "E3012": "error", "SEC003": "error"}
    assert {r["ruleId"]: r["level"] for r in run["results"]} == expected_levels

    syn = _result(document, "SYN031")
    physical = syn["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "answers/MODEL_RESPONSE.md"
    assert physical["region"] == {"startLine": 45, "startColumn": 12}
    assert syn["message"]["text"] == "undefined name 'Duration'"

    sec = _result(document, "SEC001")
    assert sec["locations"][0]["logicalLocations"] == [
        {"kind": "resource", "name": "ImagesBucketA1B2C3", "fullyQualifiedName": "TapStackdev/ImagesBucket/Resource"}
    ]
    assert sec["properties"] == {
        "severity": "high", "category": "security", "after_repairs": True, "subject": "answers/MODEL_RESPONSE.md",
        "resource": "ImagesBucketA1B2C3", "construct_path": "TapStackdev/ImagesBucket/Resource",
    }

    assert "locations" not in _result(document, "DEP046")
    # A rule the caller did not list still gets a descriptor, from the finding.
    cfn = _result(document, "E3012")
    descriptor = run["tool"]["driver"]["rules"][cfn["ruleIndex"]]
    assert descriptor["shortDescription"]["text"] == "Property value type mismatch"
    assert cfn["properties"]["source"] == "cfn-lint"


def test_suppressed_finding_has_in_source_suppression(model: Review, rules: tuple[RuleMeta, ...]) -> None:
    document = _sarif([model], rules)
    sec3 = _result(document, "SEC003")
    assert sec3["suppressions"] == [{"kind": "inSource", "justification": "demo needs it | reviewed"}]
    assert all("suppressions" not in r for r in document["runs"][0]["results"] if r["ruleId"] != "SEC003")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_no_absolute_or_temporary_paths(model: Review, template: Review, rules: tuple[RuleMeta, ...]) -> None:
    document = _sarif([model, template], rules)
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
        for loc in r.get("locations", [])
    ]
    assert uris and all(not uri.startswith(("/", "file:")) for uri in uris)
    assert not any(tempfile.gettempdir() in s for s in _strings(document))


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("lib/tap_stack.py", "lib/tap_stack.py"),
        ("my answers/MODEL RESPONSE.md", "my%20answers/MODEL%20RESPONSE.md"),
        ("lib\\tap_stack.py", "lib/tap_stack.py"),
        ("/abs/app.py", "file:///abs/app.py"),
        ("C:\\work\\app.py", "file:///C:/work/app.py"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
