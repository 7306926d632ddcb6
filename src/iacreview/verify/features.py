"""Structural features of an answer (a GSI, a DLQ, an alarm, RTC on replication…): has it, and where.

A feature is a resource type, optionally with a property key that must be set somewhere inside its properties; when
the answer never reached a template, the Python lines that build it (``source`` patterns in the table) stand in. The
removal policy is judged apart because claims about it go both ways ("RETAIN blocks cleanup", "all destroyable ✅").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from iacreview.model import Location
from iacreview.verify.evidence import MAX_EVIDENCE, Evidence
from iacreview.verify.vocabulary import any_match, earliest_match, synonyms


@dataclass(frozen=True)
class Presence:
    has: bool
    evidence: list[Location]  # where it is (has) or the resources that could hold it (not has)
    by: str  # "template" or "source"
    note: str = ""  # why a resource that looks like the feature does not count


def type_matches(resource_type: str, wanted: set[str]) -> bool:
    return any(resource_type == w or (w.endswith("*") and resource_type.startswith(w[:-1])) for w in wanted) or (
        "Custom::*" in wanted and resource_type == "AWS::CloudFormation::CustomResource"
    )


def _set_somewhere(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key and v not in (None, [], {}, False):
                return True
            if _set_somewhere(v, key):
                return True
    elif isinstance(value, list):
        return any(_set_somewhere(v, key) for v in value)
    return False


def presence(evidence: Evidence, feature: dict[str, Any]) -> Presence | None:
    """Where the answer has the feature; ``None`` when neither its templates nor its Python can tell."""
    if evidence.has_templates:
        return _in_templates(evidence, feature)
    if evidence.side.templates:
        # A partial template (statements excised to synthesize) shows what it has, never what the answer lacks.
        partial = _in_templates(evidence, feature)
        if partial.has:
            return partial
    patterns = feature.get("source") or []
    if not patterns or not evidence.sources:
        return None
    found = evidence.grep(patterns)
    return Presence(bool(found), found or evidence.stack_line(), "source")


# The ``key`` of a feature that only the Python shows (a grant method, Powertools): no property ever holds it.
SOURCE_ONLY = "__never__"


def feature_keys(feature: dict[str, Any]) -> list[str]:
    """The property keys one of which a resource must set to have the feature; [] when the resource itself is it."""
    return list(feature.get("keys_any") or ([feature["key"]] if feature.get("key") else []))


def _in_templates(evidence: Evidence, feature: dict[str, Any]) -> Presence:
    wanted = set(feature["types"])
    keys = feature_keys(feature)
    found: list[Location] = []
    holders: list[Location] = []
    note = ""
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or not type_matches(str(resource.get("Type")), wanted):
                continue
            generated = template.is_generated(logical_id)
            if generated and keys:
                continue
            location = evidence.side.resource_locations.get(logical_id) or Location(
                template.path, template.resource_lines.get(logical_id, 1))
            if template.nested_resource_counts.get(logical_id) == 0:
                holders.append(location)  # a nested stack with nothing in it nests nothing
                note = " (its nested stack's template has no resources)"
            elif not keys or any(_set_somewhere(resource.get("Properties"), k) for k in keys):
                found.append(location)
            else:
                holders.append(location)
    if not found and feature.get("source"):
        # Some features are built outside the resource itself (a log retention custom resource, a grant method).
        lines = evidence.grep(feature["source"])
        if lines:
            return Presence(True, lines, "source")
    unique = list(dict.fromkeys(found or holders))
    return Presence(bool(found), unique[:MAX_EVIDENCE] or evidence.stack_line(), "template", "" if found else note)


def _values_of(value: Any, key: str) -> list[Any]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == key] + [x for v in value.values() for x in _values_of(v, key)]
    if isinstance(value, list):
        return [x for v in value for x in _values_of(v, key)]
    return []


def _settings(evidence: Evidence, types: set[str], keys: list[str]) -> dict[str, str]:
    """Logical id -> the resource's settings (the values of ``keys``, else all its properties) as text, for the
    user's own resources of ``types``."""
    out: dict[str, str] = {}
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or not type_matches(str(resource.get("Type")), types):
                continue
            if template.is_generated(logical_id):
                continue
            props = resource.get("Properties") or {}
            shown = [_values_of(props, k) for k in keys] if keys else props
            out[logical_id] = json.dumps(shown, sort_keys=True, default=str)
    return out


def same_as_reference(candidate: Evidence, reference: Evidence | None, types: set[str],
                      keys: list[str]) -> list[Location]:
    """The candidate's resources of ``types`` when the corrected answer has exactly the same ones (same logical
    ids) with the same settings: a fix that says it made them proper changed nothing. [] otherwise."""
    if reference is None or not types or not candidate.has_templates or not reference.has_templates:
        return []
    mine = _settings(candidate, types, keys)
    if not mine or mine != _settings(reference, types, keys):
        return []
    where = [candidate.side.resource_locations[lid] for lid in mine if lid in candidate.side.resource_locations]
    return list(dict.fromkeys(where))[:MAX_EVIDENCE]


def same_code_as_reference(candidate: Evidence, reference: Evidence | None, patterns: list[str]) -> list[Location]:
    """The candidate's statements that build a feature (``patterns``) when the corrected answer writes exactly the
    same statements: a fix that says it made the feature proper changed nothing there. [] otherwise."""
    if reference is None or not patterns:
        return []
    mine = candidate.statements(patterns)
    theirs = reference.statements(patterns)
    if not mine or sorted(d for _, d in mine) != sorted(d for _, d in theirs):
        return []
    return list(dict.fromkeys(where for where, _ in mine))[:MAX_EVIDENCE]


def matching_features(text: str) -> list[dict[str, Any]]:
    """The features the claim names, the one it names first first: in "does not differentiate dev and prod for
    settings like S3 versioning" the subject is the differentiation, versioning only an example."""
    named = [
        (start, index, f) for index, f in enumerate(synonyms()["features"])
        if (start := earliest_match(f["patterns"], text)) is not None
        and (not f.get("subjects") or any_match(f["subjects"], text))
        and not any_match(f.get("not_subjects", []), text)
    ]
    return [f for _, _, f in sorted(named, key=lambda item: (item[0], item[1]))]


_DATA_TYPES = ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster",
               "AWS::Logs::LogGroup", "AWS::KMS::Key", "AWS::SQS::Queue", "AWS::EFS::FileSystem")


def deletion_policies(evidence: Evidence) -> dict[str, list[Location]]:
    """``Retain``/``Delete``/``Snapshot`` -> the data resources of the user's own code that carry it."""
    out: dict[str, list[Location]] = {}
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or str(resource.get("Type")) not in _DATA_TYPES:
                continue
            if template.is_generated(logical_id):
                continue
            where = evidence.side.resource_locations.get(logical_id)
            if where is None:
                continue
            policy = str(resource.get("DeletionPolicy") or "Delete")
            out.setdefault(policy, [])
            if where not in out[policy]:
                out[policy].append(where)
    return out
