"""PERF003 — CloudFront behaviour without a cache policy.

**What.** A cache behaviour of an ``AWS::CloudFront::Distribution`` (the default one or an entry of
``CacheBehaviors``) that has neither a ``CachePolicyId`` nor legacy ``ForwardedValues``, or that uses the managed
*CachingDisabled* policy (``4135ea2d-6df8-44a3-9df3-4b5a84be39ad``).

**Why.** CloudFront's value is serving from the edge. A behaviour that caches nothing sends every request to the
origin: full origin latency and cost, and no protection of the origin from load. CachingDisabled is sometimes a
deliberate choice for a dynamic API origin, so it is reported at low severity with that said.

**Fix.** CDK: ``cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED`` (or a ``CachePolicy`` with TTLs and the
query strings/headers the origin really varies on); for API origins cache the cacheable GET paths in their own
behaviour.

**Example.** ``default_behavior=cloudfront.BehaviorOptions(origin=..., cache_policy=CachePolicy.CACHING_DISABLED)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import as_dict, as_list
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF003",
    category=Category.PERFORMANCE,
    severity=Severity.MEDIUM,
    title="CloudFront behaviour without a cache policy",
    impact="Requests are not cached at the edge: every request pays origin latency and cost.",
    fix="Give each behaviour a cache policy (e.g. CachePolicy.CACHING_OPTIMIZED or a custom policy with TTLs).",
    target=Target.TEMPLATE,
    keywords=("cloudfront", "cache policy", "caching", "edge caching", "cachingdisabled", "ttl"),
)

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


def _behaviours(config: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "default behaviour", as_dict(config.get("DefaultCacheBehavior"))
    for behaviour in as_list(config.get("CacheBehaviors")):
        behaviour = as_dict(behaviour)
        pattern = behaviour.get("PathPattern")
        yield f"behaviour {pattern if isinstance(pattern, str) else '?'}", behaviour


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::CloudFront::Distribution"):
        dist_config = as_dict(Template.props(resource).get("DistributionConfig"))
        uncached: list[str] = []
        disabled: list[str] = []
        for label, behaviour in _behaviours(dist_config):
            policy = behaviour.get("CachePolicyId")
            if policy == CACHING_DISABLED:
                disabled.append(label)
            elif policy is None and behaviour.get("ForwardedValues") is None:
                uncached.append(label)
        if uncached:
            yield Hit(logical_id, f"CloudFront distribution {logical_id}: {', '.join(uncached)} "
                      "without a cache policy.")
        if disabled:
            yield Hit(logical_id, f"CloudFront distribution {logical_id}: {', '.join(disabled)} uses the managed "
                      "CachingDisabled policy, so nothing is cached at the edge.", severity=Severity.LOW)
