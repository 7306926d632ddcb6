"""PERF005 — Lambda function without reserved concurrency.

**What.** A user-written ``AWS::Lambda::Function`` without ``ReservedConcurrentExecutions``.

**Why.** All functions in an account and region share one concurrency pool (1,000 by default). A burst on one
function can throttle every other one, and nothing caps how far a runaway function (or its downstream cost)
scales. Low severity: reserving concurrency also takes it away from the shared pool, so it is a trade-off.

**Fix.** CDK: ``lambda_.Function(..., reserved_concurrent_executions=50)`` sized from expected peak load.

**Example.** ``lambda_.Function(self, "Handler", runtime=..., handler=..., code=...)`` with no concurrency setting.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import user_functions
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF005",
    category=Category.PERFORMANCE,
    severity=Severity.LOW,
    title="Lambda function without reserved concurrency",
    impact="A burst on one function can exhaust the account's shared concurrency and throttle other functions; "
    "nothing caps runaway scaling.",
    fix="Set reserved_concurrent_executions on the function, sized from its expected peak.",
    target=Target.TEMPLATE,
    keywords=("reserved concurrency", "concurrency", "concurrent executions", "runaway scaling"),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, props in user_functions(template):
        if props.get("ReservedConcurrentExecutions") is None:
            yield Hit(logical_id, f"Lambda function {logical_id} has no reserved concurrency.")
