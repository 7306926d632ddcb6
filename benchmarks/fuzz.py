"""Long fuzz run of the parsers of untrusted text: Markdown answers, written claims, CloudFormation templates.

    python benchmarks/fuzz.py --cases 10000 [--only markdown|claims|template]

Prints, per parser, the cases run, how many were clean input errors (``IacReviewError``), how many unhandled
exceptions (bugs), the distinct ones with a sample input, and the time taken. Exit status 1 when any bug was found.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from iacreview.errors import IacReviewError

# The strategies live with the short fuzz tests; loaded by path (this script's own name shadows ``fuzz``).
_STRATEGIES = Path(__file__).resolve().parent.parent / "tests" / "fuzz" / "fuzz_strategies.py"
_spec = importlib.util.spec_from_file_location("fuzz_strategies", _STRATEGIES)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
TARGETS = _module.TARGETS


def fuzz(name: str, cases: int) -> tuple[int, int, dict[str, str]]:
    """(cases run, clean input errors, bug signature -> sample input) for one parser."""
    target, strategy = TARGETS[name]
    counts: Counter[str] = Counter()
    bugs: dict[str, str] = {}

    @settings(max_examples=cases, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(text: str) -> None:
        counts["cases"] += 1
        try:
            target(text)
        except IacReviewError:
            counts["clean"] += 1
        except Exception as exc:  # every other exception is a bug: record it
            frame = exc.__traceback__
            while frame is not None and frame.tb_next is not None:
                frame = frame.tb_next
            where = f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else "?"
            bugs.setdefault(f"{type(exc).__name__} at {where}", text)

    run()
    return counts["cases"], counts["clean"], bugs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--only", choices=sorted(TARGETS))
    args = parser.parse_args()
    failed = False
    for name in [args.only] if args.only else sorted(TARGETS):
        started = time.perf_counter()
        cases, clean, bugs = fuzz(name, args.cases)
        seconds = time.perf_counter() - started
        print(f"{name}: {cases} cases, {clean} clean input errors, {len(bugs)} distinct unhandled exceptions, "
              f"{seconds:.1f} s")
        for signature, sample in bugs.items():
            print(f"  BUG {signature}\n      input: {sample!r}")
        failed = failed or bool(bugs)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
