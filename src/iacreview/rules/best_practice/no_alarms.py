"""BP033 — Lambda functions or API Gateway APIs but no CloudWatch alarm.

**What.** A template with user-written Lambda functions (CDK's helper functions are ignored) or API Gateway APIs
(``AWS::ApiGateway::RestApi``, ``AWS::ApiGatewayV2::Api``) and not a single ``AWS::CloudWatch::Alarm`` or
``AWS::CloudWatch::CompositeAlarm``.

**Why.** Errors, throttles and 5xx responses then go unnoticed until users complain. Metrics exist by default, but
nobody is told when they go wrong.

**Fix.** Add alarms on the metrics that matter, e.g. ``fn.metric_errors().create_alarm(...)``,
``fn.metric_throttles()``, ``api.metric_server_error()`` and ``api.metric_latency()``, with an SNS action.

**Example.** A CRUD API of four functions behind a ``RestApi`` with no ``cloudwatch.Alarm``.

The finding is stack-wide but attached to the first function (or API) so that it has a place in the code; the
message names what is unmonitored.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import user_functions
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="BP033",
    category=Category.BEST_PRACTICE,
    severity=Severity.MEDIUM,
    title="No CloudWatch alarms for Lambda or API Gateway",
    impact="Errors, throttling and latency problems go unnoticed until users report them.",
    fix="Create CloudWatch alarms on Lambda errors/throttles and API Gateway 5xx/latency, with a notification "
    "action.",
    target=Target.TEMPLATE,
    keywords=("alarm", "alarms", "monitoring", "cloudwatch alarm", "alerting", "observability"),
)

_API_TYPES = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
_ALARM_TYPES = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")


def check(template: Template, config: Config) -> Iterator[Hit]:
    if any(True for _ in template.resources_of(*_ALARM_TYPES)):
        return
    functions = [logical_id for logical_id, _ in user_functions(template)]
    apis = [logical_id for logical_id, _ in template.resources_of(*_API_TYPES)]
    if not functions and not apis:
        return
    parts = []
    if functions:
        parts.append(f"{len(functions)} Lambda function(s) ({', '.join(functions)})")
    if apis:
        parts.append(f"{len(apis)} API(s) ({', '.join(apis)})")
    yield Hit(None, f"The stack has {' and '.join(parts)} but no CloudWatch alarm.")
