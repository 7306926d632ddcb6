"""Review one task folder and write its outputs under ``OUTDIR/<task>/``.

Each answer is analyzed once and the analysis serves the review, ``compare`` and ``verify`` (``api.compare_paths``
and ``api.verify_paths`` would analyze each side again). With a warm synthesizer the reference is analyzed in a
second thread while the candidate is: one waits for its synth (the worker runs one app at a time) while the other
runs the static layer, rules or cfn-lint, so the process uses a core while its synth worker uses another.
The task's own files are only read. ``task.json`` is written last, atomically: its presence with the same input
fingerprint is what "complete" means on resume. Any exception becomes an error row: one broken task never stops
the batch.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from iacreview import __version__
from iacreview.api import Analysis, analyze
from iacreview.compare import Comparison, compare
from iacreview.config import Config
from iacreview.corpus.html import error_page, task_page
from iacreview.model import Review
from iacreview.repair.ladder import Synthesizer
from iacreview.report import review_to_markdown
from iacreview.report.compare_markdown import comparison_to_markdown
from iacreview.report.json_report import review_to_json
from iacreview.report.verify_markdown import verification_to_markdown
from iacreview.rules import all_rule_metas
from iacreview.sources.detect import read_text
from iacreview.sources.input_files import input_files
from iacreview.tasks import TaskFiles, find_task
from iacreview.verify import Verification, verify_report
from iacreview.versions import cdk_version

SCHEMA = "iacreview/corpus-task@1"
MARKER = "task.json"
OUTPUTS = {
    "review_md": "review.md",
    "review_json": "review.json",
    "failures_md": "MODEL_FAILURES.md",
    "compare_json": "compare.json",
    "verify_md": "verify.md",
    "verify_json": "verify.json",
    "page": "page.html",
}
def fingerprint(folder: Path) -> str:
    """Hash of every input file of the task and of the tool versions: a changed input or tool redoes the task."""
    digest = hashlib.sha256(f"{SCHEMA}\0{__version__}\0{cdk_version()}".encode())
    for path in input_files(folder):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def completed_row(out_dir: Path, expected: str) -> dict[str, Any] | None:
    """The stored row when the task's outputs are complete for these inputs; None means (re)do it."""
    try:
        row: dict[str, Any] = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if row.get("schema") != SCHEMA or row.get("fingerprint") != expected or row.get("status") != "ok":
        return None
    if not all((out_dir / name).is_file() for name in row.get("outputs", {}).values()):
        return None
    return row


def answer_summary(review: Review) -> dict[str, Any]:
    """The counts the summary and the HTML charts need (the findings themselves are in review.json)."""
    active = [f for f in review.findings if not f.suppressed]
    synth = review.synth
    if not synth.attempted:
        outcome = "not synthesized"
    elif synth.ok:
        outcome = "ok"
    else:
        outcome = synth.error_class or "other"
    return {
        "subject": review.subject,
        "synth": {
            "attempted": synth.attempted,
            "ok": synth.ok,
            "outcome": outcome,
            "repaired_to_template": (not synth.ok) and synth.templates > 0,
            "repairs": len(synth.repairs),
            "templates": synth.templates,
            "seconds": round(synth.seconds, 3),
        },
        "findings": len(active),
        "by_category": dict(Counter(f.category.value for f in active)),
        "by_severity": dict(Counter(f.severity.value for f in active)),
        "timings": {k: round(v, 3) for k, v in review.timings.items()},
    }


def _display(path: Path, corpus: Path) -> str:
    try:
        return path.relative_to(corpus.parent).as_posix()
    except ValueError:
        return str(path)


def _write(out_dir: Path, name: str, text: str) -> None:
    (out_dir / name).write_text(text, encoding="utf-8")


def _write_marker(out_dir: Path, row: dict[str, Any]) -> None:
    handle, temp = tempfile.mkstemp(prefix=".task-", suffix=".json", dir=out_dir)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(row, stream, indent=1)
    os.replace(temp, out_dir / MARKER)


def _analyses(files: TaskFiles, corpus: Path, config: Config,
              synthesizer: Synthesizer | None) -> tuple[Analysis, Analysis | None]:
    """Both answers' analyses; side by side when a (thread-safe, warm) synthesizer is given."""
    def candidate() -> Analysis:
        return analyze(files.candidate, config, display=_display(files.candidate, corpus), synthesizer=synthesizer)

    if files.reference is None:
        return candidate(), None
    reference_path = files.reference
    if synthesizer is None:
        first = candidate()
        return first, analyze(reference_path, config, display=_display(reference_path, corpus))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="iacreview-reference") as side:
        reference = side.submit(analyze, reference_path, config, display=_display(reference_path, corpus),
                                synthesizer=synthesizer)
        return candidate(), reference.result()


def _verification(files: TaskFiles, corpus: Path, candidate: Analysis, reference: Analysis | None,
                  comparison: Comparison | None) -> Verification | None:
    """``api.verify_paths`` on analyses already made."""
    if files.report is None:
        return None
    shown = _display(files.report, corpus)
    text = read_text(files.report, shown)
    return verify_report(shown, text, candidate.evidence(), reference.evidence() if reference else None,
                         all_rule_metas(), comparison)


def review_task(folder: Path, corpus: Path, out_root: Path, config: Config,
                synthesizer: Synthesizer | None = None) -> dict[str, Any]:
    """Review the task in ``folder`` and write ``out_root/<name>/``; return its row (never raises)."""
    started = time.perf_counter()
    out_dir = out_root / folder.name
    out_dir.mkdir(parents=True, exist_ok=True)
    row: dict[str, Any] = {"schema": SCHEMA, "task": folder.name, "folder": str(folder), "status": "error",
                           "error": None, "fingerprint": fingerprint(folder), "outputs": {}}
    try:
        row.update(_review(folder, corpus, out_dir, config, synthesizer))
        row["status"] = "ok"
    except Exception as exc:  # a broken task is recorded, never fatal for the batch
        row["error"] = f"{type(exc).__name__}: {exc}"
        row["traceback"] = traceback.format_exc(limit=-6)
        (out_dir / OUTPUTS["page"]).write_text(error_page(folder.name, row["error"], row["traceback"]),
                                                encoding="utf-8")
    row["seconds"] = round(time.perf_counter() - started, 3)
    _write_marker(out_dir, row)
    return row


def _review(folder: Path, corpus: Path, out_dir: Path, config: Config,
            synthesizer: Synthesizer | None) -> dict[str, Any]:
    files = find_task(folder)
    rules = {m.id: m for m in all_rule_metas()}
    candidate, reference = _analyses(files, corpus, config, synthesizer)
    outputs = {"review_md": OUTPUTS["review_md"], "review_json": OUTPUTS["review_json"]}
    _write(out_dir, OUTPUTS["review_md"], review_to_markdown([candidate.review], rules))
    _write(out_dir, OUTPUTS["review_json"], json.dumps(review_to_json(candidate.review), indent=1) + "\n")
    comparison = None
    if reference is not None:
        prompt = read_text(files.prompt, str(files.prompt)) if files.prompt else None
        comparison = compare(candidate.side(), reference.side(), prompt)
        _write(out_dir, OUTPUTS["failures_md"], comparison_to_markdown(comparison, rules))
        _write(out_dir, OUTPUTS["compare_json"], json.dumps(comparison.to_json(), indent=1) + "\n")
        outputs.update(failures_md=OUTPUTS["failures_md"], compare_json=OUTPUTS["compare_json"])
    verification = _verification(files, corpus, candidate, reference, comparison)
    if verification is not None:
        _write(out_dir, OUTPUTS["verify_md"], verification_to_markdown(verification))
        _write(out_dir, OUTPUTS["verify_json"], json.dumps(verification.to_json(), indent=1) + "\n")
        outputs.update(verify_md=OUTPUTS["verify_md"], verify_json=OUTPUTS["verify_json"])
    outputs["page"] = OUTPUTS["page"]
    part: dict[str, Any] = {
        "model": answer_summary(candidate.review),
        "ideal": answer_summary(reference.review) if reference else None,
        "compare": None,
        "verify": None,
        "outputs": outputs,
    }
    if comparison is not None:
        part["compare"] = {
            "failures": len(comparison.failures),
            "by_kind": dict(Counter(f.kind for f in comparison.failures)),
            "by_category": dict(Counter(f.finding.category.value for f in comparison.failures)),
        }
    if verification is not None:
        part["verify"] = {"claims": len(verification.verdicts), "counts": verification.counts(),
                          "missed": len(verification.missed)}
    _write(out_dir, OUTPUTS["page"], task_page(folder.name, candidate.review, comparison, verification, outputs))
    return part
