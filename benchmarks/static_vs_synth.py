"""Does the static layer predict the synth errors it claims to, and stay silent on apps that synthesize?

Usage: python benchmarks/static_vs_synth.py CORPUS_DIR [--workers N] [--cache-dir DIR] [--limit N] [--json OUT]

For every MODEL_RESPONSE.md and IDEAL_RESPONSE.md of the corpus: load it (``sources.load``), run the static layer
alone (``api.review_source`` with the index loaded once per worker) and synthesize it as written
(``synth.synthesize``; results come from the content-hash cache when warm). Two figures:

1. **Agreement**: of the answers whose synth fails with an error the static layer is meant to predict
   (``AttributeError``, ``unexpected-keyword``, ``NameError``, ``ImportError``, ``read-only-property``), the share
   where a static finding of the fitting rule is *within the same statement* as the synth location. Same statement,
   not same line: for a call spread over several lines the traceback names the line where the call starts while the
   static finding points at the offending keyword or attribute; both are right, so the benchmark maps both lines
   to the innermost enclosing simple statement (or compound-statement header) of the workspace file. One more
   equivalence: Python raises an argument the entry passes but the stack does not take where it ends up
   (``super().__init__(..., **kwargs)``, or the generated entry); the DEP024 finding that names the same argument
   (or imported name) at the entry's call agrees with it.
2. **False alarms**: of the answers that synthesize cleanly, the share with any critical static finding (each is
   listed: a critical static finding on an app that synthesizes is a bug of the static layer).

Also the static analysis time per answer (index already loaded), median and max, wall-clock and CPU.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from iacreview import sources
from iacreview.api import review_source
from iacreview.config import Config
from iacreview.errors import IacReviewError
from iacreview.model import Finding, Location, Severity
from iacreview.python.index import CdkIndex, load_index
from iacreview.sources.workspace import Workspace
from iacreview.synth import synthesize

ANSWERS = ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md")
# Synth error class -> the static rules that predict it.
PREDICTED: dict[str, tuple[str, ...]] = {
    "AttributeError": ("SYN010",),
    "ImportError": ("SYN010", "DEP024"),
    "unexpected-keyword": ("SYN011", "DEP024"),
    "NameError": ("SYN031",),
    "read-only-property": ("DEP010",),
}
# DEP024 points at the entry's call that passes an argument the stack does not take; Python raises where the
# argument ends up (``super().__init__(..., **kwargs)``, or the generated entry). It agrees when it names the same
# argument or name as the error.
_NAMED = re.compile(r"(?:argument|name) '([^']+)'")

_INDEX: CdkIndex | None = None


def _index(config: Config) -> CdkIndex | None:
    global _INDEX
    if _INDEX is None:
        _INDEX = load_index(config)
    return _INDEX


def statement_spans(tree: ast.Module) -> list[tuple[int, int]]:
    """(first, last) line of every simple statement and of every compound statement's header."""
    spans: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            spans.append((start, max(start, body[0].lineno - 1)))
        else:
            spans.append((start, node.end_lineno or node.lineno))
    return spans


def _statement_key(workspace: Workspace, location: Location) -> tuple[str, int, int] | None:
    """The innermost statement of a workspace file that holds this user location (as the file's line range)."""
    for relpath, source in workspace.files.items():
        if source.language != "python" or source.first_line is None or source.origin != location.path:
            continue
        line = location.line - source.first_line + 1
        try:
            text = workspace.read(relpath)
        except OSError:
            continue
        if not 0 < line <= text.count("\n") + 1:
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return (relpath, line, line)
        holding = [s for s in statement_spans(tree) if s[0] <= line <= s[1]]
        if not holding:
            return (relpath, line, line)
        first, last = min(holding, key=lambda s: s[1] - s[0])
        return (relpath, first, last)
    return None


def _describe(finding: Finding) -> dict[str, Any]:
    line = finding.location.line if finding.location else None
    return {"rule": finding.rule_id, "line": line, "severity": finding.severity.value, "message": finding.message}


def analyse_one(args: tuple[str, str | None]) -> dict[str, Any]:
    path, cache_dir = args
    config = Config(cache_dir=cache_dir)
    row: dict[str, Any] = {"path": path}
    try:
        workspace = sources.load(Path(path), config, display=path)
    except IacReviewError as error:
        row["status"] = f"input error: {error}"
        return row
    try:
        index = _index(config)
        started, cpu_started = time.perf_counter(), time.process_time()
        findings = review_source(workspace, config, index)
        row["static_seconds"] = time.perf_counter() - started
        row["static_cpu_seconds"] = time.process_time() - cpu_started
        result = synthesize(workspace, config)
        row.update(status="ok", synth_ok=result.ok, error=result.error, error_class=result.error_class)
        row["synth_line"] = result.location.line if result.location else None
        row["critical"] = [_describe(f) for f in findings if f.severity is Severity.CRITICAL]
        rules = PREDICTED.get(result.error_class or "")
        if not result.ok and rules:
            target = _statement_key(workspace, result.location) if result.location else None
            fitting = [f for f in findings if f.rule_id in rules and f.location is not None]
            row["fitting"] = [_describe(f) for f in fitting]
            named = _NAMED.search(result.error or "")
            row["agree"] = any(
                (target is not None and f.location is not None and _statement_key(workspace, f.location) == target)
                or (f.rule_id == "DEP024" and named is not None and f"`{named.group(1)}" in f.message)
                for f in fitting
            )
            row["static_all"] = [_describe(f) for f in findings if f.severity in (Severity.CRITICAL, Severity.HIGH)]
    finally:
        workspace.cleanup()
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-dir", default="/tmp/iacr-cache")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    paths = sorted(str(p) for name in ANSWERS for p in args.corpus.glob(f"*/{name}"))
    if args.limit:
        paths = paths[: args.limit]
    config = Config(cache_dir=args.cache_dir)
    started = time.perf_counter()
    if load_index(config) is None:
        print("aws-cdk-lib index unavailable", file=sys.stderr)
        return 2
    started = time.perf_counter()
    load_index(config)
    index_load = time.perf_counter() - started
    with ProcessPoolExecutor(max_workers=max(1, min(args.workers, 2))) as pool:
        rows = list(pool.map(analyse_one, [(p, args.cache_dir) for p in paths], chunksize=4))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")

    usable = [r for r in rows if r.get("status") == "ok"]
    predicted = [r for r in usable if "agree" in r]
    agreed = [r for r in predicted if r["agree"]]
    clean = [r for r in usable if r["synth_ok"]]
    alarmed = [r for r in clean if r["critical"]]
    timings = [r["static_seconds"] for r in usable]
    cpu_timings = [r["static_cpu_seconds"] for r in usable]

    print(f"answers: {len(rows)} ({len(rows) - len(usable)} unusable); synth ok: {len(clean)}; "
          f"failed: {len(usable) - len(clean)} "
          f"{dict(Counter(r['error_class'] for r in usable if not r['synth_ok']).most_common())}")
    print(f"index load (cached): {index_load * 1000:.1f} ms")
    if timings:
        print(f"static analysis per answer (index loaded): median {statistics.median(timings) * 1000:.1f} ms wall, "
              f"{statistics.median(cpu_timings) * 1000:.1f} ms CPU; max {max(timings) * 1000:.1f} ms wall, "
              f"{max(cpu_timings) * 1000:.1f} ms CPU (CPU time is what a loaded machine does not distort)")
    share = len(agreed) / len(predicted) if predicted else 1.0
    print(f"\n1. agreement (same statement) on predictable synth errors: {len(agreed)}/{len(predicted)} = "
          f"{share:.1%}")
    by_class = Counter(r["error_class"] for r in predicted)
    for error_class, total in by_class.most_common():
        ok = sum(1 for r in agreed if r["error_class"] == error_class)
        print(f"   {error_class}: {ok}/{total}")
    for r in predicted:
        if not r["agree"]:
            print(f"\n  DISAGREE {r['path']}:{r['synth_line']} [{r['error_class']}] {r['error']}")
            shown = r["fitting"] or r["static_all"]
            for f in shown:
                print(f"     static {f['rule']} line {f['line']} ({f['severity']}): {f['message'][:160]}")
            if not shown:
                print("     static: nothing critical or high")
    alarm_share = len(alarmed) / len(clean) if clean else 0.0
    print(f"\n2. critical static findings on clean synths: {len(alarmed)}/{len(clean)} = {alarm_share:.1%}")
    for r in alarmed:
        for f in r["critical"]:
            print(f"  ALARM {r['path']}:{f['line']} {f['rule']}: {f['message'][:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
