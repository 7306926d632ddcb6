"""DEP050 — Log group encrypted with a KMS key whose policy does not let CloudWatch Logs use it.

**What.** An ``AWS::Logs::LogGroup`` whose ``KmsKeyId`` is a key of the same template, while no statement of that
key's ``KeyPolicy`` allows the CloudWatch Logs service principal (``logs.<region>.amazonaws.com``) to use it
(``kms:Encrypt*``, ``kms:GenerateDataKey*`` or a wildcard over them). A key from outside the template, or a policy
statement whose actions or principal are not literal, is not judged.

**Why.** CloudWatch Logs encrypts with the key as itself, not as the stack's role, and the account-root statement
CDK writes does not cover a service. Creating the log group fails ("The specified KMS key does not exist or is not
allowed to be used with Arn ...") and the stack rolls back.

**Fix.** ``key.grant_encrypt_decrypt(iam.ServicePrincipal(f"logs.{self.region}.amazonaws.com"))`` or
``key.add_to_resource_policy(...)`` with that principal and ``kms:Encrypt*``, ``kms:Decrypt*``,
``kms:ReEncrypt*``, ``kms:GenerateDataKey*`` and ``kms:Describe*``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import (
    RESOURCE_POLICY,
    PolicyStatement,
    action_matches,
    as_list,
    iter_policy_statements,
    logical_ids_in,
    render_text,
)
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP050",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="Log group encrypted with a KMS key CloudWatch Logs may not use",
    impact="Creating the log group fails (the key is 'not allowed to be used'), and the stack rolls back.",
    fix="Allow the logs.<region>.amazonaws.com service principal in the key policy "
        "(key.grant_encrypt_decrypt(iam.ServicePrincipal(...))).",
    target=Target.TEMPLATE,
    keywords=("CloudWatch Logs service principal", "logs service principal", "not allowed to be used with Arn",
              "key policy for CloudWatch Logs", "logs.amazonaws.com"),
    doc=(__doc__ or "").strip(),
)
NEEDED = ("kms:Encrypt", "kms:GenerateDataKey")


def _principal_texts(statement: PolicyStatement) -> list[str] | None:
    """The principal's service names as text; None when the principal is not written literally enough to judge."""
    principal = statement.statement.get("Principal")
    if principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*"):
        return None  # every principal (usually with conditions): left to review
    if not isinstance(principal, dict):
        return []
    texts = [render_text(value, placeholder="x") for value in as_list(principal.get("Service"))]
    return None if any(text is None for text in texts) else [t for t in texts if t]


def _lets_logs_use(statement: PolicyStatement) -> bool | None:
    if not statement.is_allow:
        return False
    services = _principal_texts(statement)
    if services is None:
        return None
    if not any(s.startswith("logs.") for s in services):
        return False
    if len(statement.literal_actions()) != len(statement.actions):
        return None
    return all(any(action_matches(granted, needed) for granted in statement.literal_actions()) for needed in NEEDED)


def _key_of(log_group: dict[str, Any], template: Template) -> str | None:
    keys = [lid for lid in logical_ids_in(Template.props(log_group).get("KmsKeyId"))
            if isinstance(template.resources.get(lid), dict) and template.resources[lid].get("Type") == "AWS::KMS::Key"]
    return keys[0] if len(keys) == 1 else None


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    key_statements: dict[str, list[PolicyStatement]] = {}
    for statement in iter_policy_statements(template, kinds=[RESOURCE_POLICY]):
        if statement.resource_type == "AWS::KMS::Key":
            key_statements.setdefault(statement.logical_id, []).append(statement)
    for logical_id, log_group in template.resources_of("AWS::Logs::LogGroup"):
        key_id = _key_of(log_group, template)
        if key_id is None:
            continue
        verdicts = [_lets_logs_use(s) for s in key_statements.get(key_id, [])]
        if any(v is None or v for v in verdicts):
            continue
        yield Hit(logical_id, f"Log group {logical_id} is encrypted with KMS key {key_id}, whose key policy does not "
                  "allow the CloudWatch Logs service principal (logs.<region>.amazonaws.com) to use it: creating the "
                  "log group fails.", evidence=f"KmsKeyId: {key_id}")
