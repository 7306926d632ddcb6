"""Runs template rules over templates and turns their hits into located findings.

Rules only say *what* is wrong with *which* logical id; the runner adds everything else: the configured severity,
the CDK construct path, the place in the user's input (through the caller's ``locate``) and the place in the
template itself. A rule that raises is a bug in the rule, not in the user's code, so it becomes an ``info`` finding
naming the rule and the review carries on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType

from iacreview.config import Config
from iacreview.model import Finding, Location, Severity, Target
from iacreview.rules.base import Hit, TemplateRule
from iacreview.template.model import Template

__all__ = ["Locate", "load_rule_modules", "run_template_rules"]

log = logging.getLogger(__name__)

Locate = Callable[[Template, str | None], Location | None]


def load_rule_modules(modules: Iterable[ModuleType]) -> list[TemplateRule]:
    """The template rules among ``modules`` (modules whose ``META.target`` is ``Target.TEMPLATE``)."""
    rules: list[TemplateRule] = []
    for module in modules:
        meta = getattr(module, "META", None)
        if meta is not None and meta.target == Target.TEMPLATE and callable(getattr(module, "check", None)):
            rules.append(TemplateRule.from_module(module))
    return rules


def run_template_rules(
    templates: Sequence[Template],
    rules: Sequence[TemplateRule],
    config: Config,
    locate: Locate,
    *,
    include_generated: bool = False,
) -> list[Finding]:
    """Every finding of every enabled rule on every template, in template then rule order.

    Resources CDK generates on its own (``template.is_generated``) are skipped unless ``include_generated``:
    the user did not write them and cannot change them.
    """
    overrides = dict(config.severity_overrides)
    findings: list[Finding] = []
    for template in templates:
        for rule in rules:
            if rule.meta.id in config.disabled_rules:
                continue
            try:
                hits = list(rule.check(template, config))
            except Exception as exc:  # a broken rule must not end the review
                log.exception("rule %s failed on template %s", rule.meta.id, template.name)
                findings.append(_crash_finding(rule, template, exc, locate))
                continue
            for hit in hits:
                if hit.logical_id is not None and not include_generated and template.is_generated(hit.logical_id):
                    continue
                findings.append(_to_finding(rule, template, hit, overrides.get(rule.meta.id), locate))
    return findings


def _to_finding(rule: TemplateRule, template: Template, hit: Hit, override: Severity | None, locate: Locate) -> Finding:
    logical_id = hit.logical_id
    template_line = template.resource_lines.get(logical_id) if logical_id is not None else None
    return Finding.from_rule(
        rule.meta,
        hit.message,
        locate(template, logical_id),
        severity=override or hit.severity or rule.meta.severity,
        resource=logical_id,
        construct_path=template.construct_paths.get(logical_id) if logical_id is not None else None,
        evidence=hit.evidence,
        template_location=Location(template.path, template_line) if template_line is not None else None,
    )


def _crash_finding(rule: TemplateRule, template: Template, exc: Exception, locate: Locate) -> Finding:
    message = (
        f"Rule {rule.meta.id} ({rule.meta.title}) could not check template {template.name}: "
        f"{type(exc).__name__}: {exc}. Its result is missing from this review."
    )
    return Finding.from_rule(
        rule.meta,
        message,
        locate(template, None),
        severity=Severity.INFO,
        evidence=f"{type(exc).__name__}: {exc}",
    )
