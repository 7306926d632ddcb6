"""Failures that share one cause, so that a reviewer writes them as one item.

- A resource the reference adds only to serve another missing resource (the flow log's role and log group, the new
  function's role) belongs to that resource's item: the candidate lacks one thing, not three.
- A missing resource or property that a candidate finding already names ("VPC has no flow log" next to "the
  reference defines a VPC flow log", "no CloudWatch alarm" next to the reference's alarms) is the same failure seen
  from two sides. The link needs both: the finding is on the resource concerned (or on the whole stack), and every
  word of the reviewer's name for the missing thing occurs in the finding's title, message or keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from iacreview.compare.keys import rule_meta
from iacreview.model import Finding

# Types that exist to serve another resource: a role for a function, a log group for a flow log.
_SUPPORTING = frozenset({"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Logs::LogGroup",
                         "AWS::Lambda::Permission", "AWS::SNS::Subscription", "AWS::IAM::InstanceProfile"})
_STOP = frozenset({"the", "and", "for", "with", "this", "that", "its", "from", "per"})
_TOKEN = re.compile(r"[a-z0-9][a-z0-9-]{2,}")


@dataclass(frozen=True)
class MissingInfo:
    """What a missing-in-candidate failure is about: the reference resource, or a candidate resource's property."""

    index: int
    words: str
    reference_id: str | None = None  # a missing resource
    reference_type: str = ""
    candidate_id: str | None = None  # a missing property of this candidate resource


def references(value: Any) -> set[str]:
    """Logical ids a template value points at (Ref, Fn::GetAtt, ${Id} in Fn::Sub)."""
    out: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("Ref"), str):
            out.add(value["Ref"])
        att = value.get("Fn::GetAtt")
        if isinstance(att, list) and att and isinstance(att[0], str):
            out.add(att[0])
        elif isinstance(att, str):
            out.add(att.split(".", 1)[0])
        sub = value.get("Fn::Sub")
        text = sub[0] if isinstance(sub, list) and sub else sub
        if isinstance(text, str):
            out |= {m.split(".", 1)[0] for m in re.findall(r"\$\{([^}!]+)\}", text)}
        for item in value.values():
            out |= references(item)
    elif isinstance(value, list):
        for item in value:
            out |= references(item)
    return out


def _prefixes(text: str) -> set[str]:
    return {t[:5] for t in _TOKEN.findall(text.lower()) if t not in _STOP}


def _names(words: str, finding: Finding) -> bool:
    wanted = _prefixes(words.split(" (", 1)[0])
    meta = rule_meta(finding.rule_id)
    said = _prefixes(" ".join([finding.title, finding.message, *(meta.keywords if meta else ())]))
    return bool(wanted) and wanted <= said


def same_cause_links(
    missing: Sequence[MissingInfo],
    fixed: Sequence[tuple[int, Finding]],
    reference_refs: dict[str, set[str]],
    counterpart: dict[str, str],
) -> Iterator[tuple[int, int, str]]:
    """(failure, failure, why) for failures that are one cause (``counterpart``: reference id → candidate id).

    ``why`` is "serves" when the first only serves the second (it then leaves its own type's item) or "names".
    """
    by_ref = {m.reference_id: m for m in missing if m.reference_id}
    for item in missing:
        if item.reference_id and item.reference_type in _SUPPORTING:
            own = reference_refs.get(item.reference_id, set())
            for other in sorted(by_ref.values(), key=lambda m: m.reference_type in _SUPPORTING):
                if other is item:
                    continue
                if item.reference_id in reference_refs.get(other.reference_id or "", set()) or \
                        other.reference_id in own:
                    yield item.index, other.index, "serves"
                    break
        if item.reference_id:
            concerned = {counterpart[r] for r in reference_refs.get(item.reference_id, set()) if r in counterpart}
        else:
            concerned = {item.candidate_id or ""}
        for index, finding in fixed:
            if (finding.resource is None or finding.resource in concerned) and _names(item.words, finding):
                yield item.index, index, "names"
