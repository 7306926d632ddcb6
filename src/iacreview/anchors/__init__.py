"""The anchor tools inside the review: cdk-nag packs, cfn-lint and aws-cdk-lib's own validation.

They check the synthesized template (cdk-nag during synth, in the child; cfn-lint here, as a library). Their
violations become ``Finding``s with ``source`` = the tool, the tool's own ``rule_id``, category and severity from
``data/anchor_rules.json``, and the Python ``file:line`` through the same construct-path mapping as our rules.
Where one of our rules says the same thing about the same resource, one finding names both (``anchor_ids``).
Findings on resources aws-cdk-lib generates on its own are marked ``generated`` (hidden unless asked for).

Which tools run is ``Config.packs``: ``AwsSolutions``, ``Serverless`` (and the other cdk-nag packs by their
names, e.g. ``HIPAA.Security``) and ``cfn-lint``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iacreview.anchors import cdk_nag, cfn_lint
from iacreview.anchors.dedupe import merge
from iacreview.anchors.mapping import Locate, load_table, to_finding
from iacreview.cachedir import cache_root
from iacreview.config import Config
from iacreview.model import Finding, RuleMeta
from iacreview.template.model import Template

__all__ = ["AnchorRun", "anchor_rule_metas", "apply_anchors", "child_packs", "run_anchors"]


@dataclass
class AnchorRun:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def child_packs(config: Config) -> tuple[str, ...]:
    """cdk-nag packs the synth child must add to the app: the configured ones, when cdk-nag is installed."""
    packs = cdk_nag.nag_packs(config.packs)
    return packs if packs and cdk_nag.installed() else ()


def run_anchors(templates: list[Template], config: Config, locate: Locate, given: Path | None = None) -> AnchorRun:
    """Every anchor finding on these templates (not yet merged with ours).

    ``given``: the file of a template the user gave (its ``Template.path`` is the path as shown), so that
    cfn-lint reads the user's own lines.
    """
    run = AnchorRun()
    if not templates:
        return run
    table = load_table()
    hits = []
    if cdk_nag.nag_packs(config.packs) and any(t.synthesized for t in templates):
        if not cdk_nag.installed():
            run.notes.append(cdk_nag.MISSING_NOTE)
        else:
            report = cdk_nag.read_report(templates)
            hits += cdk_nag.report_hits(report, templates) if report else []
    elif config.cdk_validation:
        report = cdk_nag.read_report(templates)
        hits += cdk_nag.report_hits(report, templates) if report else []
    if "cfn-lint" in config.packs:
        hits += cfn_lint.lint_templates(templates, config.default_region, given, cache_root(config) / "cfn-lint")
    for hit in hits:
        if hit.rule_id in config.disabled_rules:
            continue
        run.findings.append(to_finding(hit, table, locate))
    return run


def apply_anchors(ours: list[Finding], run: AnchorRun, config: Config) -> list[Finding]:
    """Our template findings merged with the anchors'; generated-resource findings dropped unless shown."""
    merged = merge(ours, run.findings, load_table())
    return merged if config.show_generated else [f for f in merged if not f.generated]


def anchor_rule_metas() -> list[RuleMeta]:
    """Every rule of the anchor tools the table knows, with its source (for ``iacreview rules``)."""
    return load_table().metas()
