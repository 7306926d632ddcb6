"""DEP048 — S3 replication role without the replication actions.

**What.** An ``AWS::S3::Bucket`` whose ``ReplicationConfiguration`` names a role of the template, while no policy
of that role (its inline ``Policies``, and the ``AWS::IAM::Policy``, ``ManagedPolicy`` and ``RolePolicy`` resources
attached to it) allows ``s3:GetObjectVersionForReplication`` on the source or ``s3:ReplicateObject`` on the
destination (a wildcard that covers them counts). A role with AWS managed policies attached, or a role from outside
the template, is not judged.

**Why.** The stack deploys, but S3 cannot read the versions it must copy or write them to the destination: nothing
is replicated. ``bucket.grant_read(role)`` and ``grant_write`` do not include the replication actions.

**Fix.** Add a statement with ``s3:GetReplicationConfiguration`` and ``s3:ListBucket`` on the source bucket,
``s3:GetObjectVersionForReplication``, ``s3:GetObjectVersionAcl`` and ``s3:GetObjectVersionTagging`` on its objects,
and ``s3:ReplicateObject``, ``s3:ReplicateDelete`` and ``s3:ReplicateTags`` on the destination's objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import (
    IDENTITY_POLICY,
    PolicyStatement,
    action_matches,
    iter_policy_statements,
    logical_ids_in,
    refers_to,
)
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP048",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="S3 replication role without the replication actions",
    impact="The stack deploys, but S3 cannot read or write the object versions it must copy: nothing replicates.",
    fix="Give the replication role s3:GetObjectVersionForReplication (source) and s3:ReplicateObject "
        "(destination), with the other replication actions.",
    target=Target.TEMPLATE,
    keywords=("s3:ReplicateObject", "GetObjectVersionForReplication", "replication permissions", "ReplicateObject",
              "replication role permissions"),
    doc=(__doc__ or "").strip(),
)
NEEDED = ("s3:GetObjectVersionForReplication", "s3:ReplicateObject")


def _role_id(role: Any, template: Template) -> str | None:
    """The logical id of the template's role the replication names (``Fn::GetAtt [Role, Arn]``); None otherwise."""
    named = [lid for lid in logical_ids_in(role) if lid in template.resources]
    return named[0] if len(named) == 1 else None


def _role_statements(template: Template, role_id: str) -> list[PolicyStatement] | None:
    """Every identity-policy statement of the role: its inline ``Policies`` and the policies attached to it (by
    ``Roles`` or ``RoleName``); None when an AWS managed policy (unseen) is attached."""
    if Template.props(template.resources[role_id]).get("ManagedPolicyArns"):
        return None
    out: list[PolicyStatement] = []
    for statement in iter_policy_statements(template, kinds=[IDENTITY_POLICY]):
        holder = Template.props(template.resources[statement.logical_id])
        if statement.logical_id == role_id or refers_to([holder.get("Roles"), holder.get("RoleName")], role_id):
            out.append(statement)
    return out


def _allowed(statements: list[PolicyStatement], action: str) -> bool | None:
    """Whether some Allow statement names the action (or a wildcard over it); None when an action is not a string."""
    for statement in statements:
        if not statement.is_allow:
            continue
        if len(statement.literal_actions()) != len(statement.actions):
            return None
        if any(action_matches(granted, action) for granted in statement.literal_actions()):
            return True
    return False


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    for logical_id, resource in template.resources_of("AWS::S3::Bucket"):
        replication = Template.props(resource).get("ReplicationConfiguration")
        if not isinstance(replication, dict):
            continue
        role_id = _role_id(replication.get("Role"), template)
        if role_id is None or template.resources[role_id].get("Type") != "AWS::IAM::Role":
            continue
        statements = _role_statements(template, role_id)
        if statements is None:
            continue
        verdicts = {action: _allowed(statements, action) for action in NEEDED}
        if any(v is None for v in verdicts.values()):
            continue
        missing = [action for action, allowed in verdicts.items() if not allowed]
        if missing:
            yield Hit(logical_id, f"Bucket {logical_id} replicates with role {role_id}, whose policies allow no "
                      f"{' or '.join(missing)}: S3 cannot replicate its objects (grant_read / grant_write do not "
                      "include the replication actions).", evidence=", ".join(missing))
