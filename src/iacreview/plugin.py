"""A CDK policy-validation plugin: iacreview's template rules run inside ``cdk synth`` of the user's own app.

Usage in a CDK app (Python)::

    from aws_cdk import Validations
    from iacreview.plugin import IacReviewChecks

    Validations.of(app).add_plugins(IacReviewChecks())

CDK calls ``validate`` after synthesis with the templates it wrote; findings at or above ``min_severity`` become
violations (CDK then fails the synth and prints them with their construct paths, from each resource's
``aws:cdk:path`` metadata). A rule is accepted for a construct and its children with CDK's own mechanism, which
aws-cdk-lib (2.275) applies to plugin reports itself and lists under ``suppressedViolations`` with the reason::

    Validations.of(bucket).acknowledge(Acknowledgment(id="iacreview::SEC001", reason="public website bucket"))

Config-file suppressions (``.iacreview.toml`` / ``pyproject.toml`` found
from the app's folder) and resource ``Metadata`` suppressions apply as in ``iacreview check``.

This module imports ``aws_cdk``, which starts Node: it is only ever imported by the user's CDK app, never by the
analyzer (the analyzer synthesizes in a child process and must not load it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii

from iacreview import __version__
from iacreview.config import Config
from iacreview.model import Finding, Severity
from iacreview.rules import TEMPLATE_RULES
from iacreview.rules.runner import run_template_rules
from iacreview.settings import load_settings
from iacreview.suppress import apply_suppressions
from iacreview.template.model import Template

__all__ = ["PLUGIN_NAME", "IacReviewChecks"]

PLUGIN_NAME = "iacreview"
_PREFIX = f"{PLUGIN_NAME}::"


@jsii.implements(cdk.IPolicyValidationPlugin)
class IacReviewChecks:
    """Runs iacreview's template rules on the synthesized templates and reports violations to CDK."""

    def __init__(
        self, config: Config | None = None, *, min_severity: str | None = None, config_dir: str | None = None
    ) -> None:
        """``config``: use exactly this; otherwise settings are read from ``config_dir`` (default: the working
        directory) upwards. ``min_severity``: the lowest severity reported (default: the config's ``fail_on``,
        else ``high``)."""
        self._config = config or load_settings(Path(config_dir or ".")).config()
        level = min_severity or (self._config.fail_on.value if self._config.fail_on else Severity.HIGH.value)
        self._min = Severity(level)

    @property
    def name(self) -> str:
        return PLUGIN_NAME

    @property
    def version(self) -> str | None:
        return __version__

    @property
    def rule_ids(self) -> list[str] | None:
        return [rule.meta.id for rule in TEMPLATE_RULES]

    def validate(self, context: cdk.IPolicyValidationContext) -> cdk.PolicyValidationPluginReport:
        templates = [_load(Path(p)) for p in context.template_paths]
        findings = run_template_rules(templates, TEMPLATE_RULES, self._config, lambda _t, _l: None)
        findings = apply_suppressions(findings, self._config, templates=templates)
        paths = {t.path: t for t in templates}
        by_rule: dict[str, list[cdk.PolicyViolatingResource]] = {}
        first: dict[str, Finding] = {}
        for finding in findings:
            if finding.suppressed or not finding.severity.at_least(self._min) or finding.resource is None:
                continue
            template = finding.template_location.path if finding.template_location else None
            template = template if template in paths else next(iter(paths), "")
            first.setdefault(finding.rule_id, finding)
            by_rule.setdefault(finding.rule_id, []).append(
                cdk.PolicyViolatingResource(
                    locations=[finding.message], resource_logical_id=finding.resource, template_path=template
                )
            )
        violations = [
            cdk.PolicyViolation(
                rule_name=f"{_PREFIX}{rule_id}",
                description=_description(rule_id, first[rule_id]),
                violating_resources=resources,
                # "error": CDK fails the synth on it (and recomputes success after acknowledgements).
                severity="error",
                rule_metadata={"iacreview severity": first[rule_id].severity.value},
                fix=_fix(rule_id),
            )
            for rule_id, resources in sorted(by_rule.items())
        ]
        return cdk.PolicyValidationPluginReport(success=not violations, violations=violations,
                                                plugin_version=__version__)


def _load(path: Path) -> Template:
    """A synthesized template with each resource's construct path (``aws:cdk:path`` metadata)."""
    body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    resources = body.get("Resources") if isinstance(body.get("Resources"), dict) else {}
    construct_paths: dict[str, str] = {}
    for logical_id, resource in (resources or {}).items():
        meta = resource.get("Metadata") if isinstance(resource, dict) else None
        cdk_path = meta.get("aws:cdk:path") if isinstance(meta, dict) else None
        if isinstance(cdk_path, str):
            construct_paths[logical_id] = cdk_path
    name = path.name.removesuffix(".template.json")
    return Template(name=name, body=body, path=str(path), synthesized=True, construct_paths=construct_paths)


def _description(rule_id: str, finding: Finding) -> str:
    from iacreview.rules import rule_by_id

    found = rule_by_id(rule_id)
    return f"{finding.title}. {found[0].impact}" if found else finding.title


def _fix(rule_id: str) -> str:
    from iacreview.rules import rule_by_id

    found = rule_by_id(rule_id)
    return found[0].fix if found else ""
