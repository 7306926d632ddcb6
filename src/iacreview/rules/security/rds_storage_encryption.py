"""SEC010 — RDS storage not encrypted.

**What.** An ``AWS::RDS::DBCluster``, or a stand-alone ``AWS::RDS::DBInstance``, without ``StorageEncrypted: true``.
Cluster members (encryption is a cluster setting), read replicas and restores from a snapshot (they inherit the
source's encryption) and Aurora Serverless v1 clusters (always encrypted) are not reported.

**Why.** Data, automated backups, snapshots and replicas are stored unencrypted; encryption cannot be switched on
later without a snapshot-copy-restore migration.

**Fix.** ``storage_encrypted=True`` (and ``storage_encryption_key=kms.Key(...)`` for a customer-managed key).
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_bool, is_intrinsic
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC010",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="RDS storage not encrypted",
    impact="Database storage, backups and snapshots are unencrypted at rest.",
    fix="Set storage_encrypted=True (optionally with a customer-managed KMS key).",
    target=Target.TEMPLATE,
    keywords=(
        "storage encrypted",
        "storage_encrypted",
        "encryption at rest",
        "rds encryption",
        "encrypted rds",
        "unencrypted database",
    ),
    doc=(__doc__ or "").strip(),
)

_INHERITS = (
    "DBClusterIdentifier",
    "SourceDBInstanceIdentifier",
    "SourceDBClusterIdentifier",
    "DBSnapshotIdentifier",
    "SnapshotIdentifier",
    "SourceDBInstanceAutomatedBackupsArn",
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::RDS::DBCluster", "AWS::RDS::DBInstance"):
        props = Template.props(resource)
        if any(key in props for key in _INHERITS):
            continue
        if resource["Type"] == "AWS::RDS::DBCluster" and props.get("EngineMode") == "serverless":
            continue
        value = props.get("StorageEncrypted")
        if is_intrinsic(value) or cfn_bool(value) is True:
            continue
        yield Hit(
            logical_id,
            f"{resource['Type']} {logical_id} does not encrypt its storage.",
            evidence=f"StorageEncrypted: {value if value is not None else '(absent)'}",
        )
