"""PERF001 — API Gateway stage without throttling.

**What.** A REST API stage (``AWS::ApiGateway::Stage``, or a ``Deployment`` that creates its stage) with no
``MethodSettings`` entry setting ``ThrottlingRateLimit`` or ``ThrottlingBurstLimit`` and no usage plan with a
``Throttle`` attached to it; an HTTP/WebSocket API stage (``AWS::ApiGatewayV2::Stage``) whose
``DefaultRouteSettings`` set neither limit.

**Why.** Without stage limits every client shares the account-level limit (10,000 requests/s per region): one
noisy or abusive client can exhaust it for every API in the account and drive Lambda and DynamoDB costs up.

**Fix.** CDK: ``apigateway.RestApi(..., deploy_options=apigateway.StageOptions(throttling_rate_limit=100,
throttling_burst_limit=200))``, or a usage plan with ``throttle=ThrottleSettings(...)`` and ``api_stages`` naming the
stage. HTTP API: ``HttpStage(..., throttle=ThrottleSettings(rate_limit=..., burst_limit=...))``.

**Example.** ``RestApi(self, "Api")`` with no ``deploy_options`` synthesizes a ``prod`` stage without limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import as_dict, as_list, http_stages, method_settings, rest_stages
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import logical_ids_in
from iacreview.template.model import Template

META = RuleMeta(
    id="PERF001",
    category=Category.PERFORMANCE,
    severity=Severity.MEDIUM,
    title="API Gateway stage without throttling",
    impact="Any client can consume the whole account-level request limit, starving other APIs and driving up "
    "backend cost.",
    fix="Set stage throttling (deploy_options throttling_rate_limit / throttling_burst_limit) or attach a usage "
    "plan with a throttle.",
    target=Target.TEMPLATE,
    keywords=("throttling", "throttle", "rate limit", "burst limit", "usage plan", "request limit"),
)

_LIMITS = ("ThrottlingRateLimit", "ThrottlingBurstLimit")


def _has_limits(settings: dict[str, Any]) -> bool:
    return any(settings.get(key) is not None for key in _LIMITS)


def _stages_throttled_by_usage_plans(template: Template) -> set[str]:
    """Stages that a usage plan with a throttle (plan-wide or per API stage) is attached to."""
    throttled: set[str] = set()
    for _, resource in template.resources_of("AWS::ApiGateway::UsagePlan"):
        props = Template.props(resource)
        plan_wide = bool(as_dict(props.get("Throttle")))
        for api_stage in as_list(props.get("ApiStages")):
            api_stage = as_dict(api_stage)
            if plan_wide or as_dict(api_stage.get("Throttle")):
                throttled |= logical_ids_in(api_stage.get("Stage"))
    return throttled


def check(template: Template, config: Config) -> Iterator[Hit]:
    by_plan = _stages_throttled_by_usage_plans(template)
    for logical_id, stage in rest_stages(template):
        if logical_id in by_plan:
            continue
        if _has_limits(stage) or any(_has_limits(s) for s in method_settings(stage)):
            continue
        yield Hit(logical_id, f"REST API stage {logical_id} sets no throttling limits and no throttled usage plan "
                  "is attached to it.")
    for logical_id, stage in http_stages(template):
        if not _has_limits(as_dict(stage.get("DefaultRouteSettings"))):
            yield Hit(logical_id, f"HTTP/WebSocket API stage {logical_id} sets no throttling limits in "
                      "DefaultRouteSettings.")
