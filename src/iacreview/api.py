"""The public API: ``check`` one subject. The CLI is a thin layer over these functions.

Pipeline (DESIGN.md): sources → static Python layer → synth (child process) → template rules → Review.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from iacreview import sources
from iacreview.config import Config
from iacreview.locate import locate_construct, locate_stack
from iacreview.model import Finding, Location, Review, SynthOutcome
from iacreview.python.index import load_index
from iacreview.python.parse import parse_workspace
from iacreview.python.source_runner import run_source_rules
from iacreview.rules import SOURCE_RULES, TEMPLATE_RULES
from iacreview.rules.base import SourceContext
from iacreview.rules.runner import run_template_rules
from iacreview.sources.workspace import InputKind, Workspace
from iacreview.synth import SynthResult, synthesize
from iacreview.template.loader import load_template
from iacreview.template.model import Template
from iacreview.versions import cdk_version


@dataclass
class _Timer:
    timings: dict[str, float]

    def lap(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - started
        return now


def check(path: str | Path, config: Config | None = None, *, display: str | None = None) -> Review:
    """Review one app folder, ``.py`` file, Markdown answer or CloudFormation template.

    Raises ``IacReviewError`` (``InputError``) when the input cannot be used at all.
    """
    config = config or Config()
    shown = display or str(path)
    timer = _Timer({})
    started = time.perf_counter()
    workspace = sources.load(Path(path), config, display=shown)
    started = timer.lap("load", started)
    try:
        if workspace.kind is InputKind.TEMPLATE:
            templates = [load_template(Path(path), shown)]
            synth = SynthOutcome(attempted=False, ok=True, templates=len(templates))
            findings = list(workspace.findings)
        else:
            findings = list(workspace.findings)
            findings += review_source(workspace, config)
            started = timer.lap("static", started)
            templates, synth, synth_findings = _synthesize(workspace, config)
            findings += synth_findings
            started = timer.lap("synth", started)
        findings += run_template_rules(templates, TEMPLATE_RULES, config, _locator(workspace, shown))
        timer.lap("rules", started)
    finally:
        workspace.cleanup()
    return Review(
        subject=shown,
        synth=synth,
        findings=tuple(sorted(_dedupe(findings), key=Finding.sort_key)),
        cdk_version=cdk_version(),
        timings=timer.timings,
    )


def review_source(workspace: Workspace, config: Config) -> list[Finding]:
    """The static layer alone (no Node): parse, index, source rules."""
    context = SourceContext(
        workspace=workspace,
        modules=parse_workspace(workspace),
        config=config,
        cdk_index=load_index(config),
    )
    return run_source_rules(context, SOURCE_RULES)


def _synthesize(workspace: Workspace, config: Config) -> tuple[list[Template], SynthOutcome, list[Finding]]:
    if not config.synth:
        return [], SynthOutcome(attempted=False, ok=False, assumptions=tuple(workspace.assumptions)), []
    result: SynthResult = synthesize(workspace, config)
    outcome = SynthOutcome(
        attempted=True,
        ok=result.ok,
        error=result.error,
        error_class=result.error_class,
        location=result.location,
        assumptions=tuple([*workspace.assumptions, *result.assumptions]),
        templates=len(result.templates),
        seconds=result.seconds,
    )
    return list(result.templates), outcome, [result.finding] if result.finding else []


def _locator(workspace: Workspace, shown: str) -> Callable[[Template, str | None], Location | None]:
    """Where a template finding is reported: the template line for a given template, the Python line otherwise."""

    def locate(template: Template, logical_id: str | None) -> Location | None:
        if not template.synthesized:
            line = template.resource_lines.get(logical_id or "", 1)
            return Location(shown, line)
        path = template.construct_paths.get(logical_id or "")
        found = locate_construct(workspace, path) if path else None
        return found or locate_stack(workspace, template.name)

    return locate


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (rule, place, resource, message): repeated blocks must not double-count."""
    seen: set[tuple[object, ...]] = set()
    unique: list[Finding] = []
    for f in findings:
        key = (f.rule_id, f.location, f.resource, f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
