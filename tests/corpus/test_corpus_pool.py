"""The corpus pool: workers come from a fork server that has loaded iacreview, cfn-lint's rules and verify's schema
words once."""

from __future__ import annotations

import gc
import os
import sys

from iacreview.config import Config
from iacreview.corpus.heap import OLDER_RATIO, YOUNG_THRESHOLD
from iacreview.corpus.run import _pool


def _worker_facts() -> tuple[int, bool, int, int]:
    from iacreview.anchors.cfn_lint import _rules
    from iacreview.verify.schema_words import schema_index

    return (os.getppid(), "iacreview.corpus.preload" in sys.modules, _rules.cache_info().currsize,
            schema_index.cache_info().currsize)


def _collector_facts() -> tuple[int, tuple[int, int, int]]:
    return gc.get_freeze_count(), gc.get_threshold()


def test_workers_are_forked_from_a_server_with_the_preloaded_modules() -> None:
    with _pool(1, Config(), warm=False) as pool:
        parent, preloaded, rules_loaded, schema_words = pool.submit(_worker_facts).result(timeout=120)
    assert parent != os.getpid()  # the fork server's child, not this process's
    assert preloaded and rules_loaded == 1 and schema_words == 1  # inherited, not loaded again by the worker


def test_workers_start_with_the_preloaded_heap_frozen_and_rarer_collections() -> None:
    with _pool(1, Config(), warm=False) as pool:
        frozen, threshold = pool.submit(_collector_facts).result(timeout=120)
    assert frozen > 100_000  # the modules, rules and schemas loaded by the server are out of the collector's sight
    assert threshold == (YOUNG_THRESHOLD, OLDER_RATIO, OLDER_RATIO)
