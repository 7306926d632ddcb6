"""DEP048 — S3 replication role without the replication actions.

**What.** An ``AWS::S3::Bucket`` whose ``ReplicationConfiguration`` names a role of the template, while no policy
of that role (its inline ``Policies``, the ``AWS::IAM::Policy`` and ``AWS::IAM::ManagedPolicy`` resources attached to
it) allows ``s3:GetObjectVersionForReplication`` on the source or ``s3:ReplicateObject`` on the destination (a
wildcard that covers them counts). A role with AWS managed policies attached, or a role from outside the template,
is not judged.

**Why.** The stack deploys, but S3 cannot read the versions it must copy or write them to the destination: nothing
is replicated. ``bucket.grant_read(role)`` and ``grant_write`` do not include the replication actions.

**Fix.** Add a statement with ``s3:GetReplicationConfiguration`` and ``s3:ListBucket`` on the source bucket,
``s3:GetObjectVersionForReplication``, ``s3:GetObjectVersionAcl`` and ``s3:GetObjectVersionTagging`` on its objects,
and ``s3:ReplicateObject``, ``s3:ReplicateDelete`` and ``s3:ReplicateTags`` on the destination's objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
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
    """The logical id of a role given as ``Fn::GetAtt [Role, Arn]`` or ``Ref``; None for anything else."""
    if isinstance(role, dict) and len(role) == 1:
        if "Fn::GetAtt" in role:
            target = role["Fn::GetAtt"]
            name = target[0] if isinstance(target, list) and target else str(target).split(".")[0]
        else:
            name = role.get("Ref")
        if isinstance(name, str) and name in template.resources:
            return name
    return None


def _statements(document: Any) -> list[dict[str, Any]]:
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    return [s for s in statements or [] if isinstance(s, dict)]


def _role_statements(template: Template, role_id: str) -> list[dict[str, Any]] | None:
    """Every statement of the role's own and attached policies; None when an AWS managed policy (unseen) is attached
    or a statement is not plain data."""
    props = Template.props(template.resources[role_id])
    if props.get("ManagedPolicyArns"):
        return None
    out: list[dict[str, Any]] = []
    for policy in props.get("Policies") or []:
        if isinstance(policy, dict):
            out += _statements(policy.get("PolicyDocument"))
    for _, resource in [*template.resources_of("AWS::IAM::Policy"), *template.resources_of("AWS::IAM::ManagedPolicy")]:
        policy_props = Template.props(resource)
        roles = policy_props.get("Roles")
        if isinstance(roles, list) and {"Ref": role_id} in roles:
            out += _statements(policy_props.get("PolicyDocument"))
    return out


def _allowed(statements: list[dict[str, Any]], action: str) -> bool | None:
    """Whether some Allow statement names the action (or a wildcard over it); None when an action is not a string."""
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        actions = statement.get("Action")
        actions = [actions] if isinstance(actions, str) else actions
        if not isinstance(actions, list):
            return None
        for granted in actions:
            if not isinstance(granted, str):
                return None
            if fnmatchcase(action.lower(), granted.lower()):
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
