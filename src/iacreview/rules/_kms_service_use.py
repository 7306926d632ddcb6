"""Whether a KMS key of the template lets an AWS service use it (shared by DEP050 and DEP051).

A service that encrypts with a customer managed key (CloudWatch Logs for a log group, CloudTrail for a trail) acts
as itself, so the key's own policy must name its service principal; the account-root statement CDK writes does not
cover it.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.rules.template_helpers import (
    RESOURCE_POLICY,
    PolicyStatement,
    action_matches,
    as_list,
    iter_policy_statements,
    only_resource_of_type,
    render_text,
)
from iacreview.template.model import Template


def _services(statement: PolicyStatement) -> list[str] | None:
    """The principal's service names as text; None when the principal is open to all or not literal enough."""
    principal = statement.statement.get("Principal")
    if principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*"):
        return None
    if not isinstance(principal, dict):
        return []
    texts = [render_text(value, placeholder="x") for value in as_list(principal.get("Service"))]
    return None if any(text is None for text in texts) else [t for t in texts if t]


def lets_service_use(statement: PolicyStatement, service_prefix: str, needed: tuple[str, ...]) -> bool | None:
    """True when the statement allows the service every needed action; None when that cannot be told."""
    if not statement.is_allow:
        return False
    services = _services(statement)
    if services is None:
        return None
    if not any(s.startswith(service_prefix) for s in services):
        return False
    if len(statement.literal_actions()) != len(statement.actions):
        return None
    return all(any(action_matches(granted, action) for granted in statement.literal_actions()) for action in needed)


def keys_denied_to(template: Template, resource_type: str, key_property: str, service_prefix: str,
                   needed: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(resource, key) for each resource of ``resource_type`` encrypted with a template key whose policy does not
    let the service use it (no statement that could be read as allowing it)."""
    statements: dict[str, list[PolicyStatement]] = {}
    for statement in iter_policy_statements(template, kinds=[RESOURCE_POLICY]):
        if statement.resource_type == "AWS::KMS::Key":
            statements.setdefault(statement.logical_id, []).append(statement)
    for logical_id, resource in template.resources_of(resource_type):
        key_id = only_resource_of_type(Template.props(resource).get(key_property), template, "AWS::KMS::Key")
        if key_id is None:
            continue
        verdicts = [lets_service_use(s, service_prefix, needed) for s in statements.get(key_id, [])]
        if not any(v is None or v for v in verdicts):
            yield logical_id, key_id
