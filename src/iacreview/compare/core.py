"""Candidate vs reference: which failures the reference fixes, what the candidate lacks, what both share.

Everything here is built from the two analyses' findings and templates; nothing is guessed. A candidate finding is
"fixed in the reference" when the reference has no finding saying the same thing (``keys.finding_key``): same rule on
the matching resource, same stack-wide rule, or same source message up to construct ids and line numbers. A
template finding is only compared when the reference reached a template too.

Failures stay one per finding (JSON ``failures``, schema ``iacreview/compare@1``); ``groups`` gathers the ones a
reviewer writes as one item (``groups.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from iacreview.compare.causes import MissingInfo, references, same_cause_links
from iacreview.compare.groups import KIND_ORDER, FailureGroup, group_failures
from iacreview.compare.keys import finding_key, is_template_finding
from iacreview.compare.matching import ResourceRef, match_resources, resources
from iacreview.compare.missing import missing_properties, missing_resources
from iacreview.compare.prompt import prompt_failures
from iacreview.compare.prompt_actions import SourceFile, prompt_action_failures
from iacreview.compare.prompt_prefix import prompt_prefix_failures
from iacreview.compare.prompt_settings import prompt_setting_failures
from iacreview.compare.synth import blocking_errors, synth_failure
from iacreview.compare.words import vocabulary
from iacreview.model import Finding, Location, Review
from iacreview.template.model import Template

_SYNTH_RULES = {"DEP001", "DEP002"}

__all__ = ["CompareFailure", "Comparison", "Side", "compare", "vocabulary"]


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its review, templates and where each resource is in the user's input."""

    review: Review
    templates: list[Template]
    resource_locations: dict[str, Location] = field(default_factory=dict)
    # The stack class line: where failures about the stack as a whole (a missing resource) are reported.
    stack_location: Location | None = None
    # The Python files as the user gave them (for what only the code shows, e.g. the actions a policy lists).
    sources: tuple[SourceFile, ...] = ()


@dataclass(frozen=True)
class CompareFailure:
    finding: Finding
    kind: str  # fixed_in_reference | missing_in_candidate | synth | prompt
    reference_location: Location | None = None
    # Findings this failure stands for (the errors behind a synth failure), each with its own line.
    related: tuple[Finding, ...] = ()
    # Which item a reviewer writes it under: failures with the same key form one group.
    group_key: tuple[str, ...] = ()
    # For fixed_in_reference on a resource: whether the reference has a counterpart of that resource at all.
    reference_has_counterpart: bool | None = None

    def to_json(self) -> dict[str, Any]:
        out = self.finding.to_json()
        out["kind"] = self.kind
        out["reference_location"] = self.reference_location.to_json() if self.reference_location else None
        out["related"] = [f.to_json() for f in self.related]
        out["reference_has_counterpart"] = self.reference_has_counterpart
        return out


@dataclass(frozen=True)
class Comparison:
    candidate: Review
    reference: Review
    failures: tuple[CompareFailure, ...]
    shared: tuple[Finding, ...]
    regressions: tuple[Finding, ...]
    prompt: str | None = None

    def groups(self) -> list[FailureGroup]:
        return group_failures([(f.finding, f.kind, f.group_key) for f in self.failures])

    def to_json(self) -> dict[str, Any]:
        groups = self.groups()
        failures = [f.to_json() for f in self.failures]
        for number, group in enumerate(groups):
            for index in group.members:
                failures[index]["group"] = number
        return {
            "schema": "iacreview/compare@1",
            "candidate": self.candidate.to_json(),
            "reference": self.reference.to_json(),
            "failures": failures,
            "groups": [g.to_json(number, self.failures) for number, g in enumerate(groups)],
            "shared": [f.to_json() for f in self.shared],
            "regressions": [f.to_json() for f in self.regressions],
            "prompt": self.prompt,
        }


def compare(candidate: Side, reference: Side, prompt: str | None = None) -> Comparison:
    cand_all = resources(candidate.templates, include_generated=True)
    cand_res = [r for r in cand_all if not _generated(candidate.templates, r)]
    ref_res = resources(reference.templates)
    matched = match_resources(cand_res, ref_res)
    counterpart = {c.logical_id: matched[(c.template, c.logical_id)].logical_id
                   for c in cand_res if (c.template, c.logical_id) in matched}
    failures, shared, matched_ref_keys = _classify(candidate, reference, counterpart)
    failures += _synth(candidate, reference)
    # A partial candidate template (statements excised to get past a synth error) proves nothing by what it lacks.
    whole = not candidate.review.synth.partial
    if candidate.templates and reference.templates and whole:
        found = [
            *missing_resources(ref_res, cand_all, matched, candidate.stack_location, reference.resource_locations),
            *missing_properties(cand_res, matched, candidate.resource_locations, reference.resource_locations),
        ]
        infos = [MissingInfo(len(failures) + i, m.words, m.reference_id, m.reference_type, m.candidate_id)
                 for i, m in enumerate(found)]
        failures += [CompareFailure(m.finding, "missing_in_candidate", m.reference_location, group_key=m.group)
                     for m in found]
        if prompt:
            failures += _prompt(prompt, candidate, reference, cand_res, failures)
        fixed = [(i, f.finding) for i, f in enumerate(failures) if f.kind == "fixed_in_reference"]
        refs = {r.logical_id: references(r.properties) for r in ref_res}
        back = {v: k for k, v in counterpart.items()}
        links = list(same_cause_links(infos, fixed, refs, back))
        for a, _, why in links:
            if why == "serves":  # it leaves its type's item for the item of the resource it serves
                failures[a] = _regroup(failures[a], ("serves", str(a)))
        failures = _merge(failures, [(a, b) for a, b, _ in links])
    if prompt:  # read from the code as written: holds whether or not the candidate synthesizes
        from_code = [*prompt_action_failures(prompt, candidate.sources),
                     *prompt_prefix_failures(prompt, candidate.sources)]
        failures += [CompareFailure(f, "prompt", None, group_key=("prompt", f.rule_id, f.evidence or ""))
                     for f in from_code]
    reverse = {v: k for k, v in counterpart.items()}
    regressions = tuple(
        f for f in reference.review.findings
        if not f.suppressed and not f.generated and f.rule_id not in _SYNTH_RULES
        and ((candidate.templates and whole) or not is_template_finding(f))
        and finding_key(f, None) not in matched_ref_keys
        and not _candidate_has(candidate, f, reverse.get(f.resource or ""))
    )
    return Comparison(candidate.review, reference.review, tuple(failures), tuple(shared), regressions, prompt)


def _generated(templates: list[Template], ref: ResourceRef) -> bool:
    return any(t.name == ref.template and t.is_generated(ref.logical_id) for t in templates)


def _classify(
    candidate: Side, reference: Side, counterpart: dict[str, str]
) -> tuple[list[CompareFailure], list[Finding], set[tuple[str, str]]]:
    """Each candidate finding: shared with the reference, fixed there, or not comparable (left out)."""
    ref_keys = {finding_key(f, None) for f in reference.review.findings if not f.suppressed}
    ref_sources = {f.source for f in reference.review.findings}
    ref_rules = {f.rule_id for f in reference.review.findings if not f.suppressed}
    cand_ids = {lid for t in candidate.templates for lid in t.resources}
    failures: list[CompareFailure] = []
    shared: list[Finding] = []
    matched_ref_keys: set[tuple[str, str]] = set()
    for finding in candidate.review.findings:
        if finding.suppressed or finding.generated or finding.rule_id in _SYNTH_RULES:
            continue
        if is_template_finding(finding) and not reference.templates:
            continue  # the reference never reached a template: nothing to compare a template finding with
        if finding.source != "iacreview" and finding.source not in ref_sources:
            continue  # that rule pack left no trace on the reference (did not run there): not comparable
        mapped = counterpart.get(finding.resource) if finding.resource else None
        key = finding_key(finding, mapped)
        if finding.resource and finding.resource in cand_ids and mapped is None:
            # The reference has no such resource: the flaw is fixed there only if no resource of it has the flaw.
            key = (finding.rule_id, "<unmatched>")
            if finding.rule_id in ref_rules:
                shared.append(finding)
                continue
        if key in ref_keys:
            shared.append(finding)
            matched_ref_keys.add(key)
            continue
        ref_loc = reference.resource_locations.get(mapped) if mapped else None
        has = (mapped is not None) if finding.resource else None
        failures.append(CompareFailure(finding, "fixed_in_reference", ref_loc,
                                       group_key=("fixed", finding.rule_id), reference_has_counterpart=has))
    return failures, shared, matched_ref_keys


def _candidate_has(candidate: Side, finding: Finding, candidate_resource: str | None) -> bool:
    for own in candidate.review.findings:
        if own.rule_id != finding.rule_id:
            continue
        if finding.resource is None or own.resource == candidate_resource:
            return True
    return False


def _synth(candidate: Side, reference: Side) -> list[CompareFailure]:
    if not reference.review.synth.ok:
        return []
    finding = synth_failure(candidate.review)
    if finding is None:
        return []
    return [CompareFailure(finding, "synth", None, tuple(blocking_errors(candidate.review)), ("synth",))]


def _merge(failures: list[CompareFailure], links: Iterable[tuple[int, int]]) -> list[CompareFailure]:
    """Give linked failures (one cause) one group key: the key of the group its lead failure heads."""
    parent = list(range(len(failures)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple[str, ...], int] = {}
    for index, failure in enumerate(failures):  # members of one key are already one cause
        if failure.group_key:
            first = by_key.setdefault(failure.group_key, index)
            parent[root(index)] = root(first)
    for a, b in links:
        parent[root(a)] = root(b)
    components: dict[int, list[int]] = {}
    for index in range(len(failures)):
        components.setdefault(root(index), []).append(index)
    out = list(failures)
    for members in components.values():
        if len({failures[i].group_key for i in members}) < 2:
            continue
        lead = min(members, key=lambda i: (KIND_ORDER.get(failures[i].kind, 9), failures[i].finding.sort_key()))
        for index in members:
            out[index] = _regroup(failures[index], failures[lead].group_key)
    return out


def _prompt(prompt: str, candidate: Side, reference: Side, cand_res: list[ResourceRef],
            failures: list[CompareFailure]) -> list[CompareFailure]:
    """Prompt failures; a missing resource or property the prompt asks for is written under the prompt's item."""
    out: list[CompareFailure] = []
    found = [*prompt_failures(prompt, candidate.templates, reference.templates, candidate.stack_location),
             *prompt_setting_failures(prompt, cand_res, candidate.resource_locations, candidate.sources)]
    for finding, types in found:
        key: tuple[str, ...] = ("prompt", finding.rule_id, finding.evidence)
        for index, failure in enumerate(failures):
            if failure.kind == "missing_in_candidate" and failure.finding.evidence in types:
                failures[index] = _regroup(failure, key)
        out.append(CompareFailure(finding, "prompt", None, group_key=key))
    return out


def _regroup(failure: CompareFailure, key: tuple[str, ...]) -> CompareFailure:
    return CompareFailure(failure.finding, failure.kind, failure.reference_location, failure.related, key,
                          failure.reference_has_counterpart)
