"""DEP045 — RDS automated backups missing or kept too briefly.

**What.** An ``AWS::RDS::DBCluster``, or a stand-alone ``AWS::RDS::DBInstance``, whose ``BackupRetentionPeriod`` is
0 (automated backups off), below 7 days, or absent (RDS then keeps backups for 1 day).

**Why.** Point-in-time recovery only reaches back as far as the retention period; one day is rarely enough to
notice and recover from data corruption, and 0 disables recovery entirely.

**Fix.** ``backup_retention=Duration.days(7)`` (or more) on the instance; ``backup=rds.BackupProps(retention=...)``
on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_int
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP045",
    category=Category.DEPLOYMENT,
    severity=Severity.MEDIUM,
    title="RDS backup retention missing or short",
    impact="Point-in-time recovery cannot reach back far enough (or at all) to recover lost data.",
    fix="Keep automated backups for at least 7 days (backup_retention=Duration.days(7)).",
    target=Target.TEMPLATE,
    keywords=("backup", "backup retention", "retention period", "automated backups", "point-in-time"),
    doc=(__doc__ or "").strip(),
)

MIN_DAYS = 7


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::RDS::DBCluster", "AWS::RDS::DBInstance"):
        props = Template.props(resource)
        rtype = resource["Type"]
        follows_source = "DBClusterIdentifier" in props or "SourceDBInstanceIdentifier" in props
        if rtype == "AWS::RDS::DBInstance" and follows_source:
            continue  # cluster members and read replicas follow their source
        raw = props.get("BackupRetentionPeriod")
        if raw is None:
            yield Hit(
                logical_id,
                f"{rtype} {logical_id} sets no BackupRetentionPeriod, so RDS keeps backups for only 1 day.",
                evidence="BackupRetentionPeriod: (absent)",
            )
            continue
        days = cfn_int(raw)
        if days is None or days >= MIN_DAYS:
            continue
        if days == 0:
            yield Hit(
                logical_id,
                f"{rtype} {logical_id} disables automated backups (BackupRetentionPeriod 0).",
                severity=Severity.HIGH,
                evidence="BackupRetentionPeriod: 0",
            )
        else:
            yield Hit(
                logical_id,
                f"{rtype} {logical_id} keeps backups for only {days} day(s) (< {MIN_DAYS}).",
                evidence=f"BackupRetentionPeriod: {days}",
            )
