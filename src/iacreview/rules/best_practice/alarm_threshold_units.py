"""BP036 — Alarm threshold written in milliseconds on a metric measured in seconds.

**What.** An ``AWS::CloudWatch::Alarm`` on a metric CloudWatch reports in seconds (S3 ``ReplicationLatency``,
Application Load Balancer ``TargetResponseTime``, Classic Load Balancer ``Latency``) whose ``Threshold`` is a whole
number of thousands and at least a day's worth of seconds: the value reads as milliseconds ("15 minutes =
900000").

**Why.** The alarm compares seconds with a number a thousand times too large: a 15-minute latency alarm written as
900000 fires only after more than ten days, that is, never when it matters.

**Fix.** Write the threshold in seconds (``threshold=900`` for 15 minutes), or use a metric math expression that
converts the unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_int
from iacreview.template.model import Template

META = RuleMeta(
    id="BP036",
    category=Category.BEST_PRACTICE,
    severity=Severity.MEDIUM,
    title="Alarm threshold in milliseconds on a metric measured in seconds",
    impact="The threshold is a thousand times too large: the alarm fires far too late, or never.",
    fix="Write the threshold in seconds (900 for 15 minutes).",
    target=Target.TEMPLATE,
    keywords=("threshold in milliseconds", "900000", "latency threshold", "replication latency alarm",
              "milliseconds instead of seconds", "ReplicationLatency"),
    doc=(__doc__ or "").strip(),
)

# (namespace, metric name) of the metrics CloudWatch reports in seconds, where a millisecond mix-up is common.
SECONDS_METRICS = frozenset({
    ("AWS/S3", "ReplicationLatency"),
    ("AWS/ApplicationELB", "TargetResponseTime"),
    ("AWS/ELB", "Latency"),
})
A_DAY = 86_400


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    for logical_id, resource in template.resources_of("AWS::CloudWatch::Alarm"):
        props = Template.props(resource)
        metric = (props.get("Namespace"), props.get("MetricName"))
        threshold = cfn_int(props.get("Threshold"))  # a whole number: a fraction is not a millisecond mix-up
        if metric not in SECONDS_METRICS or threshold is None:
            continue
        if threshold >= A_DAY and threshold % 1000 == 0:
            yield Hit(logical_id, f"Alarm {logical_id} on {metric[0]} {metric[1]} (reported in seconds) has "
                      f"threshold {threshold}: that is {threshold / A_DAY:.1f} days; {threshold // 1000} seconds was "
                      "probably meant.", evidence=f"Threshold: {threshold}")
