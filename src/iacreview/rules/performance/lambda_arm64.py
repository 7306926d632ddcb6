"""PERF006 — Lambda function on x86_64.

**What.** A user-written ``AWS::Lambda::Function`` whose ``Architectures`` is absent (x86_64 by default) or does not
list ``arm64``.

**Why.** Graviton (arm64) functions cost about 20% less per GB-second and are usually as fast or faster for
interpreted runtimes such as Python and Node.js. Informational: native dependencies built for x86 must be rebuilt.

**Fix.** CDK: ``lambda_.Function(..., architecture=lambda_.Architecture.ARM_64)``.

**Example.** A Python 3.12 handler with no ``architecture`` argument.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import as_list, user_functions
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF006",
    category=Category.PERFORMANCE,
    severity=Severity.INFO,
    title="Lambda function on x86_64 instead of arm64",
    impact="x86_64 functions cost about 20% more per GB-second than arm64 (Graviton) for similar performance.",
    fix="Use architecture=lambda_.Architecture.ARM_64 (rebuild native dependencies for arm64).",
    target=Target.TEMPLATE,
    keywords=("arm64", "graviton", "architecture", "x86", "arm"),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, props in user_functions(template):
        if "arm64" not in as_list(props.get("Architectures")):
            yield Hit(logical_id, f"Lambda function {logical_id} runs on x86_64; arm64 is cheaper.")
