"""PERF004 — every Lambda function has the same memory and timeout.

**What.** Two or more Lambda functions written by the user (CDK's helper functions are ignored) that all share one
``MemorySize`` and one ``Timeout`` (absent values count as the defaults, 128 MB and 3 s).

**Why.** Identical settings for every function usually mean nobody sized them: a CRUD read and a batch processor
rarely need the same memory (which also buys CPU) or timeout. Over-provisioning costs money; under-provisioning
causes timeouts. Informational only: identical sizing can be right.

**Fix.** Size each function for its workload (e.g. with AWS Lambda Power Tuning) and set ``memory_size`` and
``timeout`` per function.

**Example.** Five functions, each ``memory_size=256, timeout=Duration.seconds(30)``.

The finding is attached to the first such function (so it has a place in the code); the message names them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import user_functions
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF004",
    category=Category.PERFORMANCE,
    severity=Severity.INFO,
    title="All Lambda functions share one memory size and timeout",
    impact="Functions are probably not sized for their workloads: over-provisioned memory costs money, "
    "under-provisioned memory or timeouts cause slow or failed invocations.",
    fix="Size memory and timeout per function for its workload (measure, e.g. with Lambda Power Tuning).",
    target=Target.TEMPLATE,
    keywords=("memory", "timeout", "memory size", "right-size", "over-provision", "same memory"),
)

DEFAULT_MEMORY_MB = 128
DEFAULT_TIMEOUT_S = 3


def check(template: Template, config: Config) -> Iterator[Hit]:
    functions = list(user_functions(template))
    if len(functions) < 2:
        return
    # Values may be intrinsics (a Ref to a parameter): compare their canonical JSON form.
    sizings = {
        json.dumps([props.get("MemorySize", DEFAULT_MEMORY_MB), props.get("Timeout", DEFAULT_TIMEOUT_S)],
                   sort_keys=True)
        for _, props in functions
    }
    if len(sizings) != 1:
        return
    memory, timeout = json.loads(sizings.pop())
    ids = [logical_id for logical_id, _ in functions]
    yield Hit(None, f"All {len(ids)} Lambda functions ({', '.join(ids)}) use MemorySize {memory} and Timeout "
              f"{timeout}; size each for its workload.")
