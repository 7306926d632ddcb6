"""Which reference resource is the counterpart of a candidate resource.

Two answers build the same bucket with different construct ids, helper functions or property order, so matching is
by type first, then by how alike the logical ids and the properties are. A candidate resource is matched to at most
one reference resource and vice versa (greedy on the best score), and CDK-generated helpers are left out.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

from iacreview.template.model import Template

_HASH_SUFFIX = re.compile(r"[0-9A-F]{8}$")


@dataclass(frozen=True)
class ResourceRef:
    template: str
    logical_id: str
    type: str
    properties: dict[str, Any]
    construct_path: str | None


def resources(templates: list[Template], *, include_generated: bool = False) -> list[ResourceRef]:
    out: list[ResourceRef] = []
    for template in templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or (not include_generated and template.is_generated(logical_id)):
                continue
            out.append(
                ResourceRef(
                    template=template.name,
                    logical_id=logical_id,
                    type=str(resource.get("Type", "")),
                    properties=Template.props(resource),
                    construct_path=template.construct_paths.get(logical_id),
                )
            )
    return out


_CDK_LEAVES = frozenset({"Resource", "Default"})


def construct_ids(ref: ResourceRef) -> list[str]:
    """The construct ids on the path (stack first), without aws-cdk-lib's ``Resource``/``Default`` leaves."""
    parts = (ref.construct_path or "").split("/")
    while parts and parts[-1] in _CDK_LEAVES:
        parts.pop()
    return parts


def family(resource_type: str) -> str:
    """Custom resources of any provider are one kind of thing (a loader written two ways)."""
    if resource_type.startswith("Custom::") or resource_type == "AWS::CloudFormation::CustomResource":
        return "Custom"
    return resource_type


def _name_of(ref: ResourceRef) -> str:
    """The user's construct id where known (hash-free), else the logical id without CDK's hash suffix."""
    if ref.construct_path:
        parts = [p for p in ref.construct_path.split("/")[1:] if p not in ("Resource", "Default")]
        if parts:
            return "/".join(parts).lower()
    return _HASH_SUFFIX.sub("", ref.logical_id).lower()


def _property_similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    def same_value(key: str) -> bool:
        return json.dumps(a[key], sort_keys=True) == json.dumps(b[key], sort_keys=True)

    same = sum(1 for k in keys if k in a and k in b and same_value(k))
    shared = sum(1 for k in keys if k in a and k in b)
    return (shared + same) / (2 * len(keys))


def score(candidate: ResourceRef, reference: ResourceRef) -> float:
    if family(candidate.type) != family(reference.type):
        return 0.0
    names = difflib.SequenceMatcher(None, _name_of(candidate), _name_of(reference)).ratio()
    return 0.55 * names + 0.45 * _property_similarity(candidate.properties, reference.properties)


def match_resources(candidate: list[ResourceRef], reference: list[ResourceRef]) -> dict[tuple[str, str], ResourceRef]:
    """(candidate template, logical id) → matched reference resource. Same-type resources always pair up
    while both sides have some left: two answers with one table each describe the same table."""
    pairs = sorted(
        ((score(c, r), i, j) for i, c in enumerate(candidate) for j, r in enumerate(reference)
         if family(c.type) == family(r.type)),
        reverse=True,
    )
    used_c: set[int] = set()
    used_r: set[int] = set()
    matched: dict[tuple[str, str], ResourceRef] = {}
    for _, i, j in pairs:
        if i in used_c or j in used_r:
            continue
        used_c.add(i)
        used_r.add(j)
        matched[(candidate[i].template, candidate[i].logical_id)] = reference[j]
    return matched
