"""Garbage-collector settings for a process that reviews many tasks.

A corpus worker holds a large heap that lives as long as the process (iacreview's modules, cfn-lint's rules and
schemas, the API index) and makes many short-lived objects per task: decoding one template for cfn-lint alone makes
thousands of nodes. With the default settings, the collections those allocations trigger keep walking the long-lived
heap. ``gc.freeze`` takes what is loaded so far out of the collector's sight (it never becomes garbage); done in the
fork server before the workers are forked, it also keeps the pages the workers share with it unwritten. A larger
first-generation threshold makes collections rarer. On 40 development tasks this took about a seventh off the CPU
time of the worker processes (``benchmarks/corpus_speed.py``).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000  # allocations between two collections of the youngest generation (CPython: 700)
OLDER_RATIO = 20  # collections of a generation before the next older one is collected (CPython: 10)


def settle_long_lived_heap() -> None:
    """Freeze everything loaded so far and make collections rarer (call it once the shared state is loaded)."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, OLDER_RATIO, OLDER_RATIO)
