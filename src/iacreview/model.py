"""The data model every layer shares: locations, findings, rule metadata and reviews.

Everything here is a frozen dataclass so that findings can be hashed, deduplicated and compared between a
candidate and a reference. The JSON form of these objects is the stable schema in DESIGN.md: fields may be added,
never renamed or given another meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    SYNTAX = "syntax"
    DEPLOYMENT = "deployment"
    SECURITY = "security"
    PERFORMANCE = "performance"
    BEST_PRACTICE = "best_practice"

    @property
    def prefix(self) -> str:
        """Rule id prefix of the category (SYN001, DEP001, ...)."""
        return _PREFIXES[self]

    @property
    def heading(self) -> str:
        return _HEADINGS[self]


_PREFIXES = {
    Category.SYNTAX: "SYN",
    Category.DEPLOYMENT: "DEP",
    Category.SECURITY: "SEC",
    Category.PERFORMANCE: "PERF",
    Category.BEST_PRACTICE: "BP",
}
_HEADINGS = {
    Category.SYNTAX: "Syntax Issues",
    Category.DEPLOYMENT: "Deployment Issues",
    Category.SECURITY: "Security Issues",
    Category.PERFORMANCE: "Performance Issues",
    Category.BEST_PRACTICE: "Best Practices",
}


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: critical=4 ... info=0."""
        return _RANKS[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_RANKS = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1, Severity.INFO: 0}


class Target(StrEnum):
    """What a rule looks at."""

    SOURCE = "source"
    TEMPLATE = "template"
    INLINE_CODE = "inline_code"
    SYNTH = "synth"


@dataclass(frozen=True, order=True)
class Location:
    """A place in what the user gave: ``path`` is the user's path (the ``.md``, not a temp file)."""

    path: str
    line: int
    column: int | None = None
    end_line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line}


@dataclass(frozen=True)
class RuleMeta:
    """Metadata of one rule. ``keywords`` feed claim matching in ``verify``."""

    id: str
    category: Category
    severity: Severity
    title: str
    impact: str
    fix: str
    target: Target
    keywords: tuple[str, ...] = ()
    doc: str = ""
    source: str = "iacreview"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: Category
    severity: Severity
    title: str
    message: str
    location: Location | None = None
    resource: str | None = None
    construct_path: str | None = None
    evidence: str = ""
    suppressed: bool = False
    suppression_reason: str | None = None
    after_repairs: bool = False
    source: str = "iacreview"
    # Where the finding sits in the generated/synthesized template, when it came from one.
    template_location: Location | None = None
    # On a resource aws-cdk-lib created on its own (custom-resource provider, log retention ...): hidden by default.
    generated: bool = False
    # Ids of anchor-tool rules (cdk-nag, cfn-lint) that reported the same thing about the same resource.
    anchor_ids: tuple[str, ...] = ()

    @classmethod
    def from_rule(
        cls,
        meta: RuleMeta,
        message: str,
        location: Location | None = None,
        *,
        severity: Severity | None = None,
        resource: str | None = None,
        construct_path: str | None = None,
        evidence: str = "",
        template_location: Location | None = None,
    ) -> Finding:
        return cls(
            rule_id=meta.id,
            category=meta.category,
            severity=severity or meta.severity,
            title=meta.title,
            message=message,
            location=location,
            resource=resource,
            construct_path=construct_path,
            evidence=evidence,
            source=meta.source,
            template_location=template_location,
        )

    def with_changes(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    def sort_key(self) -> tuple[int, str, int, str]:
        loc = self.location
        return (-self.severity.rank, loc.path if loc else "", loc.line if loc else 0, self.rule_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "category": self.category.value,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "location": self.location.to_json() if self.location else None,
            "resource": self.resource,
            "construct_path": self.construct_path,
            "suppressed": self.suppressed,
            "suppression_reason": self.suppression_reason,
            "after_repairs": self.after_repairs,
            "source": self.source,
            "evidence": self.evidence,
            "template_location": self.template_location.to_json() if self.template_location else None,
            "generated": self.generated,
            "anchor_ids": list(self.anchor_ids),
        }


@dataclass(frozen=True)
class Repair:
    what: str
    location: Location | None
    why: str = ""
    kind: str = ""  # the repair kind (``keyword``, ``attribute``, ``import`` ...), for counting and filtering

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "location": self.location.to_json() if self.location else None,
            "why": self.why,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class SynthOutcome:
    """How synthesis went. ``ok`` means synthesized as written; ``templates`` counts what the rules saw."""

    attempted: bool
    ok: bool
    error: str | None = None
    location: Location | None = None
    assumptions: tuple[str, ...] = ()
    repairs: tuple[Repair, ...] = ()
    templates: int = 0
    seconds: float = 0.0
    error_class: str | None = None
    # Why the repair ladder stopped without a template ("" when synth passed as written, or after repairs).
    ladder_stopped: str = ""
    # The template was reached only by taking failing statements out (``excise`` repairs): it shows part of the app,
    # so what it lacks proves nothing; ``withheld`` counts the template findings not reported for that reason.
    partial: bool = False
    withheld: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "attempted": self.attempted,
            "ok": self.ok,
            "error": self.error,
            "error_class": self.error_class,
            "location": self.location.to_json() if self.location else None,
            "assumptions": list(self.assumptions),
            "repairs": [r.to_json() for r in self.repairs],
            "templates": self.templates,
            "seconds": round(self.seconds, 3),
            "ladder_stopped": self.ladder_stopped or None,
            "partial": self.partial,
            "withheld": self.withheld,
        }


@dataclass(frozen=True)
class Review:
    subject: str
    synth: SynthOutcome
    findings: tuple[Finding, ...]
    cdk_version: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "iacreview/review@1",
            "subject": self.subject,
            "aws_cdk_lib_version": self.cdk_version,
            "synth": self.synth.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def worst(self) -> Severity | None:
        active = [f.severity for f in self.findings if not f.suppressed]
        return max(active, key=lambda s: s.rank) if active else None
