"""Run ``iacreview compare`` on every task of a corpus and print what the failure reports contain.

Usage: python benchmarks/corpus_compare.py CORPUS_DIR [--workers N] [--limit N] [--cache-dir DIR] [--out DIR]
       [--only TASK ...]

Printed: crashes (must be 0), failure items and underlying findings per category and per kind, the share of tasks
where a synth failure is reported (and of those where the candidate does not synthesize while the reference does),
and seconds per task. With ``--out`` each task's Markdown and JSON report is written there for reading.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from corpus_common import guarded

from iacreview import api
from iacreview.config import Config
from iacreview.errors import IacReviewError
from iacreview.report.compare_markdown import comparison_to_markdown
from iacreview.rules import all_rule_metas
from iacreview.tasks import find_task


def compare_one(args: tuple[str, str | None, str | None]) -> dict[str, Any]:
    folder, cache_dir, out_dir = args
    row: dict[str, Any] = {"task": Path(folder).name}

    def work(row: dict[str, Any]) -> None:
        task = find_task(Path(folder))
        if task.reference is None:
            raise IacReviewError(f"{folder}: no reference")
        comparison = api.compare_paths(
            task.candidate, task.reference, Config(cache_dir=cache_dir), prompt=task.prompt,
            candidate_display="MODEL_RESPONSE.md", reference_display="IDEAL_RESPONSE.md",
        )
        doc = comparison.to_json()
        groups = doc.get("groups", [])
        row.update(
            status="ok",
            candidate_synth=comparison.candidate.synth.ok,
            reference_synth=comparison.reference.synth.ok,
            synth_reported=any(f.kind == "synth" for f in comparison.failures),
            findings_by_category=Counter(f.finding.category.value for f in comparison.failures),
            findings_by_kind=Counter(f.kind for f in comparison.failures),
            items_by_category=Counter(g["category"] for g in groups),
            items_by_kind=Counter(g["kind"] for g in groups),
        )
        if out_dir:
            target = Path(out_dir) / row["task"]
            target.mkdir(parents=True, exist_ok=True)
            rules = {m.id: m for m in all_rule_metas()}
            (target / "MODEL_FAILURES.generated.md").write_text(comparison_to_markdown(comparison, rules))
            (target / "compare.json").write_text(json.dumps(doc, indent=1))

    return guarded(row, work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--cache-dir", default="/tmp/iacr-cache")
    parser.add_argument("--out", default=None)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    tasks = sorted(p for p in args.corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    if args.only:
        tasks = [t for t in tasks if t.name in set(args.only)]
    if args.limit:
        tasks = tasks[: args.limit]
    jobs = [(str(t), args.cache_dir, args.out) for t in tasks]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=min(args.workers, 2)) as pool:
        rows = list(pool.map(compare_one, jobs))
    print_table(rows, time.perf_counter() - started)
    return 1 if any(r["status"] == "crash" for r in rows) else 0


def print_table(rows: list[dict[str, Any]], wall: float) -> None:
    done = [r for r in rows if r["status"] == "ok"]
    print(f"tasks: {len(rows)}   reports: {len(done)}   crashes: {sum(r['status'] == 'crash' for r in rows)}   "
          f"input errors: {sum(r['status'] == 'input_error' for r in rows)}")
    for label, key in (("items", "items_by_category"), ("findings", "findings_by_category")):
        total: Counter[str] = Counter()
        for r in done:
            total.update(r[key])
        print(f"  {label} per category: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    for label, key in (("items", "items_by_kind"), ("findings", "findings_by_kind")):
        total = Counter()
        for r in done:
            total.update(r[key])
        print(f"  {label} per kind: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    reported = sum(bool(r["synth_reported"]) for r in done)
    broken = [r for r in done if not r["candidate_synth"] and r["reference_synth"]]
    print(f"  synth failure reported: {reported}/{len(done)} tasks ({reported / max(len(done), 1):.0%}); "
          f"candidate fails while reference synthesizes: {len(broken)}, "
          f"of which reported: {sum(bool(r['synth_reported']) for r in broken)}")
    print(f"  reference does not synthesize: {sum(not r['reference_synth'] for r in done)}")
    seconds = [r["seconds"] for r in rows]
    if seconds:
        print(f"  seconds per task: mean {statistics.mean(seconds):.2f}, median {statistics.median(seconds):.2f}, "
              f"max {max(seconds):.2f}; wall {wall:.0f} s")
    for r in rows:
        if r["status"] != "ok":
            print(f"\n{r['status'].upper()} {r['task']}\n{r.get('error', '')}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
