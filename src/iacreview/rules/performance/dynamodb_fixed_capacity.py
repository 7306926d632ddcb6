"""PERF007 — DynamoDB table with fixed provisioned capacity and no auto scaling.

**What.** An ``AWS::DynamoDB::Table`` in provisioned mode (``BillingMode`` absent or ``PROVISIONED``, with
``ProvisionedThroughput``) that no ``AWS::ApplicationAutoScaling::ScalableTarget`` of the template scales.
A table whose every capacity is scaled, and on-demand tables (``PAY_PER_REQUEST``), are fine.

**Why.** Fixed read/write capacity throttles requests as soon as traffic exceeds it (``ProvisionedThroughput
ExceededException``), and it is paid for when idle.

**Fix.** ``billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST`` for spiky or unknown load, or
``table.auto_scale_read_capacity(min_capacity=1, max_capacity=50)`` followed by
``.scale_on_utilization(target_utilization_percent=70)`` (and the same for write capacity).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF007",
    category=Category.PERFORMANCE,
    severity=Severity.MEDIUM,
    title="DynamoDB fixed capacity without auto scaling",
    impact="Requests are throttled when traffic exceeds the fixed capacity, and idle capacity is paid for.",
    fix="Use PAY_PER_REQUEST billing, or add auto scaling for read and write capacity.",
    target=Target.TEMPLATE,
    keywords=("dynamodb auto scaling", "dynamodb autoscaling", "provisioned capacity", "fixed capacity",
              "read capacity", "write capacity", "read_capacity", "write_capacity", "auto_scale_read_capacity",
              "auto_scale_write_capacity", "provisioned throughput"),
    doc=(__doc__ or "").strip(),
)


def _scaled_tables(template: Template) -> set[str]:
    """Logical ids of the tables some scalable target scales (its ResourceId names the table)."""
    out: set[str] = set()
    for _, resource in template.resources_of("AWS::ApplicationAutoScaling::ScalableTarget"):
        props = Template.props(resource)
        if str(props.get("ServiceNamespace", "")).lower() != "dynamodb":
            continue
        text = json.dumps(props.get("ResourceId"))
        out.update(lid for lid in template.resources if f'"{lid}"' in text)
    return out


def check(template: Template, config: Config) -> Iterator[Hit]:
    scaled = _scaled_tables(template)
    for logical_id, resource in template.resources_of("AWS::DynamoDB::Table"):
        props = Template.props(resource)
        if str(props.get("BillingMode", "PROVISIONED")) != "PROVISIONED" or "ProvisionedThroughput" not in props:
            continue
        if logical_id in scaled:
            continue
        throughput = props["ProvisionedThroughput"]
        shown = json.dumps(throughput) if not isinstance(throughput, str) else throughput
        yield Hit(logical_id, f"AWS::DynamoDB::Table {logical_id} has fixed provisioned capacity ({shown}) and no "
                  "auto scaling.", evidence=f"ProvisionedThroughput: {shown}")
