"""What the reference builds and the candidate does not: whole resources, and notable properties of a resource.

Only resources the reference's author asked for count. Children aws-cdk-lib adds on its own (a function's
``ServiceRole``, its ``DefaultPolicy``, an API's ``Deployment``) are implementation details: when the candidate
lacks them it is because it wrote the parent differently. A resource the candidate builds with an equivalent
construct (log retention through ``log_retention=`` instead of a ``LogGroup``) is not missing either.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.compare.matching import ResourceRef, construct_ids
from iacreview.compare.words import article, vocabulary
from iacreview.locate import CDK_CHILD_IDS
from iacreview.model import Category, Finding, Location, RuleMeta
from iacreview.rules.comparison import MISSING_BY_CATEGORY


@dataclass(frozen=True)
class Missing:
    finding: Finding
    reference_location: Location | None
    group: tuple[str, ...]
    words: str = ""
    reference_id: str | None = None
    reference_type: str = ""
    candidate_id: str | None = None


def meta_for(category: str) -> RuleMeta:
    try:
        return MISSING_BY_CATEGORY[Category(category)]
    except (KeyError, ValueError):
        return MISSING_BY_CATEGORY[Category.BEST_PRACTICE]


def user_declared(ref: ResourceRef) -> bool:
    """A resource the author wrote (at any depth of their own constructs), not a child aws-cdk-lib adds."""
    if ref.construct_path is None:
        return True
    ids = construct_ids(ref)
    return len(ids) >= 2 and not any(part in CDK_CHILD_IDS for part in ids[1:])


def type_words(rtype: str) -> tuple[str, str]:
    vocab = vocabulary()
    types: dict[str, list[str]] = vocab["resource_types"]
    category, words = types.get(rtype, ("", ""))
    if not words and rtype.startswith(tuple(vocab["custom_resource_prefixes"])):
        category, words = types["AWS::CloudFormation::CustomResource"]
    return category, words


def _equivalent_supply(candidate_all: list[ResourceRef], used: set[tuple[str, str]]) -> Counter[str]:
    """Unmatched candidate resources (generated ones included) by type: what can stand in for a missing one."""
    return Counter(r.type for r in candidate_all if (r.template, r.logical_id) not in used)


def missing_resources(
    ref_res: list[ResourceRef],
    candidate_all: list[ResourceRef],
    matched: dict[tuple[str, str], ResourceRef],
    stack_location: Location | None,
    reference_locations: dict[str, Location],
) -> Iterator[Missing]:
    used_ref = {(r.template, r.logical_id) for r in matched.values()}
    used_cand = set(matched)
    supply = _equivalent_supply(candidate_all, used_cand)
    equivalents: dict[str, list[str]] = vocabulary().get("equivalent_types", {})
    for ref in ref_res:
        if (ref.template, ref.logical_id) in used_ref or not user_declared(ref):
            continue
        stand_in = next((t for t in equivalents.get(ref.type, []) if supply[t] > 0), None)
        if stand_in is not None:
            supply[stand_in] -= 1
            continue
        category, words = type_words(ref.type)
        if not words:
            continue
        ids = construct_ids(ref)
        name = ids[-1] if len(ids) > 1 else ref.logical_id
        message = f"The reference defines {article(words)} (`{name}`, {ref.type}) that the candidate does not have"
        finding = Finding.from_rule(meta_for(category), message, stack_location, evidence=ref.type)
        key = ("missing", "Custom" if ref.type.startswith("Custom::") else ref.type)
        yield Missing(finding, reference_locations.get(ref.logical_id), key, words, ref.logical_id, ref.type)


def _has(properties: dict[str, Any], dotted: str) -> bool:
    value: Any = properties
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return value not in (None, [], {}, False)


def missing_properties(
    cand_res: list[ResourceRef],
    matched: dict[tuple[str, str], ResourceRef],
    candidate_locations: dict[str, Location],
    reference_locations: dict[str, Location],
) -> Iterator[Missing]:
    for cand in cand_res:
        ref_match = matched.get((cand.template, cand.logical_id))
        if ref_match is None:
            continue
        for rtype, prop, category, words in vocabulary()["notable_properties"]:
            if cand.type != rtype or not _has(ref_match.properties, prop) or _has(cand.properties, prop):
                continue
            holder = type_words(rtype)[1] or rtype
            message = f"The reference gives this {holder} {article(words)}; the candidate does not"
            finding = Finding.from_rule(
                meta_for(category), message, candidate_locations.get(cand.logical_id),
                resource=cand.logical_id, evidence=prop,
            )
            yield Missing(finding, reference_locations.get(ref_match.logical_id), ("property", rtype, prop), words,
                          candidate_id=cand.logical_id)
