"""The public API: ``check`` one subject. The CLI is a thin layer over these functions.

Pipeline (DESIGN.md): sources → static Python layer → synth (child process) → template rules → Review.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from iacreview import sources
from iacreview.anchors import apply_anchors, run_anchors
from iacreview.compare import Comparison, Side, compare
from iacreview.config import Config
from iacreview.locate import locate_construct, locate_stack
from iacreview.model import Finding, Location, Repair, Review, SynthOutcome
from iacreview.python.index import CdkIndex, load_index
from iacreview.python.oracle import api_oracle
from iacreview.python.parse import parse_workspace
from iacreview.python.source_runner import run_source_rules
from iacreview.repair import ApiOracle, LadderResult, NoOracle, run_ladder
from iacreview.repair.excise import comes_from, may_come_from
from iacreview.repair.ladder import Synthesizer
from iacreview.repair.partial import excisions, withhold
from iacreview.rules import SOURCE_RULES, TEMPLATE_RULES, all_rule_metas
from iacreview.rules.base import SourceContext
from iacreview.rules.deployment import environment_agnostic_stack
from iacreview.rules.runner import run_template_rules
from iacreview.sources.detect import read_text
from iacreview.sources.workspace import InputKind, Workspace
from iacreview.suppress import TextFile, apply_suppressions
from iacreview.synth import SynthResult, synthesize
from iacreview.template.loader import load_template
from iacreview.template.model import Template
from iacreview.verify import Evidence, SourceText, Verification, verify_report
from iacreview.versions import cdk_version


@dataclass
class _Timer:
    timings: dict[str, float]

    def lap(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - started
        return now


@dataclass
class Analysis:
    """A review plus what ``compare`` and ``verify`` need besides findings."""

    review: Review
    templates: list[Template]
    # Logical id -> where the resource is in the user's input (Python line, or template line).
    resource_locations: dict[str, Location]
    # The Python files as the user gave them, with their line mapping (for claims about imports and code).
    sources: tuple[SourceText, ...]
    stack_location: Location | None = None

    def side(self) -> Side:
        return Side(self.review, self.templates, self.resource_locations, self.stack_location, self.sources)

    def evidence(self) -> Evidence:
        return Evidence(self.side(), self.sources)


def check(path: str | Path, config: Config | None = None, *, display: str | None = None) -> Review:
    """Review one app folder, ``.py`` file, Markdown answer or CloudFormation template.

    Raises ``IacReviewError`` (``InputError``) when the input cannot be used at all.
    """
    return analyze(path, config, display=display).review


def analyze(
    path: str | Path,
    config: Config | None = None,
    *,
    display: str | None = None,
    synthesizer: Synthesizer | None = None,
) -> Analysis:
    """``check`` that also returns the templates (synthesized, possibly after repairs, or given).

    ``synthesizer`` replaces the one-process-per-app ``synthesize`` (the corpus mode passes a warm worker's).
    """
    config = config or Config()
    shown = display or str(path)
    timer = _Timer({})
    started = time.perf_counter()
    workspace = sources.load(Path(path), config, display=shown)
    started = timer.lap("load", started)
    ladder: LadderResult | None = None
    try:
        findings = list(workspace.findings)
        given = _template_file(workspace, Path(path)) if workspace.kind is InputKind.TEMPLATE else None
        if given is not None:
            templates = [load_template(given, shown)]
            synth = SynthOutcome(attempted=False, ok=True, templates=len(templates))
        else:
            index = load_index(config)
            findings += review_source(workspace, config, index)
            started = timer.lap("static", started)
            oracle: ApiOracle = api_oracle(config, index) or NoOracle()
            templates, synth, synth_findings, ladder = _synthesize(
                workspace, config, oracle, synthesizer or synthesize
            )
            findings += synth_findings
            started = timer.lap("synth", started)
        located = ladder.workspace if ladder and ladder.workspace else workspace
        locate = _locator(located, shown)
        template_findings = run_template_rules(templates, TEMPLATE_RULES, config, locate)
        started = timer.lap("rules", started)
        anchor_run = run_anchors(templates, config, locate, given)  # cdk-nag, cfn-lint: merged with ours (anchors/)
        template_findings = apply_anchors(template_findings, anchor_run, config)
        if anchor_run.notes:
            synth = replace(synth, assumptions=(*synth.assumptions, *anchor_run.notes))
        started = timer.lap("anchors", started)
        resource_locations = _resource_locations(templates, locate)
        snapshot = _sources(workspace)
        stack_location = locate_stack(located, templates[0].name, at_class=True) if templates else None
        if synth.repairs:
            template_findings = [f.with_changes(after_repairs=True) for f in template_findings]
        if ladder is not None and any(r.kind == "harness" for r in ladder.repairs):
            # The generated entry, not the answer, left the stacks without an environment.
            template_findings = [f for f in template_findings if f.rule_id != environment_agnostic_stack.META.id]
        excised = excisions(ladder.repairs) if ladder is not None else []
        if excised:
            template_findings, withheld = withhold(template_findings, excised, located, stack_location)
            synth = replace(synth, partial=True, withheld=len(withheld), assumptions=(
                *synth.assumptions, _withheld_note(withheld)))
        findings += template_findings
        comment_files = _comment_files(workspace, snapshot, Path(path), shown)
        timer.lap("locations", started)
    finally:
        workspace.cleanup()
        if ladder is not None:
            ladder.cleanup()
    review = Review(
        subject=shown,
        synth=synth,
        findings=tuple(sorted(apply_suppressions(_dedupe(findings), config, files=comment_files, templates=templates,
                                                 resource_locations=resource_locations), key=Finding.sort_key)),
        cdk_version=cdk_version(),
        timings=timer.timings,
    )
    return Analysis(review, templates, resource_locations, snapshot, stack_location)


def _withheld_note(withheld: list[Finding]) -> str:
    note = ("The template was reached by taking failing statements out: it shows part of the app, and findings on "
            "resources the removed code configured are withheld")
    if not withheld:
        return note + " (none here)."
    rules = ", ".join(sorted({f.rule_id for f in withheld}))
    return note + f" ({len(withheld)}: {rules})."


def _resource_locations(
    templates: list[Template], locate: Callable[[Template, str | None], Location | None]
) -> dict[str, Location]:
    out: dict[str, Location] = {}
    for template in templates:
        for logical_id in template.resources:
            if logical_id not in out and not template.is_generated(logical_id):
                found = locate(template, logical_id)
                if found is not None:
                    out[logical_id] = found
    return out


def _sources(workspace: Workspace) -> tuple[SourceText, ...]:
    out: list[SourceText] = []
    for relpath, source in sorted(workspace.files.items()):
        if source.language == "python" and not source.generated and workspace.path(relpath).is_file():
            text = workspace.read(relpath)
            out.append(SourceText(relpath, text, source.origin, source.first_line))
    return tuple(out)


def _comment_files(workspace: Workspace, snapshot: tuple[SourceText, ...], given: Path, shown: str) -> list[TextFile]:
    """The user's lines that may carry ``# iacreview: ignore[...]`` comments (Python files, or a given template)."""
    if workspace.kind is InputKind.TEMPLATE:
        return [TextFile(shown, read_text(_template_file(workspace, given), shown))]
    return [TextFile(s.origin, s.text, s.first_line) for s in snapshot if s.first_line is not None]


def _template_file(workspace: Workspace, given: Path) -> Path:
    """The template as laid out in the workspace (the user's file is only read, never touched)."""
    copies = [workspace.path(rel) for rel, f in workspace.files.items() if f.language != "python"]
    return copies[0] if len(copies) == 1 and copies[0].is_file() else given


def review_source(workspace: Workspace, config: Config, index: CdkIndex | None = None) -> list[Finding]:
    """The static layer alone (no Node): parse, index, source rules."""
    context = SourceContext(
        workspace=workspace,
        modules=parse_workspace(workspace),
        config=config,
        cdk_index=index if index is not None else load_index(config),
    )
    return run_source_rules(context, SOURCE_RULES)


def _env_routing(finding: Finding, at: tuple[str, int], workspace: Workspace) -> Finding:
    """A cross-environment error the answer's own env routing causes, shown where the answer hands the env on."""
    location = workspace.locate(*at)
    note = (" (the answer's props take an env that it hands to some of its stacks and not to others: with an "
            "environment given, their references cross environments)")
    return finding.with_changes(location=location or finding.location, message=finding.message + note)


def _synthesize(
    workspace: Workspace, config: Config, oracle: ApiOracle, synthesizer: Synthesizer
) -> tuple[list[Template], SynthOutcome, list[Finding], LadderResult | None]:
    """Synthesize; on failure climb the repair ladder. Each error met on the way is a finding at its line."""
    if not config.synth:
        return [], SynthOutcome(attempted=False, ok=False, assumptions=tuple(workspace.assumptions)), [], None
    first: SynthResult = synthesizer(workspace, config)
    ladder = run_ladder(workspace, config, first, oracle, synthesizer)
    # An attempt whose error came from the generated entry's own env (the "harness" repair adapts it) says nothing
    # about the answer: its error is not reported (unless the repair found the answer's own code behind it).
    ours = {step - 1 for r, step in zip(ladder.repairs, ladder.steps, strict=True)
            if r.kind == "harness" and not r.answers_error}
    behind = {step - 1: r.error_at for r, step in zip(ladder.repairs, ladder.steps, strict=True)
              if r.kind == "harness" and r.answers_error and r.error_at is not None}
    findings: list[Finding] = []
    if first.finding and 0 not in ours:
        findings.append(_env_routing(first.finding, behind[0], workspace) if 0 in behind else first.finding)
    for number, attempt in enumerate(ladder.attempts[1:], start=1):
        if attempt.finding is not None and number not in ours:
            finding = attempt.finding.with_changes(after_repairs=True)
            if number in behind:
                finding = _env_routing(finding, behind[number], workspace)
            taken_out = excisions(ladder.repairs_before(number))
            if comes_from(attempt.error or "", taken_out):
                continue  # a name the excision took out is missing: the ladder's doing, not the answer's
            if may_come_from(attempt.error or "", taken_out):
                # Taking code out can cause the next error (an API left without methods): say so, do not assert.
                finding = finding.with_changes(message=finding.message + " (met after statements were taken out; "
                                               "it may come from that)")
            findings.append(finding)
    findings = [_at_context_line(f, workspace) for f in findings]
    final = ladder.final
    repaired = ladder.workspace or workspace
    repairs = tuple(
        Repair(what=r.what, location=repaired.locate(r.relpath, r.line), why=r.why, kind=r.kind)
        for r in ladder.repairs
    )
    if ladder.repairs and final.ok and all(r.kind == "harness" and not r.answers_error for r in ladder.repairs):
        # Only the generated entry was adapted: the answer itself synthesizes (the change is an assumption).
        notes = tuple(r.what for r in ladder.repairs)
        return list(final.templates), SynthOutcome(
            attempted=True, ok=True, templates=len(final.templates), seconds=sum(a.seconds for a in ladder.attempts),
            assumptions=tuple(dict.fromkeys([*workspace.assumptions, *first.assumptions, *notes])),
        ), findings, ladder
    outcome = SynthOutcome(
        attempted=True,
        ok=first.ok,
        error=first.error,
        error_class=first.error_class,
        location=first.location,
        assumptions=tuple(dict.fromkeys([*workspace.assumptions, *first.assumptions])),
        repairs=repairs,
        templates=len(final.templates) if final.ok else 0,
        seconds=sum(a.seconds for a in ladder.attempts),
        ladder_stopped="" if final.ok else ladder.stopped_because,
    )
    templates = list(final.templates) if final.ok else []
    return templates, outcome, findings, ladder


_CONTEXT_KEY = re.compile(r"feature flag '(?P<key>[^']+)'")


def _at_context_line(finding: Finding, workspace: Workspace) -> Finding:
    """An error about a cdk.json context key belongs at that key's line, not where the app happened to fail."""
    match = _CONTEXT_KEY.search(finding.message)
    if match is None or "cdk.json" not in workspace.files or not workspace.path("cdk.json").is_file():
        return finding
    for number, line in enumerate(workspace.read("cdk.json").splitlines(), start=1):
        if match.group("key") in line:
            return finding.with_changes(location=workspace.locate("cdk.json", number))
    return finding


def _locator(workspace: Workspace, shown: str) -> Callable[[Template, str | None], Location | None]:
    """Where a template finding is reported: the template line for a given template, the Python line otherwise.

    Template rules, anchors and the resource map all ask for the same resources; each is located once (locating
    reads the workspace's Python)."""
    known: dict[tuple[str, str | None], Location | None] = {}

    def locate(template: Template, logical_id: str | None) -> Location | None:
        key = (template.name, logical_id)
        if key not in known:
            known[key] = _locate_once(template, logical_id)
        return known[key]

    def _locate_once(template: Template, logical_id: str | None) -> Location | None:
        if not template.synthesized:
            line = template.resource_lines.get(logical_id or "", 1)
            return Location(shown, line)
        path = template.construct_paths.get(logical_id or "")
        found = locate_construct(workspace, path) if path else None
        return found or locate_stack(workspace, template.name, at_class=True)

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


def compare_paths(
    candidate: str | Path,
    reference: str | Path,
    config: Config | None = None,
    *,
    prompt: str | Path | None = None,
    candidate_display: str | None = None,
    reference_display: str | None = None,
) -> Comparison:
    """Review both answers and list what the candidate gets wrong next to the reference."""
    cand, ref = _analyze_pair(candidate, reference, config, candidate_display, reference_display)
    prompt_text = Path(prompt).read_text(encoding="utf-8", errors="replace") if prompt else None
    return compare(cand.side(), ref.side(), prompt_text)


def verify_paths(
    report: str | Path,
    candidate: str | Path,
    reference: str | Path | None,
    config: Config | None = None,
    *,
    prompt: str | Path | None = None,
    report_display: str | None = None,
    candidate_display: str | None = None,
    reference_display: str | None = None,
) -> Verification:
    """Judge every claim of a written failure report against the candidate (and the reference)."""
    shown = report_display or str(report)
    text = read_text(Path(report), shown)
    if reference is None:
        cand = analyze(candidate, config, display=candidate_display)
        return verify_report(shown, text, cand.evidence(), None, all_rule_metas(), None)
    cand, ref = _analyze_pair(candidate, reference, config, candidate_display, reference_display)
    prompt_text = Path(prompt).read_text(encoding="utf-8", errors="replace") if prompt else None
    comparison = compare(cand.side(), ref.side(), prompt_text)
    return verify_report(shown, text, cand.evidence(), ref.evidence(), all_rule_metas(), comparison)


def _analyze_pair(
    candidate: str | Path,
    reference: str | Path,
    config: Config | None,
    candidate_display: str | None,
    reference_display: str | None,
) -> tuple[Analysis, Analysis]:
    return (
        analyze(candidate, config, display=candidate_display),
        analyze(reference, config, display=reference_display),
    )
