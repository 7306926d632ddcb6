"""Extra time per review with the anchors (cdk-nag packs in the synth child, cfn-lint in process) on vs off.

Each subject is reviewed twice, both times with a cold synth (see ``main``): ``packs=("iacreview",)`` (anchors
off) and the default packs (anchors on). Printed per subject: wall seconds off/on, the synth and anchors
timings of the "on" review, and the anchor findings it added; then the median and mean extra seconds per review.

Run: ``python benchmarks/anchors_overhead.py [--corpus /work/shared/corpus/cdk-py] [--answers 10]``
(the three bundled examples' model answers plus the first N corpus answers that have a MODEL_RESPONSE.md).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from iacreview import api
from iacreview.config import Config

ROOT = Path(__file__).resolve().parents[1]


def subjects(corpus: Path | None, answers: int) -> list[Path]:
    found = sorted((ROOT / "examples").glob("*/model/MODEL_RESPONSE.md"))
    if corpus is not None and corpus.is_dir():
        found += sorted(corpus.glob("*/MODEL_RESPONSE.md"))[:answers]
    return found


def review(path: Path, config: Config) -> tuple[float, api.Analysis]:
    started = time.perf_counter()
    analysis = api.analyze(path, config)
    return time.perf_counter() - started, analysis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/cdk-py"))
    parser.add_argument("--answers", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="iacreview-anchors-bench-"))
    extras: list[float] = []
    try:
        # One fresh cache dir: the "off" and "on" synths have different cache keys (the packs are part of the
        # key), so both are cold; the API index and jsii's package cache are warmed once, untimed.
        cache = str(work)
        found = subjects(args.corpus, args.answers)
        review(found[0], Config(cache_dir=cache, packs=("iacreview",), environment_suffix="warmup"))
        for path in found:
            off_s, off = review(path, Config(cache_dir=cache, packs=("iacreview",)))
            on_s, on = review(path, Config(cache_dir=cache))
            added = sum(1 for f in on.review.findings if f.source != "iacreview")
            merged = sum(1 for f in on.review.findings if f.anchor_ids)
            ok = on.review.synth.templates > 0 and off.review.synth.templates > 0
            timings = on.review.timings
            label = path.parent.parent.name if path.parent.name == "model" else path.parent.name
            print(
                f"{label[:40]:40} off {off_s:6.1f}s  on {on_s:6.1f}s  extra {on_s - off_s:+6.1f}s  "
                f"synth {timings.get('synth', 0):5.1f}s anchors {timings.get('anchors', 0):4.1f}s  "
                f"anchor findings {added:3}  merged {merged:2}  templates {'yes' if ok else 'no'}",
                flush=True,
            )
            if ok:
                extras.append(on_s - off_s)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if extras:
        print(f"\nsynthesized subjects: {len(extras)}; extra seconds per review with anchors on: "
              f"median {statistics.median(extras):.1f}, mean {statistics.mean(extras):.1f}, "
              f"min {min(extras):.1f}, max {max(extras):.1f}")


if __name__ == "__main__":
    main()
