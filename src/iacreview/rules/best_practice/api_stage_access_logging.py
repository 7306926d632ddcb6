"""BP030 — API Gateway stage without access logging.

**What.** A REST API stage without ``AccessLogSetting.DestinationArn`` (for a ``Deployment`` that creates its stage:
in ``StageDescription``), or an HTTP/WebSocket API stage without ``AccessLogSettings.DestinationArn``.

**Why.** Access logs are the record of who called what, when, from where and with which result. Without them
there is nothing to investigate abuse, errors or latency with, and audits (and many compliance frameworks)
expect them.

**Fix.** CDK: ``deploy_options=apigateway.StageOptions(access_log_destination=apigateway.LogGroupLogDestination(
log_group), access_log_format=apigateway.AccessLogFormat.json_with_standard_fields(...))``; HTTP API:
``CfnStage.access_log_settings`` on the default stage.

**Example.** ``RestApi(self, "Api", deploy_options=StageOptions(logging_level=MethodLoggingLevel.INFO))`` enables
execution logs but not access logs.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import as_dict, http_stages, rest_stages
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="BP030",
    category=Category.BEST_PRACTICE,
    severity=Severity.MEDIUM,
    title="API Gateway stage without access logging",
    impact="No record of who called the API and with which result: abuse, errors and latency cannot be "
    "investigated or audited.",
    fix="Configure access logging to a CloudWatch log group (access_log_destination and access_log_format).",
    target=Target.TEMPLATE,
    keywords=("access log", "access logging", "api logging", "logging", "audit"),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, stage in rest_stages(template):
        if as_dict(stage.get("AccessLogSetting")).get("DestinationArn") is None:
            yield Hit(logical_id, f"REST API stage {logical_id} has no access log destination.")
    for logical_id, stage in http_stages(template):
        if as_dict(stage.get("AccessLogSettings")).get("DestinationArn") is None:
            yield Hit(logical_id, f"HTTP/WebSocket API stage {logical_id} has no access log destination.")
