"""Run ``iacreview check`` on every MODEL_RESPONSE.md and IDEAL_RESPONSE.md of a corpus and print a table.

Usage: python benchmarks/corpus_check.py CORPUS_DIR [--workers N] [--limit N] [--no-synth] [--json OUT]

The table: synth ok / failed by error class, findings per category, seconds per answer, and crashes (an exception
that is not a clean input error). Crashes must be 0.
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

ANSWERS = ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md")


def review_one(args: tuple[str, bool, str | None]) -> dict[str, Any]:
    path, synth, cache_dir = args
    row: dict[str, Any] = {"path": path, "kind": Path(path).name}

    def work(row: dict[str, Any]) -> None:
        review = api.check(path, Config(synth=synth, cache_dir=cache_dir))
        row.update(
            status="ok",
            synth_ok=review.synth.ok,
            synth_attempted=review.synth.attempted,
            error_class=review.synth.error_class,
            templates=review.synth.templates,
            categories=Counter(f.category.value for f in review.findings),
            critical=sum(f.severity.value == "critical" for f in review.findings),
        )

    return guarded(row, work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--no-synth", action="store_true")
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    tasks = sorted(p for p in args.corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    if args.limit:
        tasks = tasks[: args.limit]
    jobs = [(str(t / a), not args.no_synth, args.cache_dir) for t in tasks for a in ANSWERS if (t / a).exists()]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(review_one, jobs))
    wall = time.perf_counter() - started
    print_table(rows, wall)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=dict))
    return 1 if any(r["status"] == "crash" for r in rows) else 0


def print_table(rows: list[dict[str, Any]], wall: float) -> None:
    for kind in ANSWERS:
        subset = [r for r in rows if r["kind"] == kind]
        done = [r for r in subset if r["status"] == "ok"]
        print(f"\n== {kind}: {len(subset)} answers")
        print(f"  crashes: {sum(r['status'] == 'crash' for r in subset)}   "
              f"input errors: {sum(r['status'] == 'input_error' for r in subset)}")
        print(f"  synth ok as written: {sum(bool(r.get('synth_ok')) for r in done)}")
        print(f"  reached a template rule: {sum((r.get('templates') or 0) > 0 for r in done)}")
        failed = Counter(r.get("error_class") or "?" for r in done if r.get("synth_attempted") and not r["synth_ok"])
        for name, count in failed.most_common():
            print(f"  synth failed, {name}: {count}")
        cats: Counter[str] = Counter()
        for r in done:
            cats.update(r["categories"])
        print("  findings per category: " + ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
        seconds = [r["seconds"] for r in subset]
        if seconds:
            print(f"  seconds per answer: median {statistics.median(seconds):.2f}, max {max(seconds):.2f}")
    for r in rows:
        if r["status"] == "crash":
            print(f"\nCRASH {r['path']}\n{r['error']}", file=sys.stderr)
    print(f"\nwall {wall:.0f} s for {len(rows)} answers")


if __name__ == "__main__":
    sys.exit(main())
