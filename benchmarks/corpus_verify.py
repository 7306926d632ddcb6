"""Run ``iacreview verify`` on every task of a corpus and print how many claims it decides.

Usage: python benchmarks/corpus_verify.py CORPUS_DIR [--workers N] [--limit N] [--cache-dir DIR] [--json OUT]
                                          [--dump FILE]

Prints: tasks verified, crashes (an exception that is not a clean input error; must be 0), the share of claims
decided (confirmed or refuted) among the items that are claims (items that claim nothing about the answer — impact
levels, advice, test results, scores — are counted apart by reason), the candidate and reference verdict
distributions, which checks decided, and the
invariant that no claim is refuted without evidence (a quoted line). Exit 1 on a crash or a broken invariant.
``--dump FILE`` writes the undecided claims, one JSON object per line with its task, to study what would decide them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from corpus_common import guarded

from iacreview import api
from iacreview.config import Config
from iacreview.tasks import find_task


def verify_one(args: tuple[str, str | None]) -> dict[str, Any]:
    folder, cache_dir = args
    row: dict[str, Any] = {"task": Path(folder).name}

    def work(row: dict[str, Any]) -> None:
        task = find_task(Path(folder))
        if task.report is None:
            row.update(status="no_report")
            return
        verification = api.verify_paths(task.report, task.candidate, task.reference, Config(cache_dir=cache_dir),
                                        prompt=task.prompt)
        doc = verification.to_json()
        row.update(status="ok", claims=doc["claims"], not_claims=doc["not_claims"], missed=len(verification.missed))

    return guarded(row, work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--dump", type=Path, default=None, help="write the undecided claims here (JSON lines)")
    args = parser.parse_args()
    tasks = sorted(p for p in args.corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    if args.limit:
        tasks = tasks[: args.limit]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, min(args.workers, 2))) as pool:
        rows = list(pool.map(verify_one, [(str(t), args.cache_dir) for t in tasks]))
    wall = time.perf_counter() - started
    broken = print_table(rows, wall)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    if args.dump:
        dump_undecided(rows, args.dump)
    return 1 if broken or any(r["status"] == "crash" for r in rows) else 0


def dump_undecided(rows: list[dict[str, Any]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for r in rows:
            for c in r.get("claims", []) if r["status"] == "ok" else []:
                if c["candidate_verdict"] == "unverifiable":
                    handle.write(json.dumps({"task": r["task"], **c}) + "\n")


def print_table(rows: list[dict[str, Any]], wall: float) -> int:
    statuses = Counter(r["status"] for r in rows)
    claims = [c for r in rows if r["status"] == "ok" for c in r["claims"]]
    candidate = Counter(c["candidate_verdict"] for c in claims)
    reference = Counter(c["reference_verdict"] for c in claims)
    checks = Counter(c.get("check") or "-" for c in claims if c["candidate_verdict"] != "unverifiable")
    decided = len(claims) - candidate.get("unverifiable", 0)
    unsupported = [(r["task"], c) for r in rows if r["status"] == "ok" for c in r["claims"]
                   if c["candidate_verdict"] == "refuted" and not c["evidence"]]
    print(f"tasks: {len(rows)}  " + "  ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print(f"crashes: {statuses.get('crash', 0)}")
    not_claims = Counter(n["reason"] for r in rows if r["status"] == "ok" for n in r.get("not_claims", []))
    print(f"not a claim (listed apart, not counted): {sum(not_claims.values())}: "
          + ", ".join(f"{k} {v}" for k, v in not_claims.most_common()))
    print(f"claims: {len(claims)}  decided: {decided} = {decided / max(len(claims), 1):.1%}")
    print("candidate verdicts: " + ", ".join(f"{k} {v}" for k, v in candidate.most_common()))
    print("reference verdicts: " + ", ".join(f"{k} {v}" for k, v in reference.most_common()))
    print("decided by: " + ", ".join(f"{k} {v}" for k, v in checks.most_common()))
    print(f"missed failures listed: {sum(r.get('missed', 0) for r in rows)}")
    print(f"refuted without evidence: {len(unsupported)}")
    for task, c in unsupported[:10]:
        print(f"  {task} line {c['line']}: {c['text'][:100]}")
    for r in rows:
        if r["status"] == "crash":
            print(f"\nCRASH {r['task']}\n{r['error']}", file=sys.stderr)
    print(f"wall {wall:.0f} s")
    return len(unsupported)


if __name__ == "__main__":
    sys.exit(main())
