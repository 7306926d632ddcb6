"""What every corpus worker process needs, loaded once in the pool's fork server and shared by the workers it forks:
iacreview's modules, cfn-lint's rule collection (about 1.4 CPU-s per worker when each loads them itself) and the
index of CloudFormation property names that verify reads claims with (about 0.4 CPU-s). Then the collector is told that
all of it is long-lived (``heap``)."""

from __future__ import annotations

import iacreview.corpus.task  # noqa: F401  # the review, compare and verify modules a task runs
from iacreview.anchors.cfn_lint import _rules
from iacreview.corpus.heap import settle_long_lived_heap
from iacreview.verify.schema_words import schema_index

_rules()
schema_index()
settle_long_lived_heap()
