"""SEC008 — Secrets Manager secret without a customer-managed KMS key.

**What.** An ``AWS::SecretsManager::Secret`` without ``KmsKeyId`` (or with ``alias/aws/secretsmanager``).

**Why.** The AWS managed key's policy cannot be restricted, so anyone in the account with
``secretsmanager:GetSecretValue`` can decrypt; the secret also cannot be shared with another account. A
customer-managed key adds a second, auditable gate and allows rotation control.

**Fix.** ``secretsmanager.Secret(self, "DbSecret", encryption_key=kms.Key(self, "SecretKey",
enable_key_rotation=True))`` (``rds.Credentials.from_generated_secret("admin", encryption_key=key)`` for RDS).
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import render_text
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC008",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    title="Secret without customer-managed KMS key",
    impact="The secret is encrypted with the AWS managed key, whose policy cannot be restricted or audited.",
    fix="Encrypt the secret with a customer-managed KMS key (encryption_key=kms.Key(...)).",
    target=Target.TEMPLATE,
    keywords=("secrets manager", "secret", "kms", "encryption", "encrypted", "customer-managed", "encryption key"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::SecretsManager::Secret"):
        key = Template.props(resource).get("KmsKeyId")
        if key is None:
            yield Hit(
                logical_id,
                f"Secret {logical_id} uses the AWS managed key (no KmsKeyId).",
                evidence="KmsKeyId: (absent)",
            )
        elif (render_text(key) or "").endswith("alias/aws/secretsmanager"):
            yield Hit(
                logical_id,
                f"Secret {logical_id} uses the AWS managed key alias/aws/secretsmanager.",
                evidence="KmsKeyId: alias/aws/secretsmanager",
            )
