"""DEP051 — CloudTrail trail encrypted with a KMS key whose policy does not let CloudTrail use it.

**What.** An ``AWS::CloudTrail::Trail`` whose ``KMSKeyId`` is a key of the same template, while no statement of that
key's ``KeyPolicy`` allows the ``cloudtrail.amazonaws.com`` service principal ``kms:GenerateDataKey*`` (or a wildcard
over it). A key from outside the template, or a statement whose actions or principal are not literal, is not
judged.

**Why.** CloudTrail encrypts log files with the key as itself. Without the grant in the key policy, creating the
trail fails with ``InsufficientEncryptionPolicyException`` and the stack rolls back.

**Fix.** ``key.grant(iam.ServicePrincipal("cloudtrail.amazonaws.com"), "kms:GenerateDataKey*", "kms:DescribeKey")``
(conditions on ``aws:SourceArn`` narrow it to the trail), or ``key.add_to_resource_policy(...)`` with the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._kms_service_use import keys_denied_to
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP051",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="CloudTrail trail encrypted with a KMS key CloudTrail may not use",
    impact="Creating the trail fails (InsufficientEncryptionPolicyException), and the stack rolls back.",
    fix="Allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:DescribeKey in the key policy.",
    target=Target.TEMPLATE,
    keywords=("InsufficientEncryptionPolicyException", "cloudtrail.amazonaws.com", "key policy for CloudTrail",
              "CloudTrail service principal"),
    doc=(__doc__ or "").strip(),
)
NEEDED = ("kms:GenerateDataKey",)


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    for logical_id, key_id in keys_denied_to(template, "AWS::CloudTrail::Trail", "KMSKeyId", "cloudtrail.", NEEDED):
        yield Hit(logical_id, f"Trail {logical_id} is encrypted with KMS key {key_id}, whose key policy does not allow "
                  "cloudtrail.amazonaws.com kms:GenerateDataKey*: creating the trail fails.",
                  evidence=f"KMSKeyId: {key_id}")
