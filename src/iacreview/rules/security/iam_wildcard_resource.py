"""SEC004 — IAM policy grants data actions on every resource.

**What.** An identity policy statement with ``Effect: Allow``, ``Resource: "*"`` (or an ARN wildcarding every
resource of a service, such as ``arn:aws:s3:::*``) and an action that reads or changes data: S3 object actions,
DynamoDB item/query/scan actions, SQS send/receive/delete, SNS publish, Secrets Manager ``GetSecretValue``, KMS
``Decrypt``/``GenerateDataKey``, SSM ``GetParameter*``, Lambda ``InvokeFunction``, Kinesis records ...
Actions that only support ``*`` (``xray:PutTraceSegments``, ``logs:CreateLogGroup``, ``ec2:Describe*``,
``cloudwatch:PutMetricData``) are not reported. A statement with a ``Condition`` is left to review.

**Why.** The role can read or change the data of every bucket, table, queue or secret in the account, not just
the ones the application uses.

**Fix.** Scope ``Resource`` to the ARNs used (``table.table_arn``, ``f"{bucket.bucket_arn}/*"``) or use CDK grant
methods (``table.grant_read_write_data(fn)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import IDENTITY_POLICY, action_matches, iter_policy_statements, render_text
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC004",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="IAM policy with wildcard resource for data actions",
    impact="The role can read or change data in every bucket/table/queue/secret of the account.",
    fix="Scope Resource to the specific ARNs, or use CDK grant methods.",
    target=Target.TEMPLATE,
    keywords=(
        "wildcard resource",
        "resource *",
        "least privilege",
        "overly permissive",
        "all resources",
        "scope permissions",
        "restrict iam",
    ),
    doc=(__doc__ or "").strip(),
)

DATA_ACTIONS = (
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:ListBucket",
    "s3:PutObjectAcl",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:GetRecords",
    "sqs:SendMessage",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:PurgeQueue",
    "sqs:ChangeMessageVisibility",
    "sns:Publish",
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:PutParameter",
    "lambda:InvokeFunction",
    "kinesis:PutRecord",
    "kinesis:PutRecords",
    "kinesis:GetRecords",
    "firehose:PutRecord",
    "firehose:PutRecordBatch",
    "rds-data:ExecuteStatement",
    "rds-db:connect",
    "states:StartExecution",
    "events:PutEvents",
    "elasticfilesystem:ClientWrite",
)

# An ARN that names every resource of a service: arn:aws:s3:::*, arn:aws:dynamodb:*:*:table/*, ...:secret:* ...
_ALL_OF_SERVICE = re.compile(r"^arn:[^:]+:[^:]+:[^:]*:[^:]*:(\*|\*/\*|[a-z-]+/\*|[a-z-]+:\*)$")


def check(template: Template, config: Config) -> Iterator[Hit]:
    for st in iter_policy_statements(template, kinds=[IDENTITY_POLICY]):
        if not st.is_allow or st.has_condition:
            continue
        wide = [r for r in st.resources if _is_wildcard(r)]
        if not wide:
            continue
        data = sorted({a for a in st.literal_actions() if any(action_matches(a, d) for d in DATA_ACTIONS)})
        if data:
            shown = render_text(wide[0]) or "*"
            yield Hit(
                st.logical_id,
                f"{st.resource_type} {st.logical_id} allows {', '.join(data)} on "
                f"Resource '{shown}' (statement {st.index + 1}).",
                evidence=f"{', '.join(data)} on {shown}",
            )


def _is_wildcard(resource: Any) -> bool:
    if resource == "*":
        return True
    text = render_text(resource, placeholder="x")
    return bool(text and _ALL_OF_SERVICE.match(text))
