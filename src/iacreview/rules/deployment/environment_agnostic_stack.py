"""DEP046 — stack synthesized without an explicit account and region.

**What.** A synthesized stack whose environment is ``aws://unknown-account/...`` or ``aws://.../unknown-region``:
the app did not pass ``env=Environment(account=..., region=...)`` (nor ``CDK_DEFAULT_ACCOUNT``/``REGION``).

**Why.** An environment-agnostic stack cannot use context lookups (``Vpc.from_lookup``, hosted zones), cannot
know its availability zones (CDK assumes two), and leaves the region to whatever profile deploys it, which makes
deployments land in the wrong region.

**Fix.** ``TapStack(app, "TapStack", env=cdk.Environment(account=os.getenv("CDK_DEFAULT_ACCOUNT"),
region=os.getenv("CDK_DEFAULT_REGION")))`` or explicit values per environment.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP046",
    category=Category.DEPLOYMENT,
    severity=Severity.INFO,
    title="Stack without explicit account/region",
    impact="Lookups and AZ-aware constructs cannot work, and the target region depends on the deployer's profile.",
    fix="Pass env=Environment(account=..., region=...) to the stack.",
    target=Target.TEMPLATE,
    keywords=("environment agnostic", "region", "account", "env=", "explicit region", "set region"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    env = template.environment
    if not template.synthesized or not env:
        return
    missing = [what for what in ("account", "region") if f"unknown-{what}" in env]
    if missing:
        yield Hit(
            None,
            f"Stack {template.name} was synthesized without an explicit {' and '.join(missing)} ({env}).",
            evidence=env,
        )
