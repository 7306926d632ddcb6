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

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._kms_service_use import keys_denied_to
from iacreview.rules.base import Hit
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


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    for logical_id, key_id in keys_denied_to(template, "AWS::Logs::LogGroup", "KmsKeyId", "logs.", NEEDED):
        yield Hit(logical_id, f"Log group {logical_id} is encrypted with KMS key {key_id}, whose key policy does not "
                  "allow the CloudWatch Logs service principal (logs.<region>.amazonaws.com) to use it: creating the "
                  "log group fails.", evidence=f"KmsKeyId: {key_id}")
