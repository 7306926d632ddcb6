"""Candidate vs reference: which failures the reference fixes, what the candidate lacks, what both share.

Everything here is built from the two analyses' findings and templates; nothing is guessed. A candidate finding is
"fixed in the reference" when the reference has no finding of the same rule on the matching resource (or, for
findings not tied to a resource, no finding of the same rule with the same message).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as package_files
from typing import Any

from iacreview.compare.matching import ResourceRef, match_resources, resources
from iacreview.model import Category, Finding, Location, Review, RuleMeta
from iacreview.rules.comparison import MISSING_BY_CATEGORY, PROMPT_REGION, PROMPT_SERVICE, SYNTH_REGRESSION
from iacreview.template.model import Template

_SYNTH_RULES = {"DEP001", "DEP002"}
_REGION = re.compile(
    r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?"
    r"(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b"
)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its review, templates and where each resource is in the user's input."""

    review: Review
    templates: list[Template]
    resource_locations: dict[str, Location] = field(default_factory=dict)
    # The stack class line: where failures about the stack as a whole (a missing resource) are reported.
    stack_location: Location | None = None


@dataclass(frozen=True)
class CompareFailure:
    finding: Finding
    kind: str  # fixed_in_reference | missing_in_candidate | synth | prompt
    reference_location: Location | None = None

    def to_json(self) -> dict[str, Any]:
        out = self.finding.to_json()
        out["kind"] = self.kind
        out["reference_location"] = self.reference_location.to_json() if self.reference_location else None
        return out


@dataclass(frozen=True)
class Comparison:
    candidate: Review
    reference: Review
    failures: tuple[CompareFailure, ...]
    shared: tuple[Finding, ...]
    regressions: tuple[Finding, ...]
    prompt: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "iacreview/compare@1",
            "candidate": self.candidate.to_json(),
            "reference": self.reference.to_json(),
            "failures": [f.to_json() for f in self.failures],
            "shared": [f.to_json() for f in self.shared],
            "regressions": [f.to_json() for f in self.regressions],
            "prompt": self.prompt,
        }


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    text = package_files.files("iacreview.data").joinpath("compare_vocabulary.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def compare(candidate: Side, reference: Side, prompt: str | None = None) -> Comparison:
    cand_res = resources(candidate.templates)
    ref_res = resources(reference.templates)
    matched = match_resources(cand_res, ref_res)
    by_id = {r.logical_id: r for r in cand_res}
    counterpart = {c.logical_id: matched[(c.template, c.logical_id)].logical_id
                   for c in cand_res if (c.template, c.logical_id) in matched}
    failures: list[CompareFailure] = []
    shared: list[Finding] = []
    ref_keys = {_key(f, None) for f in reference.review.findings if not f.suppressed}
    matched_ref_keys: set[tuple[str, str]] = set()
    for finding in candidate.review.findings:
        if finding.suppressed:
            continue
        if finding.rule_id in _SYNTH_RULES:
            continue
        mapped = counterpart.get(finding.resource or "") if finding.resource else None
        key = _key(finding, mapped)
        if finding.resource and finding.resource in by_id and mapped is None and reference.templates:
            key = (finding.rule_id, "<unmatched>")
        if key in ref_keys:
            shared.append(finding)
            matched_ref_keys.add(key)
            continue
        if not reference.templates and finding.resource:
            continue  # the reference never reached a template: nothing to compare a template finding with
        ref_loc = reference.resource_locations.get(mapped or "") if mapped else None
        failures.append(CompareFailure(finding, "fixed_in_reference", ref_loc))
    failures += _synth_failures(candidate, reference)
    if candidate.templates and reference.templates:
        failures += _missing(cand_res, ref_res, matched, candidate, reference)
    if prompt and candidate.templates:
        failures += _prompt_coverage(prompt, candidate)
    reverse = {v: k for k, v in counterpart.items()}
    regressions = tuple(
        f for f in reference.review.findings
        if not f.suppressed and f.rule_id not in _SYNTH_RULES
        and _key(f, None) not in matched_ref_keys
        and not _candidate_has(candidate, f, reverse.get(f.resource or ""))
    )
    return Comparison(candidate.review, reference.review, tuple(failures), tuple(shared), regressions, prompt)


def _key(finding: Finding, resource: str | None) -> tuple[str, str]:
    if finding.resource:
        return finding.rule_id, resource or finding.resource
    return finding.rule_id, _normalize(finding.message)


def _normalize(message: str) -> str:
    """Messages may name lines or files; compare them without those."""
    return re.sub(r"\S+:\d+|line \d+", "", message).strip().lower()


def _candidate_has(candidate: Side, finding: Finding, candidate_resource: str | None) -> bool:
    for own in candidate.review.findings:
        if own.rule_id != finding.rule_id:
            continue
        if finding.resource is None or own.resource == candidate_resource:
            return True
    return False


def _synth_failures(candidate: Side, reference: Side) -> list[CompareFailure]:
    cand, ref = candidate.review.synth, reference.review.synth
    if not cand.attempted or cand.ok or not ref.ok:
        return []
    errors = [f for f in candidate.review.findings if f.severity.value == "critical" and not f.suppressed]
    listing = "; ".join(f"{f.location}: {f.message}" for f in errors if f.location) or (cand.error or "")
    message = f"The answer does not synthesize as written ({cand.error}). Errors found: {listing}"
    finding = Finding.from_rule(SYNTH_REGRESSION, message, cand.location, evidence=cand.error or "")
    return [CompareFailure(finding, "synth", None)]


def _meta_for(category: str) -> RuleMeta:
    return MISSING_BY_CATEGORY.get(Category(category), MISSING_BY_CATEGORY[Category.BEST_PRACTICE])


def _missing(
    cand_res: list[ResourceRef],
    ref_res: list[ResourceRef],
    matched: dict[tuple[str, str], ResourceRef],
    candidate: Side,
    reference: Side,
) -> list[CompareFailure]:
    vocab = vocabulary()
    types: dict[str, list[str]] = vocab["resource_types"]
    used = {(r.template, r.logical_id) for r in matched.values()}
    out: list[CompareFailure] = []
    for ref in ref_res:
        if (ref.template, ref.logical_id) in used or not _user_declared(ref):
            continue
        category, words = types.get(ref.type, ("", ""))
        if not words and ref.type.startswith(tuple(vocab["custom_resource_prefixes"])):
            category, words = types["AWS::CloudFormation::CustomResource"]
        if not words:
            continue
        what = f"{_article(words)} (`{_construct_id(ref)}`, {ref.type})"
        message = f"The reference defines {what} that the candidate does not have"
        finding = Finding.from_rule(_meta_for(category), message, candidate.stack_location, evidence=ref.type)
        out.append(CompareFailure(finding, "missing_in_candidate", reference.resource_locations.get(ref.logical_id)))
    for cand in cand_res:
        ref_match = matched.get((cand.template, cand.logical_id))
        if ref_match is None:
            continue
        for rtype, prop, category, words in vocab["notable_properties"]:
            if cand.type != rtype or not _has(ref_match.properties, prop) or _has(cand.properties, prop):
                continue
            holder = types.get(rtype, ["", rtype])[1]
            message = f"The reference gives this {holder} {_article(words)}; the candidate does not"
            finding = Finding.from_rule(
                _meta_for(category), message, candidate.resource_locations.get(cand.logical_id),
                resource=cand.logical_id, evidence=prop,
            )
            where = reference.resource_locations.get(ref_match.logical_id)
            out.append(CompareFailure(finding, "missing_in_candidate", where))
    return out


_CDK_CHILD_IDS = frozenset({"Resource", "Default"})


def _path_ids(ref: ResourceRef) -> list[str]:
    """The user's construct ids on the path (stack first), without CDK's own ``Resource``/``Default`` leaves."""
    parts = (ref.construct_path or "").split("/")
    while parts and parts[-1] in _CDK_CHILD_IDS:
        parts.pop()
    return parts


def _user_declared(ref: ResourceRef) -> bool:
    """A resource the user declared directly in the stack, not a child CDK adds (``Function/ServiceRole``)."""
    return ref.construct_path is None or len(_path_ids(ref)) == 2


def _construct_id(ref: ResourceRef) -> str:
    ids = _path_ids(ref)
    return ids[-1] if len(ids) > 1 else ref.logical_id


def _article(words: str) -> str:
    if words.startswith(("a ", "an ", "the ")):
        return words
    vowel_sound = words[:1].lower() in "aeiou" or words.startswith(("IAM", "SNS", "SQS", "S3", "RDS", "X-Ray", "SSM"))
    return ("an " if vowel_sound else "a ") + words


def _has(properties: dict[str, Any], dotted: str) -> bool:
    value: Any = properties
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return value not in (None, [], {}, False)


def _prompt_coverage(prompt: str, candidate: Side) -> list[CompareFailure]:
    present = {str(r.get("Type")) for t in candidate.templates for r in t.resources.values() if isinstance(r, dict)}
    out: list[CompareFailure] = []
    for pattern, wanted, words in vocabulary()["prompt_services"]:
        if re.search(pattern, prompt) and not present & set(wanted):
            message = f"The prompt asks for a {words}, but the template has no {' or '.join(wanted)}."
            finding = Finding.from_rule(PROMPT_SERVICE, message, candidate.stack_location, evidence=words)
            out.append(CompareFailure(finding, "prompt"))
    regions = set(_REGION.findall(prompt))
    stack_regions = {t.environment.rsplit("/", 1)[-1] for t in candidate.templates if t.environment}
    if len(regions) == 1 and stack_regions and not stack_regions & regions:
        (region,) = regions
        message = f"The prompt asks for {region}; the stack is synthesized for {', '.join(sorted(stack_regions))}."
        finding = Finding.from_rule(PROMPT_REGION, message, candidate.stack_location, evidence=region)
        out.append(CompareFailure(finding, "prompt"))
    return out
