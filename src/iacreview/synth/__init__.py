"""Synthesis: run the app for real in a sandboxed child process and map everything back to the user's lines.

``synthesize(workspace, config)`` picks the entry (the answer's own, or a generated harness), runs it with a
scrubbed environment and a timeout (``runner``), reads the cloud assembly into templates (``assembly``) or the
traceback into an error with the user's ``file:line`` (``errors``), and caches the result by content
(``cache``). ``aws_cdk`` is never imported in this process.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from iacreview.anchors import cdk_nag, child_packs
from iacreview.cachedir import cache_root
from iacreview.config import Config
from iacreview.model import Finding
from iacreview.rules.deployment import synth_failed, synth_timeout
from iacreview.sources.workspace import Workspace
from iacreview.synth.assembly import AssemblyError, read_assembly
from iacreview.synth.blocked import with_sandbox_finding
from iacreview.synth.cache import SynthCache, synth_key
from iacreview.synth.errors import classify, parse_stderr, user_location
from iacreview.synth.harness import HARNESS_VERSION, environment_suffix, plan_entry
from iacreview.synth.node import NodeNotFound
from iacreview.synth.result import SynthResult
from iacreview.synth.runner import RunOutcome, RunRequest, run_app

__all__ = ["SynthResult", "synth_context", "synthesize"]

PATH_METADATA = "aws:cdk:enable-path-metadata"
# What ``cdk synth`` turns on and a plain ``python app.py`` does not: without it a nested stack's resource carries no
# ``aws:asset:path`` and its template cannot be found in the assembly.
ASSET_METADATA = "aws:cdk:enable-asset-metadata"
# Metadata aws-cdk-lib writes for a person reading a failed deployment and no check reads: a stack trace for every
# construct it creates and for every annotation. Capturing and writing them is a measurable share of a synth's Node
# time (``benchmarks/corpus_speed.py``); the templates and the construct paths are the same without them.
NO_STACK_TRACES = {"aws:cdk:disable-creation-stack-traces": True, "aws:cdk:disable-stack-trace": True}
MAX_ERROR = 400


def synth_context(workspace: Workspace, config: Config) -> dict[str, object]:
    """The CDK context the app gets: the workspace's, plus ``environmentSuffix`` and path and asset metadata."""
    context = dict(workspace.context)
    context["environmentSuffix"] = environment_suffix(workspace, config)
    context[PATH_METADATA] = True
    context[ASSET_METADATA] = True
    return context


def synthesize(workspace: Workspace, config: Config) -> SynthResult:
    """Synthesize the workspace's app. Never raises for a failing app: the failure is the result."""
    started = time.perf_counter()
    plan = plan_entry(workspace, config)
    if plan.entry is None:
        return SynthResult(
            ok=False,
            error=plan.problem,
            error_class="other",
            assumptions=plan.assumptions,
            seconds=time.perf_counter() - started,
        )
    context = synth_context(workspace, config)
    for key, value in NO_STACK_TRACES.items():
        context.setdefault(key, value)  # an app's own setting wins: it is part of what the user wrote
    region = workspace.region or config.default_region
    suffix = str(context["environmentSuffix"])
    # cdk-nag packs run in the child through a start-up hook in the workspace root (anchors/cdk_nag.py).
    packs = child_packs(config)
    if packs and not cdk_nag.write_hook(workspace.root, packs):
        packs = ()
    settings = {
        "context": context,
        "region": region,
        "account": config.fake_account,
        "validation": config.cdk_validation,
        "harness": HARNESS_VERSION,
    }
    if packs:
        settings["cdk_nag"] = list(packs)
    root = cache_root(config)
    cache = SynthCache(root)
    key = synth_key(workspace, plan.entry, settings)
    hit = cache.get(key)
    if hit is not None:
        return replace(hit, seconds=time.perf_counter() - started)
    jsii_cache = root / "jsii"
    jsii_cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iacreview-cdkout-") as outdir:
        request = RunRequest(
            entry=workspace.path(plan.entry),
            cwd=workspace.root,
            outdir=Path(outdir),
            context=context,
            account=config.fake_account,
            region=region,
            timeout=config.synth_timeout,
            validation=config.cdk_validation,
            jsii_cache=jsii_cache,
        )
        try:
            outcome = run_app(request)
        except (NodeNotFound, OSError) as exc:
            return SynthResult(
                ok=False,
                error=f"cannot run the app: {exc}",
                error_class="other",
                assumptions=plan.assumptions,
                seconds=time.perf_counter() - started,
            )
        result = _interpret(workspace, config, outcome, Path(outdir), suffix, plan.assumptions)
        result = with_sandbox_finding(result, outcome)
        if packs and _assembly_missing(result):
            return _without_nag(workspace, config, packs)
        if outcome.timed_out or result.error_class == "sandbox" or not (result.ok or result.finding is not None):
            return result  # machine-dependent (timeout, sandbox) or unexplained: run again next time
        stored = cache.put(key, result)
        if packs or config.cdk_validation:
            cdk_nag.keep_report(Path(outdir), stored.templates)
        return stored


def _assembly_missing(result: SynthResult) -> bool:
    return not result.ok and result.error_class == "other" and "no cloud assembly was written" in (result.error or "")


def _without_nag(workspace: Workspace, config: Config, packs: tuple[str, ...]) -> SynthResult:
    """Synthesize again without the cdk-nag hook, whose ``synth()`` wrapper passes over validation errors.

    The hook lets ``app.synth()`` return when cdk-nag's packs report (the assembly is written by then). A construct's
    own validation error (``The REST API doesn't contain any methods``) also stops ``synth()`` with a validation
    error, but before the assembly is written: the run without the hook shows that error at its line.
    """
    (workspace.root / cdk_nag.HOOK_NAME).unlink(missing_ok=True)
    result = synthesize(workspace, replace(config, packs=tuple(p for p in config.packs if p not in packs)))
    note = "cdk-nag was left out of this synth: with it, the app's own validation error would not show"
    return replace(result, assumptions=[*result.assumptions, note])


def _interpret(
    workspace: Workspace,
    config: Config,
    outcome: RunOutcome,
    outdir: Path,
    suffix: str,
    assumptions: list[str],
) -> SynthResult:
    parsed = parse_stderr(outcome.stderr)
    location = user_location(workspace, parsed.frames) if parsed else None
    base = SynthResult(
        ok=False,
        assumptions=list(assumptions),
        seconds=outcome.seconds,
        traceback=parsed.traceback if parsed else "",
        location=location,
    )
    if outcome.timed_out:
        error = f"Synthesis did not finish within {config.synth_timeout:g} s; the process group was killed"
        finding = Finding.from_rule(synth_timeout.META, error, location, evidence=parsed.evidence if parsed else "")
        return replace(base, error=error, error_class="timeout", finding=finding)
    if outcome.returncode == 0:
        try:
            templates = read_assembly(outdir, suffix)
        except (AssemblyError, OSError, ValueError) as exc:
            return replace(base, error=f"The app ran but {exc} (is app.synth() called?)", error_class="other")
        if not templates:
            return replace(base, error="The app synthesized no stacks", error_class="other")
        return replace(base, ok=True, templates=templates)
    if parsed is None:
        tail = outcome.stderr.strip().splitlines()[-1:] or [f"exit status {outcome.returncode}"]
        return replace(base, error=_short(tail[0]), error_class="other", traceback=outcome.stderr[-4000:])
    error = _short(parsed.exception or f"exit status {outcome.returncode}")
    finding = Finding.from_rule(synth_failed.META, f"Synthesis fails: {error}", location, evidence=parsed.evidence)
    return replace(base, error=error, error_class=classify(parsed.exception, parsed.frames), finding=finding)


def _short(text: str) -> str:
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"
