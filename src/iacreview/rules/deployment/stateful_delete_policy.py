"""DEP041 — stateful resource deleted with its stack.

**What.** A resource that holds data (DynamoDB table, S3 bucket, RDS instance/cluster, EFS/FSx file system,
OpenSearch domain, KMS key, Cognito user pool, Backup vault, EBS volume, DocumentDB/Neptune/Redshift cluster, and
log groups that hold audit data: flow logs, CloudTrail, access/audit logs) whose ``DeletionPolicy`` is ``Delete`` —
written (CDK ``RemovalPolicy.DESTROY``) or by default (CloudFormation deletes a resource that has no
``DeletionPolicy``; RDS defaults to ``Snapshot`` and is only reported for an explicit ``Delete``). A bucket with
CDK's auto-delete-objects custom resource is also emptied before deletion.

**Why.** Deleting the stack, or a change that replaces the resource, destroys the data with no way back.

**Fix.** ``removal_policy=RemovalPolicy.RETAIN`` (or ``SNAPSHOT`` for RDS), ideally chosen per environment
(``DESTROY`` only for short-lived dev stacks), and drop ``auto_delete_objects=True`` outside dev.

Reference: cfn-lint's ``data/AdditionalSpecs/StatefulResources.json`` lists the stateful types; queues, streams,
caches and secrets are left out here because their data is transient or, for secrets, recoverable during the
deletion recovery window.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import deletion_policy, refers_to, render_text
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP041",
    category=Category.DEPLOYMENT,
    severity=Severity.MEDIUM,
    title="Stateful resource is deleted with the stack",
    impact="Deleting or replacing the stack destroys the data in this resource permanently.",
    fix="Use RemovalPolicy.RETAIN (SNAPSHOT for databases), at least for production environments.",
    target=Target.TEMPLATE,
    keywords=(
        "removal policy",
        "removalpolicy",
        "destroy",
        "deletion policy",
        "retain",
        "data loss",
        "auto delete",
        "auto_delete_objects",
        "snapshot",
    ),
    doc=(__doc__ or "").strip(),
)

STATEFUL_TYPES = (
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::S3::Bucket",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::DocDB::DBCluster",
    "AWS::Neptune::DBCluster",
    "AWS::Redshift::Cluster",
    "AWS::EFS::FileSystem",
    "AWS::FSx::FileSystem",
    "AWS::EC2::Volume",
    "AWS::OpenSearchService::Domain",
    "AWS::Elasticsearch::Domain",
    "AWS::KMS::Key",
    "AWS::Cognito::UserPool",
    "AWS::Backup::BackupVault",
    "AWS::QLDB::Ledger",
)

_AUDIT_NAME = re.compile(r"audit|cloudtrail|trail|flow|access", re.IGNORECASE)
_AUTO_DELETE = "Custom::S3AutoDeleteObjects"


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of(*STATEFUL_TYPES, "AWS::Logs::LogGroup"):
        rtype = resource["Type"]
        policy, written = deletion_policy(resource)
        if policy != "Delete":
            continue
        if rtype == "AWS::RDS::DBInstance" and "DBClusterIdentifier" in Template.props(resource):
            continue  # the cluster holds the data
        if rtype == "AWS::Logs::LogGroup" and not _holds_audit_data(template, logical_id, resource):
            continue
        how = "DeletionPolicy Delete" if written else "no DeletionPolicy (CloudFormation deletes it by default)"
        message = f"{rtype} {logical_id} holds data but has {how}: deleting the stack destroys it"
        if rtype == "AWS::S3::Bucket" and _has_auto_delete(template, logical_id):
            message += ", and the auto-delete-objects custom resource empties it first"
        yield Hit(logical_id, message + ".", evidence=f"DeletionPolicy: {resource.get('DeletionPolicy', '(absent)')}")


def _holds_audit_data(template: Template, logical_id: str, resource: dict[str, Any]) -> bool:
    name = render_text(Template.props(resource).get("LogGroupName")) or ""
    if _AUDIT_NAME.search(name) or _AUDIT_NAME.search(logical_id):
        return True
    for _, other in template.resources_of("AWS::EC2::FlowLog", "AWS::CloudTrail::Trail"):
        if refers_to(Template.props(other), logical_id):
            return True
    return False


def _has_auto_delete(template: Template, bucket_id: str) -> bool:
    return any(
        refers_to(Template.props(r).get("BucketName"), bucket_id) for _, r in template.resources_of(_AUTO_DELETE)
    )
