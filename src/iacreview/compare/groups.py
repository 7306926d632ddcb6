"""One reviewer item per cause: "all four Lambdas run on x86" is one failure with four locations, not four.

Failures of the same rule with the same fix share a group (``CompareFailure.group_key``): a candidate rule fixed in
the reference, a type of resource the reference adds, a property the reference sets on several resources, a
requested service together with the reference's resources of that service. The group keeps every member, so JSON
readers still see each location.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iacreview.model import Category, Finding, Location, Severity

if TYPE_CHECKING:
    from iacreview.compare.core import CompareFailure

KIND_ORDER = {"synth": 0, "prompt": 1, "fixed_in_reference": 2, "missing_in_candidate": 3}


@dataclass(frozen=True)
class FailureGroup:
    kind: str  # the kind of the lead failure
    lead: int  # index of the failure whose title and rule head the item
    members: tuple[int, ...]  # indices into Comparison.failures, lead first
    rule_id: str
    category: Category
    severity: Severity  # the highest of the members
    title: str

    def locations(self, failures: Sequence[CompareFailure]) -> list[Location]:
        out: list[Location] = []
        for index in self.members:
            loc = failures[index].finding.location
            if loc is not None and loc not in out:
                out.append(loc)
        return out

    def to_json(self, number: int, failures: Sequence[CompareFailure]) -> dict[str, Any]:
        return {
            "id": number,
            "kind": self.kind,
            "rule_id": self.rule_id,
            "category": self.category.value,
            "severity": self.severity.value,
            "title": self.title,
            "members": list(self.members),
            "locations": [loc.to_json() for loc in self.locations(failures)],
        }


def group_failures(items: Sequence[tuple[Finding, str, tuple[str, ...]]]) -> list[FailureGroup]:
    """(finding, kind, key) per failure → groups in report order (category, severity, first line)."""
    by_key: dict[tuple[str, ...], list[int]] = {}
    for index, (_finding, _kind, key) in enumerate(items):
        by_key.setdefault(key or ("single", str(index)), []).append(index)
    groups: list[FailureGroup] = []
    for members in by_key.values():
        ordered = sorted(members, key=lambda i: (KIND_ORDER.get(items[i][1], 9), items[i][0].sort_key()))
        lead, kind = ordered[0], items[ordered[0]][1]
        finding = items[lead][0]
        severity = max((items[i][0].severity for i in ordered), key=lambda s: s.rank)
        groups.append(FailureGroup(kind, lead, tuple(ordered), finding.rule_id, finding.category, severity,
                                   finding.title))
    categories = list(Category)
    return sorted(groups, key=lambda g: (categories.index(g.category), -g.severity.rank,
                                         items[g.lead][0].sort_key()))
