"""DEP044 — RDS database without deletion protection.

**What.** An ``AWS::RDS::DBCluster``, or an ``AWS::RDS::DBInstance`` that is not part of a cluster, without
``DeletionProtection: true``.

**Why.** Without it, a stack deletion, an accidental replacement or a console/API call can delete the database.
Deletion protection makes every such delete fail until the flag is turned off on purpose.

**Fix.** ``deletion_protection=True`` on ``rds.DatabaseInstance`` / ``rds.DatabaseCluster`` (perhaps only for
production environments).
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_bool, is_intrinsic
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP044",
    category=Category.DEPLOYMENT,
    severity=Severity.MEDIUM,
    title="RDS database without deletion protection",
    impact="The database can be deleted by a stack deletion, a replacement or a single API call.",
    fix="Set deletion_protection=True on the database instance or cluster.",
    target=Target.TEMPLATE,
    keywords=("deletion protection", "deletion_protection", "rds", "database protection"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::RDS::DBCluster", "AWS::RDS::DBInstance"):
        props = Template.props(resource)
        if resource["Type"] == "AWS::RDS::DBInstance" and "DBClusterIdentifier" in props:
            continue  # protection is a cluster setting
        value = props.get("DeletionProtection")
        if is_intrinsic(value) or cfn_bool(value) is True:
            continue
        yield Hit(
            logical_id,
            f"{resource['Type']} {logical_id} has no deletion protection.",
            evidence=f"DeletionProtection: {value if value is not None else '(absent)'}",
        )
