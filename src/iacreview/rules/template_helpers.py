"""Shared helpers for template rules: reading CloudFormation values that may be intrinsic functions.

A template value is either a literal (string, number, bool, list, dict) or an intrinsic function
(``{"Ref": ...}``, ``{"Fn::GetAtt": ...}``, ``{"Fn::Sub": ...}``, ``{"Fn::Join": ...}`` ...). Rules must not treat an
intrinsic as "missing" or as a literal, so every helper here is intrinsic-aware. CloudFormation also accepts
strings for booleans and numbers (``"true"``, ``"7"``); :func:`cfn_bool` and :func:`cfn_int` read both forms.

This module is a stable interface shared by every template rule: add functions, do not change signatures.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.template.model import Template

__all__ = [
    "IDENTITY_POLICY",
    "RESOURCE_POLICY",
    "PolicyStatement",
    "action_matches",
    "as_list",
    "cfn_bool",
    "cfn_int",
    "deletion_policy",
    "get_path",
    "intrinsic_name",
    "is_intrinsic",
    "is_literal_string",
    "iter_policy_statements",
    "lambda_env_vars",
    "literal_string",
    "logical_ids_in",
    "only_resource_of_type",
    "referencing_resources",
    "refers_to",
    "render_text",
]

IDENTITY_POLICY = "identity"
RESOURCE_POLICY = "resource"

# CloudFormation's default when a resource has no DeletionPolicy: Delete, except RDS clusters and (stand-alone)
# instances, which default to Snapshot.
_SNAPSHOT_BY_DEFAULT = ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance")


# --------------------------------------------------------------------------------------------------- intrinsics
def intrinsic_name(value: Any) -> str | None:
    """``"Ref"`` / ``"Fn::Sub"`` / ``"Condition"`` ... when ``value`` is a one-key intrinsic dict, else None."""
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::") or key == "Condition"):
            return key
    return None


def is_intrinsic(value: Any) -> bool:
    return intrinsic_name(value) is not None


def literal_string(value: Any) -> str | None:
    """The string when ``value`` is a plain literal string (no intrinsic), else None."""
    return value if isinstance(value, str) else None


def is_literal_string(value: Any) -> bool:
    return isinstance(value, str)


def render_text(value: Any, placeholder: str = "${{{}}}") -> str | None:
    """Best-effort text of a string-valued expression: literals, ``Fn::Join``, ``Fn::Sub`` and ``Ref``/``GetAtt``
    rendered as ``placeholder`` formatted with the referenced name (``${Bucket}``, ``${AWS::Region}``).

    Returns None for values that cannot be rendered as text (``Fn::If``, ``Fn::ImportValue`` of a computed name,
    non-string literals). Used to search names and ARNs whether written as a literal or built by ``Fn::Join``.
    """
    if isinstance(value, str):
        return value
    name = intrinsic_name(value)
    if name is None:
        return None
    arg = value[name]
    if name == "Ref" and isinstance(arg, str):
        return placeholder.format(arg)
    if name == "Fn::GetAtt":
        parts = arg.split(".", 1) if isinstance(arg, str) else arg
        if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
            return placeholder.format(".".join(parts))
        return None
    if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
        items = arg[1]
        if not isinstance(items, list):
            return None
        rendered = [render_text(item, placeholder) for item in items]
        if any(r is None for r in rendered):
            return None
        return arg[0].join(r for r in rendered if r is not None)
    if name == "Fn::Sub":
        template = arg[0] if isinstance(arg, list) and arg else arg
        if not isinstance(template, str):
            return None
        return re.sub(r"\$\{(?!!)([^}]+)\}", lambda m: placeholder.format(m.group(1)), template)
    return None


def logical_ids_in(value: Any) -> set[str]:
    """Names referenced anywhere in ``value`` by ``Ref``, ``Fn::GetAtt`` or ``${X}`` / ``${X.Attr}`` in ``Fn::Sub``.

    Pseudo parameters (``AWS::Region``) are included as written; callers compare against logical ids.
    """
    found: set[str] = set()
    _collect_refs(value, found)
    return found


def _collect_refs(value: Any, found: set[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect_refs(item, found)
        return
    if not isinstance(value, dict):
        return
    for key, arg in value.items():
        if key == "Ref" and isinstance(arg, str):
            found.add(arg)
        elif key == "Fn::GetAtt":
            if isinstance(arg, list) and arg and isinstance(arg[0], str):
                found.add(arg[0])
            elif isinstance(arg, str):
                found.add(arg.split(".", 1)[0])
        elif key == "Fn::Sub":
            template = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(template, str):
                for match in re.finditer(r"\$\{(?!!)([^}.]+)(?:\.[^}]*)?\}", template):
                    found.add(match.group(1))
            if isinstance(arg, list) and len(arg) > 1:
                _collect_refs(arg[1], found)
        else:
            _collect_refs(arg, found)


def only_resource_of_type(value: Any, template: Template, resource_type: str) -> str | None:
    """The one resource of ``resource_type`` in the template that ``value`` refers to (a log group's
    ``KmsKeyId: {Fn::GetAtt: [Key, Arn]}``); None when it refers to none or to several."""
    found = [lid for lid in logical_ids_in(value)
             if isinstance(template.resources.get(lid), dict) and template.resources[lid].get("Type") == resource_type]
    return found[0] if len(found) == 1 else None


def refers_to(value: Any, logical_id: str) -> bool:
    """Does ``value`` reference ``logical_id`` (Ref, GetAtt, or Sub placeholder)?"""
    return logical_id in logical_ids_in(value)


def referencing_resources(
    template: Template, logical_id: str, *types: str, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Resources (optionally of ``types``) whose properties (or the sub-value at ``path`` under Properties)
    reference ``logical_id``. Example: the ``AWS::EC2::FlowLog`` whose ``ResourceId`` refs a VPC."""
    for other_id, resource in template.resources.items():
        if other_id == logical_id or not isinstance(resource, dict):
            continue
        if types and resource.get("Type") not in types:
            continue
        value = get_path(Template.props(resource), *path) if path else Template.props(resource)
        if refers_to(value, logical_id):
            yield other_id, resource


# --------------------------------------------------------------------------------------------------- values
def get_path(value: Any, *keys: str | int) -> Any:
    """``value[k1][k2]...`` or None when any step is missing or of the wrong kind."""
    current = value
    for key in keys:
        if isinstance(key, int):
            if not isinstance(current, list) or not -len(current) <= key < len(current):
                return None
            current = current[key]
        else:
            if not isinstance(current, dict):
                return None
            current = current.get(key)
    return current


def as_list(value: Any) -> list[Any]:
    """IAM and CloudFormation accept a single item where a list is expected; normalise to a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def cfn_bool(value: Any) -> bool | None:
    """True/False for a literal boolean (or ``"true"``/``"false"`` string), None when absent or an intrinsic."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def cfn_int(value: Any) -> int | None:
    """The integer of a literal number or numeric string, None when absent, an intrinsic or not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def deletion_policy(resource: dict[str, Any]) -> tuple[str, bool]:
    """(effective DeletionPolicy, whether it was written). An intrinsic DeletionPolicy is reported as ``"?"``."""
    value = resource.get("DeletionPolicy")
    if isinstance(value, str):
        return value, True
    if value is not None:
        return "?", True
    if resource.get("Type") == "AWS::RDS::DBCluster":
        return "Snapshot", False
    if resource.get("Type") == "AWS::RDS::DBInstance":
        in_cluster = "DBClusterIdentifier" in Template.props(resource)
        return ("Delete" if in_cluster else "Snapshot"), False
    return "Delete", False


def lambda_env_vars(resource: dict[str, Any]) -> dict[str, Any]:
    """``Environment.Variables`` of an ``AWS::Lambda::Function`` (or Serverless function), {} when absent."""
    variables = get_path(Template.props(resource), "Environment", "Variables")
    return variables if isinstance(variables, dict) else {}


# --------------------------------------------------------------------------------------------------- IAM policies
@dataclass(frozen=True)
class PolicyStatement:
    """One statement of a policy document in the template.

    ``logical_id`` is the resource holding the document (the Role for inline ``Policies``, the Policy, the
    BucketPolicy ...). ``kind`` is ``"identity"`` (IAM Policy / ManagedPolicy / Role / User / Group inline) or
    ``"resource"`` (bucket, queue, topic and KMS key policies). ``policy_name`` is the inline policy name when known.
    """

    logical_id: str
    resource_type: str
    kind: str
    index: int
    statement: dict[str, Any]
    policy_name: str | None = None

    @property
    def effect(self) -> str | None:
        effect = self.statement.get("Effect")
        return effect if isinstance(effect, str) else None

    @property
    def is_allow(self) -> bool:
        return self.effect == "Allow"

    @property
    def actions(self) -> list[Any]:
        return as_list(self.statement.get("Action"))

    @property
    def not_actions(self) -> list[Any]:
        return as_list(self.statement.get("NotAction"))

    @property
    def resources(self) -> list[Any]:
        return as_list(self.statement.get("Resource"))

    @property
    def has_condition(self) -> bool:
        return bool(self.statement.get("Condition"))

    def literal_actions(self) -> list[str]:
        return [a for a in self.actions if isinstance(a, str)]


# (resource type, kind, where the document(s) sit under Properties)
_DOCUMENT_LOCATIONS: tuple[tuple[str, str, str], ...] = (
    ("AWS::IAM::Policy", IDENTITY_POLICY, "PolicyDocument"),
    ("AWS::IAM::ManagedPolicy", IDENTITY_POLICY, "PolicyDocument"),
    ("AWS::IAM::RolePolicy", IDENTITY_POLICY, "PolicyDocument"),
    ("AWS::IAM::UserPolicy", IDENTITY_POLICY, "PolicyDocument"),
    ("AWS::IAM::GroupPolicy", IDENTITY_POLICY, "PolicyDocument"),
    ("AWS::IAM::Role", IDENTITY_POLICY, "Policies"),
    ("AWS::IAM::User", IDENTITY_POLICY, "Policies"),
    ("AWS::IAM::Group", IDENTITY_POLICY, "Policies"),
    ("AWS::S3::BucketPolicy", RESOURCE_POLICY, "PolicyDocument"),
    ("AWS::SQS::QueuePolicy", RESOURCE_POLICY, "PolicyDocument"),
    ("AWS::SNS::TopicPolicy", RESOURCE_POLICY, "PolicyDocument"),
    ("AWS::KMS::Key", RESOURCE_POLICY, "KeyPolicy"),
)


def iter_policy_statements(template: Template, *, kinds: Iterable[str] | None = None) -> Iterator[PolicyStatement]:
    """Every statement of every policy document in the template (optionally only of ``kinds``).

    Covers AWS::IAM::Policy / ManagedPolicy / RolePolicy / UserPolicy / GroupPolicy, inline ``Policies`` of
    Role / User / Group, and the resource policies of buckets, queues, topics and KMS keys. Statements that are not
    dicts (an ``Fn::If`` around a statement, say) are skipped.
    """
    wanted = set(kinds) if kinds is not None else None
    for logical_id, resource in template.resources.items():
        if not isinstance(resource, dict):
            continue
        rtype = resource.get("Type")
        for loc_type, kind, key in _DOCUMENT_LOCATIONS:
            if rtype != loc_type or (wanted is not None and kind not in wanted):
                continue
            props = Template.props(resource)
            if key == "Policies":
                for policy in as_list(props.get("Policies")):
                    name = get_path(policy, "PolicyName")
                    document = get_path(policy, "PolicyDocument")
                    yield from _statements(logical_id, loc_type, kind, document, _str_or_none(name))
            else:
                name = props.get("PolicyName") or props.get("ManagedPolicyName")
                yield from _statements(logical_id, loc_type, kind, props.get(key), _str_or_none(name))


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _statements(logical_id: str, rtype: str, kind: str, document: Any, name: str | None) -> Iterator[PolicyStatement]:
    for index, statement in enumerate(as_list(get_path(document, "Statement"))):
        if isinstance(statement, dict) and not is_intrinsic(statement):
            yield PolicyStatement(logical_id, rtype, kind, index, statement, name)


def action_matches(pattern: str, action: str) -> bool:
    """Does the IAM action ``pattern`` (``s3:Get*``, ``*``) cover ``action``? Case-insensitive, as IAM is."""
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())
