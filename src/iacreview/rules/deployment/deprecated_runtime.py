"""DEP023 — Deprecated Lambda runtime.

**What**: a Lambda function uses a runtime whose deprecation date has passed (high) or falls within six months
(medium). Dates come from ``data/lambda_runtimes.json`` (regenerated from cfn-lint's runtime lifecycle data by
``scripts/update_lambda_runtimes.py``).

**Why**: a deprecated runtime gets no security patches; after its *create block* date new functions cannot be created
with it (a fresh deployment fails), after its *update block* date existing ones cannot be updated.

**Fix**: move to the runtime's successor (e.g. ``Runtime.PYTHON_3_13``) and test the handler on it.

**Example**::

    runtime=_lambda.Runtime.PYTHON_3_7    # deprecated 2023-12-04
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import describe, lambda_facts, runtime_data, runtime_id
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="DEP023",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="Deprecated Lambda runtime",
    impact="No security patches; after the block dates functions cannot be created or updated.",
    fix="Use a supported runtime (the successor named in the message).",
    target=Target.SOURCE,
    keywords=("deprecated runtime", "runtime", "end of life", "outdated runtime", "python 3.7", "python 3.8",
              "unsupported runtime"),
)

WARNING_WINDOW = datetime.timedelta(days=183)


def runtime_severity(spec: dict[str, Any], today: datetime.date) -> Severity | None:
    """HIGH once deprecated, MEDIUM within six months of it, else None."""
    deprecated = spec.get("deprecated")
    if not deprecated:
        return None
    date = datetime.date.fromisoformat(deprecated)
    if date <= today:
        return Severity.HIGH
    if date - today <= WARNING_WINDOW:
        return Severity.MEDIUM
    return None


def check(ctx: SourceContext, today: datetime.date | None = None) -> Iterator[SourceHit]:
    day = today or datetime.date.today()
    runtimes: dict[str, dict[str, Any]] = runtime_data()["runtimes"]
    for function in lambda_facts(ctx).functions:
        rid = runtime_id(function)
        spec = runtimes.get(rid or "")
        if rid is None or spec is None:
            continue
        severity = runtime_severity(spec, day)
        if severity is None:
            continue
        verb = "was deprecated on" if severity is Severity.HIGH else "will be deprecated on"
        successor = f"; move to {spec['successor']}" if spec.get("successor") else ""
        block = f" (new functions blocked from {spec['create_block']})" if spec.get("create_block") else ""
        yield SourceHit(
            function.relpath,
            function.runtime_line or function.line,
            f"{describe(function)} uses {rid}, which {verb} {spec['deprecated']}{block}{successor}.",
            severity=severity,
            evidence=rid,
        )
