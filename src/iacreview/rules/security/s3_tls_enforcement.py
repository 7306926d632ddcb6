"""SEC002 — S3 bucket does not enforce TLS.

**What.** An ``AWS::S3::Bucket`` with no ``AWS::S3::BucketPolicy`` (whose ``Bucket`` refers to it) that denies
requests where ``aws:SecureTransport`` is false (or ``s3:TlsVersion`` is too low).

**Why.** Without the deny, clients can read and write objects over plain HTTP, exposing data and credentials to
anyone on the path.

**Fix.** ``enforce_ssl=True`` on ``s3.Bucket`` (CDK adds the deny statement), or a bucket policy statement
``Effect: Deny, Principal: *, Action: s3:*, Condition: {Bool: {aws:SecureTransport: false}}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import as_list, cfn_bool, get_path, iter_policy_statements, refers_to
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC002",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    title="S3 bucket without TLS enforcement",
    impact="Objects can be read and written over unencrypted HTTP.",
    fix="Set enforce_ssl=True on the bucket (a Deny on aws:SecureTransport=false).",
    target=Target.TEMPLATE,
    keywords=("enforce_ssl", "ssl", "tls", "securetransport", "https only", "encryption in transit", "in transit"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    enforced_policies = {
        st.logical_id
        for st in iter_policy_statements(template)
        if st.resource_type == "AWS::S3::BucketPolicy" and st.effect == "Deny" and _denies_plain_http(st.statement)
    }
    for logical_id, _resource in template.resources_of("AWS::S3::Bucket"):
        policies = [
            pid
            for pid, p in template.resources_of("AWS::S3::BucketPolicy")
            if refers_to(Template.props(p).get("Bucket"), logical_id)
        ]
        if not any(pid in enforced_policies for pid in policies):
            where = "its bucket policy does not" if policies else "it has no bucket policy that would"
            yield Hit(
                logical_id,
                f"S3 bucket {logical_id} accepts plain HTTP: {where} deny aws:SecureTransport=false.",
                evidence="aws:SecureTransport deny: (absent)",
            )


def _denies_plain_http(statement: dict[str, Any]) -> bool:
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return False
    for value in as_list(get_path(condition, "Bool", "aws:SecureTransport")):
        if cfn_bool(value) is False:
            return True
    return get_path(condition, "NumericLessThan", "s3:TlsVersion") is not None
