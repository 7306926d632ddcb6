"""SEC009 — VPC without flow logs.

**What.** An ``AWS::EC2::VPC`` with no ``AWS::EC2::FlowLog`` whose ``ResourceId`` refers to it.

**Why.** Without flow logs there is no record of the traffic in the VPC: intrusions, exfiltration and
misconfigured security groups cannot be investigated after the fact.

**Fix.** ``vpc.add_flow_log("FlowLog", destination=ec2.FlowLogDestination.to_cloud_watch_logs(log_group, role))``
or ``flow_logs={...}`` on ``ec2.Vpc``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import referencing_resources
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC009",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    title="VPC without flow logs",
    impact="Network traffic is not recorded, so incidents cannot be investigated.",
    fix="Add a flow log to the VPC (vpc.add_flow_log(...)).",
    target=Target.TEMPLATE,
    keywords=("flow log", "flow logs", "vpc flow", "network monitoring", "traffic logging"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, _ in template.resources_of("AWS::EC2::VPC"):
        if not any(referencing_resources(template, logical_id, "AWS::EC2::FlowLog", path=("ResourceId",))):
            yield Hit(logical_id, f"VPC {logical_id} has no flow log.", evidence="AWS::EC2::FlowLog: (none)")
