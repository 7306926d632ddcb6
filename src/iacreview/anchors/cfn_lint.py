"""cfn-lint as a library, in the analyzer's own process, on every template of a review.

One region per template (the stack's, else the configured default) rather than ``lint_all``'s every region: a
synthesized template names one region, and linting 30 regions costs 30 times as much. Informational rules
(``I...``) are included; cfn-lint's own processing errors (``E0...``) are not findings about the code. Each match
gives a template line and a JSON path (``Resources/<logical id>/...``); the logical id leads to the construct
path and from there to the Python line (``mapping.to_finding``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from iacreview.anchors import cfn_lint_speed
from iacreview.anchors.mapping import Hit
from iacreview.template.model import Template
from iacreview.versions import package_version

log = logging.getLogger(__name__)

SOURCE = "cfn-lint"
_LEVELS = {"E": "error", "W": "warning", "I": "info"}
# cfn-lint's rule objects are shared by the process and keep state while they run: one lint at a time.
_LINT = threading.Lock()


def template_text(template: Template, given: Path | None = None) -> str:
    """The template as the user (``given``) or synth wrote it, so that cfn-lint's lines are the file's lines."""
    try:
        return (given if given is not None and not template.synthesized else Path(template.path)).read_text(
            encoding="utf-8", errors="replace"
        )
    except OSError:
        return json.dumps(template.body, indent=1)


def region_of(template: Template, default: str) -> str:
    """``aws://123456789012/eu-west-1`` -> ``eu-west-1``; an unresolved or missing region -> ``default``."""
    env = template.environment or ""
    region = env.rsplit("/", 1)[-1] if env.startswith("aws://") else ""
    return region if region and region != "unknown-region" else default


def logical_id_at(template: Template, path: list[object], line: int | None) -> str | None:
    """The resource a match is about: from its JSON path, else the resource whose key precedes its line."""
    if len(path) > 1 and path[0] == "Resources" and isinstance(path[1], str) and path[1] in template.resources:
        return path[1]
    if line is None:
        return None
    before = [(at, lid) for lid, at in template.resource_lines.items() if at <= line]
    return max(before)[1] if before else None


@lru_cache(maxsize=1)
def _rules() -> Any:
    """cfn-lint's rule collection, loaded once per process (loading it is about half of a small template's lint).

    The process's cfn-lint gets its memoizations first (``cfn_lint_speed``: same matches, less CPU)."""
    from cfnlint.core import get_rules

    cfn_lint_speed.install()
    rules = get_rules([], [], ["I"])
    cfn_lint_speed.install_for_rules(rules)
    return rules


def _raw_matches(text: str, region: str) -> list[tuple[str, str, list[object], int | None]]:
    """cfn-lint's matches as plain data: (rule id, message, JSON path, line)."""
    from cfnlint.api import ManualArgs, lint  # imported here: 0.8 s, paid only when cfn-lint runs

    config = ManualArgs(include_checks=["I"], regions=[region])
    out: list[tuple[str, str, list[object], int | None]] = []
    with _LINT:
        matches = lint(text, rules=_rules(), config=config)
    for match in matches:
        line = int(match.linenumber) if match.linenumber else None
        out.append((str(match.rule.id), str(match.message), list(getattr(match, "path", None) or []), line))
    return out


def _cached_matches(text: str, region: str, cache_dir: Path | None) -> list[tuple[str, str, list[object], int | None]]:
    """Matches for a template text, from the cache when this text was linted before with this cfn-lint version.

    Linting is the costliest step of a review served from the synth cache; the result depends only on the text, the
    region and cfn-lint's version."""
    if cache_dir is None:
        return _raw_matches(text, region)
    digest = hashlib.sha256(f"{package_version('cfn-lint')}\0{region}\0{text}".encode()).hexdigest()
    entry = cache_dir / f"{digest}.json"
    try:
        return [(str(r), str(m), list(p), ln) for r, m, p, ln in json.loads(entry.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    matches = _raw_matches(text, region)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = entry.with_suffix(f".{os.getpid()}.tmp")
        staging.write_text(json.dumps(matches), encoding="utf-8")
        os.replace(staging, entry)
    except OSError:
        log.warning("cannot write the cfn-lint cache in %s", cache_dir)
    return matches


def lint_template(
    template: Template, region: str, given: Path | None = None, cache_dir: Path | None = None
) -> list[Hit]:
    """cfn-lint's matches on one template; a crash of cfn-lint costs its findings, never the review."""
    try:
        matches = _cached_matches(template_text(template, given), region, cache_dir)
    except Exception:  # cfn-lint is a third-party engine: a failure there must not end the review
        log.exception("cfn-lint failed on template %s", template.name)
        return []
    hits: list[Hit] = []
    for rule_id, message, path, line in matches:
        if rule_id.startswith("E0"):
            continue
        hits.append(
            Hit(
                source=SOURCE,
                rule_id=rule_id,
                message=message,
                template=template,
                logical_id=logical_id_at(template, path, line),
                level=_LEVELS.get(rule_id[:1], "warning"),
                pack=SOURCE,
                line=line,
            )
        )
    return hits


def lint_templates(
    templates: list[Template], default_region: str, given: Path | None = None, cache_dir: Path | None = None
) -> list[Hit]:
    hits: list[Hit] = []
    for template in templates:
        hits += lint_template(template, region_of(template, default_region), given, cache_dir)
    return hits
