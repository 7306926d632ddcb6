"""SEC007 — SNS topic without a customer-managed KMS key.

**What.** An ``AWS::SNS::Topic`` without ``KmsMasterKeyId``, or encrypted with the AWS managed ``alias/aws/sns``.

**Why.** Without server-side encryption, messages are stored unencrypted at rest. The AWS managed key cannot be
used by services that publish through a key policy (CloudWatch alarms, EventBridge, S3 notifications) and its
policy cannot be restricted or audited like a customer-managed key.

**Fix.** ``sns.Topic(self, "Alerts", master_key=kms.Key(self, "TopicKey", enable_key_rotation=True))``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import render_text
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC007",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    title="SNS topic without customer-managed KMS key",
    impact="Messages are stored unencrypted (or with a key whose policy cannot be controlled).",
    fix="Encrypt the topic with a customer-managed KMS key (master_key=kms.Key(...)).",
    target=Target.TEMPLATE,
    keywords=("sns", "encryption", "kms", "encrypt", "encryption at rest", "master key", "customer-managed"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::SNS::Topic"):
        key = Template.props(resource).get("KmsMasterKeyId")
        if key is None:
            yield Hit(
                logical_id,
                f"SNS topic {logical_id} is not encrypted with a KMS key.",
                evidence="KmsMasterKeyId: (absent)",
            )
        elif (render_text(key) or "").endswith("alias/aws/sns"):
            yield Hit(
                logical_id,
                f"SNS topic {logical_id} uses the AWS managed key alias/aws/sns.",
                severity=Severity.LOW,
                evidence="KmsMasterKeyId: alias/aws/sns",
            )
