"""Suppressions: deciding which findings the user has accepted, and why.

Three forms, one rule — a suppression needs a reason, or it does not suppress:

- an inline comment ``# iacreview: ignore[SEC003,SEC004] reason`` on the finding's line, or alone on the line above
  (Python files, also inside a Markdown answer's code blocks, and YAML templates);
- a resource ``Metadata`` entry ``iacreview: {ignore: [{id: SEC001, reason: ...}]}`` (in CDK:
  ``bucket.node.default_child.add_metadata("iacreview", {...})``; only the L1 resource reaches the template), or
  cdk-nag's own ``NagSuppressions`` metadata (``cdk_nag: {rules_to_suppress: [...]}``, on a resource or the stack),
  which covers the cdk-nag rule and the iacreview finding it was merged into;
- a config entry ``suppress = [{rule="SEC*", path="TapStack*/Images/*", reason=...}]`` (fnmatch on the construct
  path, the logical id or the file; a pattern that matches a construct also covers its children).

A comment or Metadata entry without a reason becomes a ``BP040`` info finding at its own place. Suppressed findings
are kept, marked ``suppressed`` with the reason, so every report can still show them. A baseline (a file of known
findings, keyed without line numbers so it survives edits above them) marks known findings the same way, leaving
only new ones to count.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from iacreview.anchors.mapping import load_table
from iacreview.config import Config
from iacreview.errors import ConfigError
from iacreview.model import Finding, Location, Review
from iacreview.rules.best_practice import suppression_without_reason
from iacreview.template.model import Template

__all__ = [
    "BASELINE_REASON",
    "TextFile",
    "apply_baseline",
    "apply_suppressions",
    "baseline_key",
    "load_baseline",
    "write_baseline",
]

BASELINE_REASON = "known finding (baseline"
BASELINE_SCHEMA = "iacreview/baseline@1"
_COMMENT = re.compile(r"#\s*iacreview:\s*ignore\[(?P<ids>[^\]]*)\](?P<reason>.*)$", re.IGNORECASE)
_LINE_NUMBERS = re.compile(r"(?<=\bline )\d+|(?<=\blines )\d+(?:[-–]\d+)?|(?<=:)\d+\b")


@dataclass(frozen=True)
class TextFile:
    """Text of a user file whose comments may suppress: ``origin`` is the user's path, ``first_line`` the line of
    ``origin`` holding line 1 (a code block inside a Markdown answer starts after its fence)."""

    origin: str
    text: str
    first_line: int = 1


@dataclass(frozen=True)
class _Mark:
    rules: frozenset[str]
    reason: str
    where: Location


def apply_suppressions(
    findings: Sequence[Finding],
    config: Config,
    *,
    files: Iterable[TextFile] = (),
    templates: Sequence[Template] = (),
    resource_locations: dict[str, Location] | None = None,
) -> list[Finding]:
    """Mark suppressed findings, add BP040 notes for reasonless suppressions, then apply the baseline."""
    out = list(findings)
    if config.use_suppressions:
        comments, notes = _comments(files)
        metadata, meta_notes = _metadata(templates, resource_locations or {})
        out = [_suppress(f, comments, metadata, config) for f in out] + notes + meta_notes
    if config.baseline:
        out = apply_baseline(out, load_baseline(Path(config.baseline)), config.baseline)
    return out


def _suppress(
    finding: Finding, comments: dict[tuple[str, int], list[_Mark]], metadata: dict[str, list[tuple[str, _Mark]]],
    config: Config,
) -> Finding:
    if finding.suppressed:
        return finding
    reason = _by_comment(finding, comments) or _by_metadata(finding, metadata) or _by_config(finding, config)
    return finding.with_changes(suppressed=True, suppression_reason=reason) if reason else finding


def _by_comment(finding: Finding, comments: dict[tuple[str, int], list[_Mark]]) -> str | None:
    loc = finding.location
    if loc is None:
        return None
    for mark in comments.get((loc.path, loc.line), []):
        if _rule_matches(finding.rule_id, mark.rules):
            return mark.reason
    return None


def _by_metadata(finding: Finding, metadata: dict[str, list[tuple[str, _Mark]]]) -> str | None:
    if finding.resource is None:
        return None
    in_template = finding.template_location.path if finding.template_location else None
    for template_path, mark in metadata.get(finding.resource, []):
        if (in_template is None or in_template == template_path) and any(
                _rule_matches(rule, mark.rules) for rule in (finding.rule_id, *finding.anchor_ids)):
            return mark.reason
    return None


def _by_config(finding: Finding, config: Config) -> str | None:
    targets = [t for t in (finding.construct_path, finding.resource, finding.location.path if finding.location else
                           None) if t]
    for entry in config.suppressions:
        if not fnmatchcase(finding.rule_id, entry.rule):
            continue
        if any(_path_matches(target, entry.path) for target in targets):
            return entry.reason
    return None


def _path_matches(target: str, pattern: str) -> bool:
    """``pattern`` matches ``target`` or a parent construct: ``Stack/Bucket`` covers ``Stack/Bucket/Resource``."""
    parts = target.split("/")
    return any(fnmatchcase("/".join(parts[:n]), pattern) for n in range(len(parts), 0, -1))


def _rule_matches(rule_id: str, rules: frozenset[str]) -> bool:
    """Ids compare case-blind: ``awssolutions-s2`` in a comment means ``AwsSolutions-S2``."""
    return any(fnmatchcase(rule_id.upper(), r.upper()) for r in rules)


def _comments(files: Iterable[TextFile]) -> tuple[dict[tuple[str, int], list[_Mark]], list[Finding]]:
    """Each ``(origin, line)`` a comment covers: its own line, and the next when the comment stands alone."""
    covered: dict[tuple[str, int], list[_Mark]] = {}
    notes: list[Finding] = []
    for file in files:
        for number, line in enumerate(file.text.splitlines(), start=file.first_line):
            match = _COMMENT.search(line)
            if match is None:
                continue
            where = Location(file.origin, number)
            rules = frozenset(r.strip().upper() for r in match.group("ids").split(",") if r.strip())
            reason = match.group("reason").strip().lstrip(":-—– ").strip()
            if not reason or not rules:
                notes.append(_note(where, f"`{match.group(0).strip()}` has no reason, so it suppresses nothing."))
                continue
            mark = _Mark(rules, reason, where)
            covered.setdefault((file.origin, number), []).append(mark)
            if line.lstrip().startswith("#"):
                covered.setdefault((file.origin, number + 1), []).append(mark)
    return covered, notes


def _metadata(
    templates: Sequence[Template], locations: dict[str, Location]
) -> tuple[dict[str, list[tuple[str, _Mark]]], list[Finding]]:
    """Logical id -> (template path, mark) from ``Metadata: {iacreview: {ignore: [...]}}``."""
    out: dict[str, list[tuple[str, _Mark]]] = {}
    notes: list[Finding] = []
    for template in templates:
        stack_wide = _cdk_nag_entries(template.body.get("Metadata") if isinstance(template.body, dict) else None)
        for logical_id, resource in template.resources.items():
            meta = resource.get("Metadata") if isinstance(resource, dict) else None
            entries = [*_ignore_entries(resource), *_cdk_nag_entries(meta), *stack_wide]
            if not entries:
                continue
            where = locations.get(logical_id) or Location(template.path, template.resource_lines.get(logical_id, 1))
            for entry in entries:
                rule = str(entry.get("id") or entry.get("rule") or "").strip().upper()
                reason = str(entry.get("reason") or "").strip()
                if not rule or not reason:
                    notes.append(_note(where, f"The iacreview Metadata entry {entry!r} on {logical_id} has no "
                                              "id or no reason, so it suppresses nothing.", logical_id))
                    continue
                out.setdefault(logical_id, []).append((template.path, _Mark(frozenset([rule]), reason, where)))
    return out, notes


def _ignore_entries(resource: Any) -> list[dict[str, Any]]:
    if not isinstance(resource, dict):
        return []
    meta = resource.get("Metadata")
    block = meta.get("iacreview") if isinstance(meta, dict) else None
    ignore = block.get("ignore") if isinstance(block, dict) else None
    if isinstance(ignore, dict):
        ignore = [ignore]
    return [e for e in ignore if isinstance(e, dict)] if isinstance(ignore, list) else []


def _cdk_nag_entries(meta: Any) -> list[dict[str, Any]]:
    """cdk-nag's own suppressions (``NagSuppressions.add_resource_suppressions`` / ``add_stack_suppressions``):
    ``Metadata: {cdk_nag: {rules_to_suppress: [{id, reason}]}}``. They suppress that cdk-nag rule and the iacreview
    finding it was merged into (whose anchor ids name it)."""
    block = meta.get("cdk_nag") if isinstance(meta, dict) else None
    rules = block.get("rules_to_suppress") if isinstance(block, dict) else None
    if not isinstance(rules, list):
        return []
    equivalent = load_table().equivalent
    out: list[dict[str, Any]] = []
    for entry in (e for e in rules if isinstance(e, dict)):
        anchor = str(entry.get("id") or "")
        out += [{"id": rule, "reason": entry.get("reason")} for rule in (anchor, *sorted(equivalent.get(anchor, ())))]
    return out


def _note(where: Location, message: str, resource: str | None = None) -> Finding:
    return Finding.from_rule(suppression_without_reason.META, message, where, resource=resource)


# --- baseline ---------------------------------------------------------------------------------------------------


def baseline_key(finding: Finding) -> tuple[str, str, str, str]:
    """(rule, file, construct path or logical id, message without line numbers): stable across line shifts."""
    file = finding.location.path if finding.location else ""
    return (finding.rule_id, file, finding.construct_path or finding.resource or "", _LINE_NUMBERS.sub("N",
                                                                                                     finding.message))


def load_baseline(path: Path) -> Counter[tuple[str, str, str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: the baseline is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA or not isinstance(data.get("findings"),
                                                                                               list):
        raise ConfigError(f"{path}: not an iacreview baseline (write one with --write-baseline)")
    keys: Counter[tuple[str, str, str, str]] = Counter()
    for i, row in enumerate(data["findings"]):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in ("rule_id", "file", "where",
                                                                                       "message")):
            raise ConfigError(f"{path}: findings[{i}]: expected rule_id, file, where and message strings")
        keys[(row["rule_id"], row["file"], row["where"], row["message"])] += 1
    return keys


def apply_baseline(
    findings: Sequence[Finding], known: Counter[tuple[str, str, str, str]], name: str
) -> list[Finding]:
    """Mark as many findings per key as the baseline recorded; the rest are new and stay active."""
    left = Counter(known)
    out: list[Finding] = []
    for finding in findings:
        key = baseline_key(finding)
        if not finding.suppressed and left[key] > 0:
            left[key] -= 1
            finding = finding.with_changes(suppressed=True, suppression_reason=f"{BASELINE_REASON} {name})")
        out.append(finding)
    return out


def write_baseline(path: Path, reviews: Iterable[Review]) -> int:
    """Record every finding that no suppression accepted (baseline-marked ones included); returns the count."""
    rows = []
    for review in reviews:
        for f in review.findings:
            if f.suppressed and not (f.suppression_reason or "").startswith(BASELINE_REASON):
                continue
            rule, file, where, message = baseline_key(f)
            rows.append({"rule_id": rule, "file": file, "where": where, "message": message})
    rows.sort(key=lambda r: (r["file"], r["rule_id"], r["where"], r["message"]))
    path.write_text(json.dumps({"schema": BASELINE_SCHEMA, "findings": rows}, indent=2) + "\n", encoding="utf-8")
    return len(rows)
