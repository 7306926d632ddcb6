"""BP031 — Lambda consumer without failure handling.

**What.** A user-written Lambda function that

- consumes a DynamoDB or Kinesis stream (``AWS::Lambda::EventSourceMapping``) whose mapping has no
  ``DestinationConfig.OnFailure`` (SQS sources are exempt: the queue's own redrive policy keeps failed messages), or
- is invoked asynchronously — by an SNS subscription (protocol ``lambda``), an EventBridge rule target, or S3 bucket
  notifications (``NotificationConfiguration`` or CDK's ``Custom::S3BucketNotifications``) — and has neither a
  ``DeadLetterConfig.TargetArn`` nor an ``AWS::Lambda::EventInvokeConfig`` with ``DestinationConfig.OnFailure``.

**Why.** Asynchronous events that still fail after Lambda's retries are dropped silently. A failing stream record
blocks its shard until it expires (up to a day for DynamoDB streams, up to a year for Kinesis) and is then lost.
A dead-letter queue or on-failure destination keeps the event for inspection and replay.

**Fix.** Async: ``lambda_.Function(..., dead_letter_queue_enabled=True)`` or ``on_failure=destinations.SqsDestination
(queue)``. Streams: ``DynamoEventSource(table, ..., on_failure=SqsDlq(queue), retry_attempts=3,
bisect_batch_on_error=True)``.

**Example.** ``bucket.add_event_notification(s3.EventType.OBJECT_CREATED, s3n.LambdaDestination(fn))`` with no DLQ
on ``fn``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import as_dict, as_list, is_cdk_helper, referenced_functions, resource_type
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import literal_string, logical_ids_in
from iacreview.template.model import Template

META = RuleMeta(
    id="BP031",
    category=Category.BEST_PRACTICE,
    severity=Severity.MEDIUM,
    title="Asynchronous or stream Lambda without DLQ or on-failure destination",
    impact="Events that still fail after retries are lost silently; a failing stream record blocks its shard.",
    fix="Add a dead-letter queue or an on-failure destination (event invoke config or event source on_failure).",
    target=Target.TEMPLATE,
    keywords=("dead letter queue", "dlq", "on-failure destination", "failure destination", "lost events", "retry"),
)

_STREAM_TYPES = {
    "AWS::DynamoDB::Table": "DynamoDB stream",
    "AWS::DynamoDB::GlobalTable": "DynamoDB stream",
    "AWS::Kinesis::Stream": "Kinesis stream",
}
_ARN_SERVICES = {":dynamodb:": "DynamoDB stream", ":kinesis:": "Kinesis stream"}


def _stream_kind(template: Template, source_arn: Any) -> str | None:
    """"DynamoDB stream"/"Kinesis stream" for a stream source, None for SQS and anything not known to be a stream."""
    for logical_id in logical_ids_in(source_arn):
        kind = _STREAM_TYPES.get(resource_type(template, logical_id) or "")
        if kind:
            return kind
    text = literal_string(source_arn) or ""
    return next((kind for marker, kind in _ARN_SERVICES.items() if marker in text), None)


def _stream_triggers(template: Template) -> dict[str, list[str]]:
    """Function -> stream sources whose mapping has no on-failure destination."""
    found: dict[str, list[str]] = {}
    for logical_id, resource in template.resources_of("AWS::Lambda::EventSourceMapping"):
        props = Template.props(resource)
        kind = _stream_kind(template, props.get("EventSourceArn"))
        if kind is None:
            continue
        if as_dict(as_dict(props.get("DestinationConfig")).get("OnFailure")).get("Destination") is not None:
            continue
        for function in referenced_functions(template, props.get("FunctionName")):
            found.setdefault(function, []).append(f"{kind} (mapping {logical_id})")
    return found


def _async_triggers(template: Template) -> dict[str, list[str]]:
    """Function -> the asynchronous triggers that invoke it."""
    found: dict[str, list[str]] = {}

    def add(value: Any, label: str) -> None:
        for function in referenced_functions(template, value):
            if label not in found.setdefault(function, []):
                found[function].append(label)

    for logical_id, resource in template.resources_of("AWS::SNS::Subscription"):
        props = Template.props(resource)
        if props.get("Protocol") == "lambda":
            add(props.get("Endpoint"), f"SNS subscription {logical_id}")
    for logical_id, resource in template.resources_of("AWS::SNS::Topic"):
        for sub in as_list(Template.props(resource).get("Subscription")):
            if as_dict(sub).get("Protocol") == "lambda":
                add(as_dict(sub).get("Endpoint"), f"SNS topic {logical_id}")
    for logical_id, resource in template.resources_of("AWS::Events::Rule"):
        for target in as_list(Template.props(resource).get("Targets")):
            add(as_dict(target).get("Arn"), f"EventBridge rule {logical_id}")
    for logical_id, resource in template.resources_of("AWS::S3::Bucket"):
        notifications = as_dict(Template.props(resource).get("NotificationConfiguration"))
        for config in as_list(notifications.get("LambdaConfigurations")):
            add(as_dict(config).get("Function"), f"S3 notifications of {logical_id}")
    for _logical_id, resource in template.resources_of("Custom::S3BucketNotifications"):
        props = Template.props(resource)
        buckets = sorted(logical_ids_in(props.get("BucketName"))) or ["a bucket"]
        notifications = as_dict(props.get("NotificationConfiguration"))
        for config in as_list(notifications.get("LambdaFunctionConfigurations")):
            add(as_dict(config).get("LambdaFunctionArn"), f"S3 notifications of {buckets[0]}")
    return found


def _functions_with_async_failure_handling(template: Template) -> set[str]:
    handled: set[str] = set()
    for logical_id, resource in template.resources_of("AWS::Lambda::Function"):
        if as_dict(Template.props(resource).get("DeadLetterConfig")).get("TargetArn") is not None:
            handled.add(logical_id)
    for _, resource in template.resources_of("AWS::Lambda::EventInvokeConfig"):
        props = Template.props(resource)
        if as_dict(as_dict(props.get("DestinationConfig")).get("OnFailure")).get("Destination") is not None:
            handled |= referenced_functions(template, props.get("FunctionName"))
    return handled


def check(template: Template, config: Config) -> Iterator[Hit]:
    streams = _stream_triggers(template)
    handled = _functions_with_async_failure_handling(template)
    async_triggers = {f: t for f, t in _async_triggers(template).items() if f not in handled}
    for function in sorted(set(streams) | set(async_triggers)):
        if is_cdk_helper(template, function):
            continue
        parts = []
        if function in streams:
            parts.append(f"consumes {', '.join(streams[function])} without an on-failure destination")
        if function in async_triggers:
            parts.append(f"is invoked asynchronously by {', '.join(async_triggers[function])} without a "
                         "dead-letter queue or on-failure destination")
        yield Hit(function, f"Lambda function {function} {'; and '.join(parts)}.")
