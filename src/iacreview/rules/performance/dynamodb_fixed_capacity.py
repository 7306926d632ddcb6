"""PERF007 — DynamoDB table with fixed provisioned capacity and no auto scaling.

**What.** An ``AWS::DynamoDB::Table`` in provisioned mode (``BillingMode`` absent or ``PROVISIONED``, with
``ProvisionedThroughput``) that no ``AWS::ApplicationAutoScaling::ScalableTarget`` of the template scales.
A table whose every capacity is scaled, and on-demand tables (``PAY_PER_REQUEST``), are fine. A table that is
scaled while one of its global secondary indexes keeps a fixed ``ProvisionedThroughput`` (no scalable target names
``table/<table>/index/<index>``) is reported for that index: writes to the table are throttled by the index.

**Why.** Fixed read/write capacity throttles requests as soon as traffic exceeds it (``ProvisionedThroughput
ExceededException``), and it is paid for when idle.

**Fix.** ``billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST`` for spiky or unknown load, or
``table.auto_scale_read_capacity(min_capacity=1, max_capacity=50)`` followed by
``.scale_on_utilization(target_utilization_percent=70)`` (and the same for write capacity); for an index,
``table.auto_scale_global_secondary_index_write_capacity(index_name, ...)``.
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


def _scaling_targets(template: Template) -> list[str]:
    """The ResourceId of every DynamoDB scalable target as JSON text (``table/``, the table, ``/index/<name>``)."""
    out: list[str] = []
    for _, resource in template.resources_of("AWS::ApplicationAutoScaling::ScalableTarget"):
        props = Template.props(resource)
        if str(props.get("ServiceNamespace", "")).lower() == "dynamodb":
            out.append(json.dumps(props.get("ResourceId")))
    return out


def _scaled_tables(template: Template, targets: list[str]) -> set[str]:
    """Logical ids of the tables some scalable target scales (its ResourceId names the table, not an index of it)."""
    own = [text for text in targets if "/index/" not in text]
    return {lid for lid in template.resources if any(f'"{lid}"' in text for text in own)}


def _fixed_indexes(logical_id: str, props: dict[str, object], targets: list[str]) -> Iterator[tuple[str, str]]:
    """(index name, its throughput) for each global secondary index with fixed capacity that no target scales."""
    indexes = props.get("GlobalSecondaryIndexes")
    for index in indexes if isinstance(indexes, list) else []:
        if not isinstance(index, dict) or "ProvisionedThroughput" not in index:
            continue
        name = index.get("IndexName")
        if not isinstance(name, str):
            continue
        if any(f'"{logical_id}"' in text and f"/index/{name}" in text for text in targets):
            continue
        yield name, json.dumps(index["ProvisionedThroughput"])


def check(template: Template, config: Config) -> Iterator[Hit]:
    targets = _scaling_targets(template)
    scaled = _scaled_tables(template, targets)
    for logical_id, resource in template.resources_of("AWS::DynamoDB::Table"):
        props = Template.props(resource)
        if str(props.get("BillingMode", "PROVISIONED")) != "PROVISIONED" or "ProvisionedThroughput" not in props:
            continue
        if logical_id in scaled:
            for name, shown in _fixed_indexes(logical_id, props, targets):
                yield Hit(logical_id, f"AWS::DynamoDB::Table {logical_id} auto-scales, but its global secondary "
                          f"index {name} keeps fixed capacity ({shown}): writes to the table are throttled by "
                          "the index.", evidence=f"GlobalSecondaryIndexes[{name}].ProvisionedThroughput: {shown}")
            continue
        throughput = props["ProvisionedThroughput"]
        shown = json.dumps(throughput) if not isinstance(throughput, str) else throughput
        yield Hit(logical_id, f"AWS::DynamoDB::Table {logical_id} has fixed provisioned capacity ({shown}) and no "
                  "auto scaling.", evidence=f"ProvisionedThroughput: {shown}")
