"""``summary.json`` of a corpus run: run facts, totals, chart data and one row per task (errors included)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from iacreview import __version__
from iacreview.versions import cdk_version

SCHEMA = "iacreview/corpus@1"


def build_summary(rows: Sequence[dict[str, Any]], *, corpus: str, workers: int, wall_seconds: float,
                  reviewed_now: int, resumed: int, worker_stats: dict[str, float]) -> dict[str, Any]:
    ok = [r for r in rows if r.get("status") == "ok"]
    failures: Counter[str] = Counter()
    synth: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    for row in ok:
        failures.update((row.get("compare") or {}).get("by_category", {}))
        verdicts.update((row.get("verify") or {}).get("counts", {}))
        for side in ("model", "ideal"):
            answer = row.get(side)
            if answer:
                synth[answer["synth"]["outcome"]] += 1
                timings.update(answer.get("timings", {}))
    totals = {
        "tasks": len(rows),
        "ok": len(ok),
        "errors": len(rows) - len(ok),
        "reviewed_now": reviewed_now,
        "resumed": resumed,
        "model_synth_ok": sum(1 for r in ok if (r.get("model") or {}).get("synth", {}).get("ok")),
        "ideal_synth_ok": sum(1 for r in ok if (r.get("ideal") or {}).get("synth", {}).get("ok")),
        "failures": sum(failures.values()),
        "claims": sum(verdicts.values()),
    }
    return {
        "schema": SCHEMA,
        "run": {
            "corpus": corpus,
            "iacreview": __version__,
            "aws_cdk_lib": cdk_version(),
            "workers": workers,
            "wall_seconds": round(wall_seconds, 3),
            "synth_worker": worker_stats,
            # Seconds summed over every answer reviewed (resumed tasks keep their first run's figures).
            "phase_seconds": {k: round(v, 3) for k, v in sorted(timings.items())},
        },
        "totals": totals,
        "charts": {
            "failures_per_category": dict(failures),
            "synth_outcome": dict(synth),
            "claim_verdicts": dict(verdicts),
        },
        "tasks": [{k: v for k, v in r.items() if k != "traceback"} | _error_fields(r) for r in rows],
    }


def _error_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {"traceback": row["traceback"]} if row.get("status") != "ok" and row.get("traceback") else {}
