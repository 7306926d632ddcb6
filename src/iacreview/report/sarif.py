"""SARIF 2.1.0 report of ``iacreview check``, for code-scanning dashboards and editors.

One run of the ``iacreview`` driver carries every subject's findings (each result names its subject in
``properties.subject``). Rule descriptors come from rule metadata; a finding whose rule is not in the given list
(an external source such as cfn-lint) gets a descriptor built from the finding, so every ``ruleIndex`` resolves.
Locations are the paths the user gave (the ``.md`` answer, not a temporary workspace file); a finding about the
whole subject has no ``locations`` at all, as SARIF asks, rather than a made-up line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from iacreview.model import Finding, Location, Review, RuleMeta, Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "iacreview"

_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning ranks security results by this CVSS-like score (a string, per its documentation).
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def sarif_level(severity: Severity) -> str:
    """critical/high → error, medium → warning, low/info → note."""
    return _LEVELS[severity]


def reviews_to_sarif(reviews: Sequence[Review], rules: Sequence[RuleMeta], *, tool_version: str) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run holding every review's findings."""
    metas: dict[str, RuleMeta] = {}
    for meta in rules:
        metas.setdefault(meta.id, meta)
    descriptors = [_descriptor(meta) for meta in metas.values()]
    index = {meta_id: position for position, meta_id in enumerate(metas)}
    results: list[dict[str, Any]] = []
    for review in reviews:
        for finding in review.findings:
            if finding.rule_id not in index:
                index[finding.rule_id] = len(descriptors)
                descriptors.append(_descriptor_from_finding(finding))
            results.append(_result(finding, index[finding.rule_id], review.subject))
    driver: dict[str, Any] = {"name": TOOL_NAME, "version": tool_version, "rules": descriptors}
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }


def _descriptor(meta: RuleMeta) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "category": meta.category.value,
        "severity": meta.severity.value,
        "tags": [meta.category.value, meta.target.value],
    }
    if meta.source != TOOL_NAME:
        properties["source"] = meta.source
    if meta.category.value == "security":
        properties["security-severity"] = _SECURITY_SEVERITY[meta.severity]
    descriptor: dict[str, Any] = {
        "id": meta.id,
        "name": rule_name(meta.title),
        "shortDescription": {"text": meta.title},
        "defaultConfiguration": {"level": sarif_level(meta.severity)},
        "properties": properties,
    }
    if meta.impact:
        descriptor["fullDescription"] = {"text": meta.impact}
    if meta.fix:
        descriptor["help"] = {"text": meta.fix}
    return descriptor


def _descriptor_from_finding(finding: Finding) -> dict[str, Any]:
    """A descriptor for a rule the caller did not list, from what the finding itself carries."""
    properties: dict[str, Any] = {
        "category": finding.category.value,
        "severity": finding.severity.value,
        "tags": [finding.category.value],
    }
    if finding.source != TOOL_NAME:
        properties["source"] = finding.source
    return {
        "id": finding.rule_id,
        "name": rule_name(finding.title or finding.rule_id),
        "shortDescription": {"text": finding.title or finding.rule_id},
        "defaultConfiguration": {"level": sarif_level(finding.severity)},
        "properties": properties,
    }


def _result(finding: Finding, rule_index: int, subject: str) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "severity": finding.severity.value,
        "category": finding.category.value,
        "after_repairs": finding.after_repairs,
        "subject": subject,
    }
    if finding.resource:
        properties["resource"] = finding.resource
    if finding.construct_path:
        properties["construct_path"] = finding.construct_path
    if finding.source != TOOL_NAME:
        properties["source"] = finding.source
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": sarif_level(finding.severity),
        "message": {"text": finding.message or finding.title},
    }
    if finding.location is not None:
        result["locations"] = [_location(finding)]
    if finding.suppressed:
        suppression: dict[str, Any] = {"kind": "inSource"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        result["suppressions"] = [suppression]
    result["properties"] = properties
    return result


def _location(finding: Finding) -> dict[str, Any]:
    assert finding.location is not None
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(finding.location.path)},
            "region": _region(finding.location),
        }
    }
    logical = _logical_location(finding)
    if logical:
        location["logicalLocations"] = [logical]
    return location


def _region(location: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, location.line)}
    if location.column is not None and location.column >= 1:
        region["startColumn"] = location.column
    if location.end_line is not None and location.end_line >= region["startLine"]:
        region["endLine"] = location.end_line
    return region


def _logical_location(finding: Finding) -> dict[str, Any] | None:
    """The CloudFormation logical id (name) and the CDK construct path (fully qualified name), when known."""
    if not finding.resource and not finding.construct_path:
        return None
    logical: dict[str, Any] = {"kind": "resource"}
    if finding.resource:
        logical["name"] = finding.resource
    elif finding.construct_path:
        logical["name"] = finding.construct_path.rsplit("/", 1)[-1]
    if finding.construct_path:
        logical["fullyQualifiedName"] = finding.construct_path
    return logical


def artifact_uri(path: str) -> str:
    """The user's path as a URI reference: relative stays relative (forward slashes, percent-encoded)."""
    if PureWindowsPath(path).drive:
        return "file:///" + quote(PureWindowsPath(path).as_posix(), safe="/:")
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/:")
    return quote(posix, safe="/")


def rule_name(title: str) -> str:
    """SARIF rule names are identifiers: ``S3 bucket without TLS`` → ``S3BucketWithoutTLS``."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(word[:1].upper() + word[1:] for word in words) or "Rule"
