"""BP032 — log group without retention.

**What.** An ``AWS::Logs::LogGroup`` without ``RetentionInDays``. A CDK ``Custom::LogRetention`` resource (what
``log_retention=`` on a function renders) that sets retention on the same log group name counts as retention.

**Why.** Without retention CloudWatch keeps the logs forever: storage cost grows without bound and old logs that may
hold personal data are never deleted.

**Fix.** CDK: ``logs.LogGroup(..., retention=logs.RetentionDays.ONE_MONTH)`` (choose what audits require).

**Example.** ``logs.LogGroup(self, "Logs", retention=logs.RetentionDays.INFINITE)``, or a ``CfnLogGroup`` without
``retention_in_days`` (CDK's ``LogGroup`` defaults to two years and renders it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="BP032",
    category=Category.BEST_PRACTICE,
    severity=Severity.LOW,
    title="Log group without retention",
    impact="Logs are kept forever: storage cost grows without bound and old data is never deleted.",
    fix="Set a retention period on the log group (retention=logs.RetentionDays.<period>).",
    target=Target.TEMPLATE,
    keywords=("retention", "log retention", "retentionindays", "logs kept forever", "log group"),
)


def _name_key(value: object) -> str | None:
    """A comparable form of a log group name (literal or intrinsic), None when absent."""
    return None if value is None else json.dumps(value, sort_keys=True)


def check(template: Template, config: Config) -> Iterator[Hit]:
    retained_names = {
        _name_key(Template.props(resource).get("LogGroupName"))
        for _, resource in template.resources_of("Custom::LogRetention")
        if Template.props(resource).get("RetentionInDays") is not None
    }
    retained_names.discard(None)
    for logical_id, resource in template.resources_of("AWS::Logs::LogGroup"):
        props = Template.props(resource)
        if props.get("RetentionInDays") is not None:
            continue
        if _name_key(props.get("LogGroupName")) in retained_names:
            continue
        yield Hit(logical_id, f"Log group {logical_id} has no RetentionInDays, so its logs never expire.")
