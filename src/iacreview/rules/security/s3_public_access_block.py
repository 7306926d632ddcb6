"""SEC001 — S3 bucket without the full public-access block.

**What.** An ``AWS::S3::Bucket`` whose ``PublicAccessBlockConfiguration`` does not set all four flags
(``BlockPublicAcls``, ``BlockPublicPolicy``, ``IgnorePublicAcls``, ``RestrictPublicBuckets``) to true.

**Why.** Without the block, one ACL or bucket-policy change can make the data public. S3 turns the block on for new
buckets by default, so a bucket that omits the property is reported at medium severity; one that turns flags
off explicitly is reported high.

**Fix.** ``block_public_access=s3.BlockPublicAccess.BLOCK_ALL`` (serve public content through CloudFront with an
origin access control instead).
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_bool, is_intrinsic
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC001",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="S3 bucket without full public access block",
    impact="A single ACL or policy change can expose the bucket's objects to the internet.",
    fix="Set block_public_access=s3.BlockPublicAccess.BLOCK_ALL on the bucket.",
    target=Target.TEMPLATE,
    keywords=(
        "public access",
        "block public",
        "block_public_access",
        "publicly accessible",
        "public bucket",
        "s3 bucket security",
    ),
    doc=(__doc__ or "").strip(),
)

FLAGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::S3::Bucket"):
        block = Template.props(resource).get("PublicAccessBlockConfiguration")
        if block is None:
            yield Hit(
                logical_id,
                f"S3 bucket {logical_id} has no PublicAccessBlockConfiguration.",
                severity=Severity.MEDIUM,
                evidence="PublicAccessBlockConfiguration: (absent)",
            )
            continue
        if is_intrinsic(block) or not isinstance(block, dict):
            continue
        values = {flag: block.get(flag) for flag in FLAGS}
        if any(is_intrinsic(v) for v in values.values()):
            continue
        off = [flag for flag, v in values.items() if cfn_bool(v) is not True]
        if off:
            yield Hit(
                logical_id,
                f"S3 bucket {logical_id} does not block public access fully: {', '.join(off)} not true.",
                evidence=", ".join(f"{f}: {values[f]}" for f in off),
            )
