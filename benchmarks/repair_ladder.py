"""How far the repair ladder gets on a corpus of Markdown answers.

Usage: python benchmarks/repair_ladder.py CORPUS_DIR [--workers 2] [--limit N] [--cache-dir DIR] [--json OUT]
       [--no-repair] [--no-excise]

For every ``<task>/MODEL_RESPONSE.md``: the share that synthesizes as written, the share that reaches a template
after the ladder, the repairs used by kind, and why the failed ladders stopped (grouped by error class and the
shape of the message, with literal names and numbers masked so that alike failures count together).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from iacreview import api
from iacreview.config import Config
from iacreview.errors import IacReviewError

ANSWER = "MODEL_RESPONSE.md"


def review_one(args: tuple[str, str, bool, bool]) -> dict[str, Any]:
    path, cache_dir, repair, excise = args
    started = time.perf_counter()
    row: dict[str, Any] = {"path": path}
    try:
        synth = api.analyze(path, Config(cache_dir=cache_dir, repair=repair, excise=excise)).review.synth
        row.update(
            status="ok",
            attempted=synth.attempted,
            as_written=synth.ok,
            template=synth.templates > 0,
            error_class=synth.error_class,
            error=synth.error,
            repairs=[r.kind or "?" for r in synth.repairs],
            repair_what=[r.what for r in synth.repairs],
            stopped=synth.ladder_stopped,
        )
    except IacReviewError as error:
        row.update(status="input_error", error=str(error))
    except Exception:  # a crash is a result this benchmark reports
        row.update(status="crash", error=traceback.format_exc(limit=5))
    row["seconds"] = round(time.perf_counter() - started, 2)
    return row


def shape(reason: str) -> str:
    """A stop reason with quoted names, paths and numbers masked, cut to one line."""
    text = reason.replace("no certain repair for: ", "").splitlines()[0] if reason else "(none)"
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "'…'", text)
    text = re.sub(r"/[\w./-]+", "/…", text)
    text = re.sub(r"\d+", "N", text)
    return text[:150]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--cache-dir", default="/tmp/iacr-cache")
    parser.add_argument("--no-repair", action="store_true")
    parser.add_argument("--no-excise", action="store_true", help="stop where no certain repair exists")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--show", action="store_true", help="print every failed ladder's path and reason")
    args = parser.parse_args()
    answers = sorted(p / ANSWER for p in args.corpus.iterdir() if (p / ANSWER).is_file())
    if args.limit:
        answers = answers[: args.limit]
    jobs = [(str(a), args.cache_dir, not args.no_repair, not args.no_excise) for a in answers]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=min(args.workers, 2)) as pool:
        rows = list(pool.map(review_one, jobs))
    wall = time.perf_counter() - started
    report(rows, wall, args.show)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 1 if any(r["status"] == "crash" for r in rows) else 0


def report(rows: list[dict[str, Any]], wall: float, show: bool) -> None:
    done = [r for r in rows if r["status"] == "ok" and r["attempted"]]
    total = len(done)
    as_written = sum(r["as_written"] for r in done)
    template = sum(r["template"] for r in done)
    repaired = [r for r in done if r["template"] and not r["as_written"]]
    print(f"answers: {len(rows)}  reviewed with synth: {total}  input errors: "
          f"{sum(r['status'] == 'input_error' for r in rows)}  crashes: {sum(r['status'] == 'crash' for r in rows)}")
    if total:
        print(f"synthesize as written:    {as_written:4d}  ({as_written / total:6.1%})")
        print(f"template after ladder:    {template:4d}  ({template / total:6.1%})")
        print(f"  of which after repairs: {len(repaired):4d}")
    kinds = Counter(k for r in done for k in r["repairs"])
    print("\nrepairs used by kind (all ladders):")
    for kind, count in kinds.most_common():
        print(f"  {count:4d}  {kind}")
    kinds_ok = Counter(k for r in repaired for k in r["repairs"])
    print("repairs used by kind (ladders that reached a template):")
    for kind, count in kinds_ok.most_common():
        print(f"  {count:4d}  {kind}")
    failed = [r for r in done if not r["template"]]
    print(f"\nladders that stopped without a template: {len(failed)}")
    for reason, count in Counter(shape(r["stopped"]) for r in failed).most_common():
        print(f"  {count:4d}  {reason}")
    if show:
        for r in failed:
            print(f"\n{r['path']}\n   repairs: {r['repair_what']}\n   stopped: {r['stopped'][:400]}")
    for r in rows:
        if r["status"] == "crash":
            print(f"\nCRASH {r['path']}\n{r['error']}", file=sys.stderr)
    print(f"\nwall: {wall:.0f} s for {len(rows)} answers")


if __name__ == "__main__":
    sys.exit(main())
