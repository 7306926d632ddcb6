"""PERF002 — REST API stage without caching.

**What.** A REST API stage whose ``CacheClusterEnabled`` is not true and none of whose ``MethodSettings`` enable
``CachingEnabled``.

**Why.** Every GET then reaches the integration (Lambda, DynamoDB): higher latency and cost for responses that could
be served from the stage cache. Low severity: not every API has cacheable reads.

**Fix.** CDK: ``deploy_options=apigateway.StageOptions(caching_enabled=True, cache_cluster_enabled=True,
cache_cluster_size="0.5", cache_ttl=Duration.minutes(5), cache_data_encrypted=True)``.

**Example.** ``RestApi(self, "Api", deploy_options=StageOptions(stage_name="prod"))`` without caching options.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import method_settings, rest_stages
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_bool
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF002",
    category=Category.PERFORMANCE,
    severity=Severity.LOW,
    title="API Gateway stage without caching",
    impact="Every request reaches the backend integration, adding latency and cost for cacheable reads.",
    fix="Enable the stage cache (cache_cluster_enabled=True, caching_enabled=True with a TTL and encryption).",
    target=Target.TEMPLATE,
    keywords=("caching", "cache", "cache cluster", "ttl", "response cache"),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, stage in rest_stages(template):
        settings = [stage, *method_settings(stage)]
        if cfn_bool(stage.get("CacheClusterEnabled")) or any(cfn_bool(s.get("CachingEnabled")) for s in settings):
            continue
        yield Hit(logical_id, f"REST API stage {logical_id} has no cache cluster and no method with caching enabled.")
