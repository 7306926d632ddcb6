"""DEP052 — CloudFront distribution logs to a bucket whose ACLs are disabled.

**What.** An ``AWS::CloudFront::Distribution`` whose ``DistributionConfig.Logging.Bucket`` is a bucket of the same
template that has no ``OwnershipControls`` rule with ``ObjectWriter`` or ``BucketOwnerPreferred``. A bucket without
ownership controls gets ``BucketOwnerEnforced`` since April 2023: ACLs are disabled.

**Why.** CloudFront standard logging writes log files with an ACL. CloudFront rejects a log bucket with ACLs
disabled ("The S3 bucket that you specified for CloudFront logs does not enable ACL access"), so creating the
distribution fails and the stack rolls back.

**Fix.** Give the log bucket ``object_ownership=s3.ObjectOwnership.OBJECT_WRITER`` (or
``BUCKET_OWNER_PREFERRED``), or let ``cloudfront.Distribution(enable_logging=True)`` create its own log bucket.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import as_list, get_path, only_resource_of_type
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP052",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="CloudFront logs to a bucket with ACLs disabled",
    impact="CloudFront rejects the log bucket ('does not enable ACL access'): the distribution and the stack fail to "
           "deploy.",
    fix="Set object_ownership=s3.ObjectOwnership.OBJECT_WRITER on the log bucket.",
    target=Target.TEMPLATE,
    keywords=("does not enable ACL access", "ACLs disabled", "ObjectOwnership", "object_ownership",
              "BucketOwnerEnforced", "ACL access"),
    doc=(__doc__ or "").strip(),
)
ACL_OWNERSHIP = ("ObjectWriter", "BucketOwnerPreferred")


def _allows_acls(bucket: dict[str, object]) -> bool:
    rules = as_list(get_path(Template.props(bucket), "OwnershipControls", "Rules"))
    return any(isinstance(rule, dict) and rule.get("ObjectOwnership") in ACL_OWNERSHIP for rule in rules)


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    for logical_id, distribution in template.resources_of("AWS::CloudFront::Distribution"):
        target = get_path(Template.props(distribution), "DistributionConfig", "Logging", "Bucket")
        bucket = only_resource_of_type(target, template, "AWS::S3::Bucket")
        if bucket is None or _allows_acls(template.resources[bucket]):
            continue
        yield Hit(logical_id, f"Distribution {logical_id} logs to bucket {bucket}, whose ACLs are disabled (no "
                  "ObjectWriter or BucketOwnerPreferred ownership): CloudFront rejects it and the deployment fails.",
                  evidence=f"Logging.Bucket: {bucket}")
