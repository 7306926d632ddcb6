"""Judge each claim of a written report against the code: confirmed, refuted or unverifiable, with the line.

A claim is decided only by a check that can decide it: a rule (matched through the synonym table and rule
keywords), a structural fact of the templates (a GSI, a custom resource, a resource policy), or the imports of the
Python. A refutation always carries the line that shows the opposite; without one, the claim stays unverifiable.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as package_files
from typing import Any

from iacreview.compare.core import Comparison, Side
from iacreview.model import Finding, Location, RuleMeta, Target
from iacreview.verify.claims import Claim

CONFIRMED, REFUTED, UNVERIFIABLE = "confirmed", "refuted", "unverifiable"
FIXED, NOT_FIXED = "fixed", "not_fixed"
_MAX_EVIDENCE = 5


@dataclass(frozen=True)
class SourceText:
    """A Python file of one side, with its user-facing location mapping (first line in the origin)."""

    relpath: str
    text: str
    origin: str
    first_line: int | None

    def location(self, line: int) -> Location | None:
        return Location(self.origin, self.first_line + line - 1) if self.first_line is not None else None


@dataclass(frozen=True)
class Evidence:
    """Everything verify needs about one side."""

    side: Side
    sources: tuple[SourceText, ...] = ()


@dataclass
class Verdict:
    claim: Claim
    candidate_verdict: str = UNVERIFIABLE
    reference_verdict: str = UNVERIFIABLE
    evidence: list[Location] = field(default_factory=list)
    reference_evidence: list[Location] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.claim.text,
            "line": self.claim.line,
            "category": self.claim.category.value if self.claim.category else None,
            "candidate_verdict": self.candidate_verdict,
            "reference_verdict": self.reference_verdict,
            "evidence": [e.to_json() for e in self.evidence],
            "reference_evidence": [e.to_json() for e in self.reference_evidence],
            "rule_ids": self.rule_ids,
            "reason": self.reason,
        }


@lru_cache(maxsize=1)
def synonyms() -> dict[str, Any]:
    text = package_files.files("iacreview.data").joinpath("claim_synonyms.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _any(patterns: Iterable[str], text: str) -> bool:
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def is_negative(claim: Claim) -> bool:
    """Does the claim say something is wrong (the usual case) rather than praise the code?"""
    data = synonyms()
    negative = _any(data["negative_cues"], claim.text)
    positive = _any(data["positive_cues"], claim.text)
    return negative or not positive


def matched_rules(claim: Claim, rules: Sequence[RuleMeta]) -> list[str]:
    ids: list[str] = []
    for entry in synonyms()["entries"]:
        if _any(entry["patterns"], claim.text):
            ids += [r for r in entry["rules"] if r not in ids]
    lowered = claim.text.lower()
    for meta in rules:
        specific = [k for k in meta.keywords if len(k) > 6 and k.lower() not in ("missing", "resource")]
        if any(re.search(rf"\b{re.escape(k.lower())}\b", lowered) for k in specific) and meta.id not in ids:
            ids.append(meta.id)
    return ids


def _types_for(rule_ids: Sequence[str]) -> set[str]:
    types: set[str] = set()
    for entry in synonyms()["entries"]:
        if set(entry["rules"]) & set(rule_ids):
            types.update(entry["types"])
    return types


def _resource_lines(evidence: Evidence, types: set[str]) -> list[Location]:
    out: list[Location] = []
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if isinstance(resource, dict) and _type_matches(str(resource.get("Type")), types):
                location = evidence.side.resource_locations.get(logical_id)
                if location is not None and location not in out:
                    out.append(location)
    return out[:_MAX_EVIDENCE]


def _type_matches(resource_type: str, wanted: set[str]) -> bool:
    return any(resource_type == w or (w.endswith("*") and resource_type.startswith(w[:-1])) for w in wanted) or (
        "Custom::*" in wanted and resource_type == "AWS::CloudFormation::CustomResource"
    )


def _has_type(evidence: Evidence, types: set[str]) -> bool:
    return any(
        isinstance(r, dict) and _type_matches(str(r.get("Type")), types)
        for t in evidence.side.templates for r in t.resources.values()
    )


def _hits(evidence: Evidence, rule_ids: Sequence[str]) -> list[Finding]:
    return [f for f in evidence.side.review.findings if f.rule_id in rule_ids and not f.suppressed]


def _locations(findings: Iterable[Finding]) -> list[Location]:
    out: list[Location] = []
    for f in findings:
        if f.location is not None and f.location not in out:
            out.append(f.location)
    return out[:_MAX_EVIDENCE]


def _stack_line(evidence: Evidence) -> list[Location]:
    for source in evidence.sources:
        for number, line in enumerate(source.text.splitlines(), start=1):
            if re.match(r"\s*class \w+\(.*Stack\b", line):
                found = source.location(number)
                return [found] if found else []
    return []


def judge_claims(
    claims: Sequence[Claim],
    candidate: Evidence,
    reference: Evidence | None,
    rules: Sequence[RuleMeta],
    comparison: Comparison | None = None,
) -> list[Verdict]:
    targets = {m.id: m.target for m in rules}
    return [_judge(claim, candidate, reference, rules, targets) for claim in claims]


def _judge(
    claim: Claim,
    candidate: Evidence,
    reference: Evidence | None,
    rules: Sequence[RuleMeta],
    targets: dict[str, Target],
) -> Verdict:
    verdict = Verdict(claim)
    for decide in (_judge_fact, _judge_imports, _judge_feature, _judge_rules):
        if decide(verdict, candidate, reference, rules, targets):
            return verdict
    if _any(synonyms()["opinion_patterns"], claim.text):
        verdict.reason = "Opinion or code style: no check measures it."
    else:
        verdict.reason = "No check decides this claim."
    return verdict


def _judge_fact(verdict: Verdict, candidate: Evidence, reference: Evidence | None,
                rules: Sequence[RuleMeta], targets: dict[str, Target]) -> bool:
    for fact in synonyms()["facts"]:
        if _any(fact["patterns"], verdict.claim.text):
            lines = _resource_lines(candidate, {fact["type"]})
            if not lines:
                return False
            verdict.candidate_verdict, verdict.evidence, verdict.reason = fact["verdict"], lines, fact["reason"]
            return True
    return False


_IMPORT_CLAIM = re.compile(r"(import)", re.IGNORECASE)
_NAMES = re.compile(r"`([A-Za-z_][\w.]*)`")


def _judge_imports(verdict: Verdict, candidate: Evidence, reference: Evidence | None,
                   rules: Sequence[RuleMeta], targets: dict[str, Target]) -> bool:
    text = verdict.claim.text
    if not _IMPORT_CLAIM.search(text) or not is_negative(verdict.claim):
        return False
    names = [n.split(".")[-1] for n in _NAMES.findall(text) if not n.endswith(".md")]
    names += [n for n in re.findall(r"\b(boto3|logging|json|os|datetime|uuid)\b", text) if n not in names]
    if not names or not candidate.sources:
        return False
    imported: list[Location] = []
    missing: list[Location] = []
    for name in names:
        where = _import_line(candidate.sources, name)
        if where is not None:
            imported.append(where)
            continue
        used = _use_line(candidate.sources, name)
        if used is not None:
            missing.append(used)
    if missing:
        verdict.candidate_verdict, verdict.evidence = CONFIRMED, missing[:_MAX_EVIDENCE]
        verdict.reason = "A name the claim gives is used without being imported."
        verdict.rule_ids = ["SYN031", "SYN034"]
        return True
    if imported:
        verdict.candidate_verdict, verdict.evidence = REFUTED, imported[:_MAX_EVIDENCE]
        verdict.reason = "The names the claim says are not imported are imported here."
        return True
    return False


def _import_line(sources: Sequence[SourceText], name: str) -> Location | None:
    for source in sources:
        for number, line in enumerate(source.text.splitlines(), start=1):
            if re.match(r"\s*(from\s+\S+\s+)?import\b", line) and re.search(rf"\b{re.escape(name)}\b", line):
                return source.location(number)
        try:
            tree = ast.parse(source.text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and any(
                (a.asname or a.name.split(".")[-1]) == name or a.name == name for a in node.names
            ):
                return source.location(node.lineno)
    return None


def _use_line(sources: Sequence[SourceText], name: str) -> Location | None:
    for source in sources:
        for number, line in enumerate(source.text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            if re.search(rf"(?<![\w.'\"]){re.escape(name)}\s*[.(]", code):
                return source.location(number)
    return None


def _judge_feature(verdict: Verdict, candidate: Evidence, reference: Evidence | None,
                   rules: Sequence[RuleMeta], targets: dict[str, Target]) -> bool:
    if not candidate.side.templates:
        return False
    for feature in synonyms()["features"]:
        if not _any(feature["patterns"], verdict.claim.text):
            continue
        has, lines = _feature(candidate, feature)
        negative = is_negative(verdict.claim)
        claim_true = (not has) if negative else has
        if not lines:
            lines = _stack_line(candidate)
        if not lines:
            return False
        verdict.candidate_verdict = CONFIRMED if claim_true else REFUTED
        verdict.evidence = lines
        verdict.reason = f"The candidate {'has' if has else 'does not have'} {feature['words']}."
        if reference is not None and reference.side.templates and negative:
            ref_has, ref_lines = _feature(reference, feature)
            verdict.reference_verdict = FIXED if ref_has else NOT_FIXED
            verdict.reference_evidence = ref_lines
        return True
    return False


def _feature(evidence: Evidence, feature: dict[str, Any]) -> tuple[bool, list[Location]]:
    wanted = {feature["type"]}
    prop = feature.get("property")
    found: list[Location] = []
    holders: list[Location] = []
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or not _type_matches(str(resource.get("Type")), wanted):
                continue
            if template.is_generated(logical_id) and prop is not None:
                continue
            location = evidence.side.resource_locations.get(logical_id)
            props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
            if prop is None or (isinstance(props, dict) and props.get(prop) not in (None, [], {})):
                if location:
                    found.append(location)
                else:
                    found.append(Location(template.path, template.resource_lines.get(logical_id, 1)))
            elif location:
                holders.append(location)
    return bool(found), (found or holders)[:_MAX_EVIDENCE]


def _judge_rules(verdict: Verdict, candidate: Evidence, reference: Evidence | None,
                 rules: Sequence[RuleMeta], targets: dict[str, Target]) -> bool:
    rule_ids = matched_rules(verdict.claim, rules)
    if not rule_ids:
        return False
    verdict.rule_ids = rule_ids
    template_rules = [r for r in rule_ids if targets.get(r) == Target.TEMPLATE]
    evaluable = bool(candidate.side.templates) or not template_rules
    hits = _hits(candidate, rule_ids)
    negative = is_negative(verdict.claim)
    types = _types_for(rule_ids)
    if hits:
        verdict.candidate_verdict = CONFIRMED if negative else REFUTED
        verdict.evidence = _locations(hits)
        verdict.reason = f"{hits[0].rule_id}: {hits[0].message}"
    elif not evaluable:
        verdict.reason = "The candidate never reached a template, so template checks cannot decide this claim."
        return True
    else:
        if types and candidate.side.templates and not _has_type(candidate, types):
            lines = _stack_line(candidate)
            if negative and lines:
                verdict.candidate_verdict, verdict.evidence = REFUTED, lines
                verdict.reason = "The answer has no " + " or ".join(sorted(types)) + " at all."
                return True
        lines = _resource_lines(candidate, types) or _stack_line(candidate)
        if not lines:
            verdict.reason = "The checks find nothing, but there is no line to show it."
            return True
        verdict.candidate_verdict = REFUTED if negative else CONFIRMED
        verdict.evidence = lines
        verdict.reason = f"No {', '.join(rule_ids)} finding: the code does not show this flaw."
    if reference is not None and negative and verdict.candidate_verdict == CONFIRMED:
        ref_template_ok = bool(reference.side.templates) or not template_rules
        if ref_template_ok:
            ref_hits = _hits(reference, rule_ids)
            verdict.reference_verdict = NOT_FIXED if ref_hits else FIXED
            verdict.reference_evidence = _locations(ref_hits) or _resource_lines(reference, types)
    return True
