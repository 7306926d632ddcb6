"""Run the static API checks (SYN010, SYN011, SYN012, DEP010, BP010) over the Python blocks of a corpus.

Usage: python benchmarks/static_api_scan.py CORPUS_DIR [--answer MODEL_RESPONSE.md] [--sample N] [--seed S]
       [--cache-dir DIR] [--show RULE]

Every fenced ```python block of each answer is checked as its own module (no workspace layout, no synth), so the
numbers measure the static layer alone. Prints the index load time, the median analysis time per answer, hit
counts per rule, and ``--sample`` random hits with their line for reading by hand.
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from iacreview.config import Config
from iacreview.python.aliases import module_aliases
from iacreview.python.api_checks import ApiProblem, module_problems
from iacreview.python.index import load_index

_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(first line of the block in the file, code) for each ```python fence."""
    blocks = []
    for match in _FENCE.finditer(text):
        first_line = text.count("\n", 0, match.start(1)) + 1
        blocks.append((first_line, match.group(1)))
    return blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--answer", default="MODEL_RESPONSE.md")
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--show", default=None, help="print every hit of this rule id")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    index = load_index(Config(cache_dir=args.cache_dir))
    first_load = time.perf_counter() - started
    if index is None:
        print("aws-cdk-lib index unavailable", file=sys.stderr)
        return 2
    started = time.perf_counter()
    index = load_index(Config(cache_dir=args.cache_dir))
    warm_load = time.perf_counter() - started
    assert index is not None

    hits: list[tuple[Path, int, ApiProblem]] = []
    per_answer: list[float] = []
    answers_with_hits: Counter[str] = Counter()
    blocks_total = unparsable = 0
    for answer in sorted(args.corpus.glob(f"*/{args.answer}")):
        text = answer.read_text(encoding="utf-8", errors="replace")
        started = time.perf_counter()
        found: list[tuple[int, ApiProblem]] = []
        for first_line, code in python_blocks(text):
            blocks_total += 1
            try:
                tree = ast.parse(code)
            except (SyntaxError, ValueError):
                unparsable += 1
                continue
            for problem in module_problems("block.py", tree, code, module_aliases(tree, index), index):
                found.append((first_line, problem))
        per_answer.append(time.perf_counter() - started)
        for first_line, problem in found:
            hits.append((answer, first_line + problem.line - 1, problem))
        for rule in {p.rule_id for _, p in found}:
            answers_with_hits[rule] += 1

    counts = Counter(p.rule_id for _, _, p in hits)
    print(f"index: {len(index)} types; first load {first_load:.3f} s, cached load {warm_load:.4f} s")
    print(f"answers: {len(per_answer)}, python blocks: {blocks_total} ({unparsable} unparsable)")
    if per_answer:
        print(f"analysis per answer: median {statistics.median(per_answer) * 1000:.1f} ms, "
              f"max {max(per_answer) * 1000:.1f} ms, total {sum(per_answer):.2f} s")
    for rule in sorted(counts):
        print(f"  {rule}: {counts[rule]} hits in {answers_with_hits[rule]} answers")
    rng = random.Random(args.seed)
    sample = rng.sample(hits, min(args.sample, len(hits)))
    shown = [h for h in hits if h[2].rule_id == args.show] if args.show else sample
    for answer, line, problem in shown:
        where = f"{answer.parent.name}/{answer.name}:{line}"
        print(f"\n{where} {problem.rule_id} {problem.message}\n    {problem.evidence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
