"""DEP010 — assignment to a read-only aws_cdk property.

**What.** Setting a property aws-cdk-lib exposes read-only: ``self.region = "us-east-1"``,
``self.account = ...``, ``self.environment = ...`` or ``self.node = ...`` inside a ``Stack`` / ``Construct``
subclass, or ``bucket.bucket_name = "x"`` on a constructed bucket. Attributes the class defines itself (a
property or class attribute of the same name) are left alone.

**Why.** The property has no setter: Python raises ``AttributeError: property 'region' of 'TapStack' object has
no setter`` and the synth fails. Models often store configuration on ``self`` under names the base class owns.

**Fix.** Store the value under another name (``self.deploy_region = ...``), or pass it where CDK expects it
(``env=Environment(region=...)`` for a stack).

**Example.**

    class TapStack(Stack):
        def __init__(self, scope, construct_id, **kwargs):
            super().__init__(scope, construct_id, **kwargs)
            self.environment = "dev"   # property 'environment' of 'TapStack' object has no setter
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.api_checks import READ_ONLY_PROPERTY, hits_for
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id=READ_ONLY_PROPERTY,
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="Assignment to a read-only aws_cdk property",
    impact="Python raises AttributeError (property has no setter) at synth time; the app never deploys.",
    fix="Store the value under a name the CDK class does not define, or pass it through the construct's props.",
    target=Target.SOURCE,
    keywords=("read-only", "read only", "no setter", "can't set attribute", "cannot set", "readonly property",
              "reserved attribute"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    yield from hits_for(ctx, READ_ONLY_PROPERTY)
