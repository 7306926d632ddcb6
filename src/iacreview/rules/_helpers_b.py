"""Template helpers shared by the performance, CORS and best-practice rules.

CloudFormation values are often intrinsics (``Ref``, ``Fn::GetAtt``, ``Fn::Join``) rather than literals, so these
helpers answer only what a template states for certain: a literal when there is one, the logical ids a value refers
to, the Lambda function behind an alias. When a value cannot be known they say so (``None``) and the rules stay
silent rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.rules.template_helpers import logical_ids_in
from iacreview.template.model import Template

LAMBDA_FUNCTION = "AWS::Lambda::Function"

# Logical-id / construct-id prefixes of the singleton helpers aws-cdk-lib adds on its own (S3 bucket notifications,
# log retention, auto-delete objects, AwsCustomResource, bucket deployment). They complement
# ``Template.is_generated``, which needs construct paths, so that given templates are recognised too.
_HELPER_PREFIXES = (
    "BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
    "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a",
    "AWS679f53fac002430cb0da5b7982bd2287",
    "CustomS3AutoDeleteObjectsCustomResourceProvider",
    "CustomCDKBucketDeployment",
    "CustomAWSCDKOpenIdConnectProviderCustomResourceProvider",
    "CustomCrossRegionExportWriterCustomResourceProvider",
)


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (intrinsics at the wrong place read as absent)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one (unlike ``template_helpers.as_list``, a single item or an
    intrinsic is not wrapped: the structures read here are lists of mappings)."""
    return value if isinstance(value, list) else []


def resource_type(template: Template, logical_id: str) -> str | None:
    resource = template.resources.get(logical_id)
    return resource.get("Type") if isinstance(resource, dict) else None


def referenced_functions(template: Template, value: Any) -> set[str]:
    """Logical ids of the Lambda functions a value points at, following aliases and versions to their function."""
    functions: set[str] = set()
    pending = list(logical_ids_in(value))
    seen: set[str] = set()
    while pending:
        logical_id = pending.pop()
        if logical_id in seen:
            continue
        seen.add(logical_id)
        kind = resource_type(template, logical_id)
        if kind == LAMBDA_FUNCTION:
            functions.add(logical_id)
        elif kind in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
            pending.extend(logical_ids_in(Template.props(template.resources[logical_id]).get("FunctionName")))
    return functions


def is_cdk_helper(template: Template, logical_id: str) -> bool:
    """A resource CDK adds on its own, which the user neither wrote nor can configure."""
    if template.is_generated(logical_id):
        return True
    path = template.construct_paths.get(logical_id, "")
    construct_id = path.split("/")[1] if path.count("/") >= 1 else logical_id
    return construct_id.startswith(_HELPER_PREFIXES) or logical_id.startswith(_HELPER_PREFIXES)


def user_functions(template: Template) -> Iterator[tuple[str, dict[str, Any]]]:
    """(logical id, properties) of the Lambda functions the user wrote, not CDK's own helper functions."""
    for logical_id, resource in template.resources_of(LAMBDA_FUNCTION):
        if not is_cdk_helper(template, logical_id):
            yield logical_id, Template.props(resource)


def names(logical_ids: set[str] | list[str]) -> str:
    """A stable, readable list of logical ids for messages."""
    return ", ".join(sorted(logical_ids))


def rest_stages(template: Template) -> Iterator[tuple[str, dict[str, Any]]]:
    """(logical id, stage settings) of every REST API stage.

    A stage is either an ``AWS::ApiGateway::Stage`` (what CDK's ``RestApi`` renders from ``deploy_options``) or an
    ``AWS::ApiGateway::Deployment`` with a ``StageName``, whose ``StageDescription`` holds the same settings.
    """
    for logical_id, resource in template.resources_of("AWS::ApiGateway::Stage"):
        yield logical_id, Template.props(resource)
    for logical_id, resource in template.resources_of("AWS::ApiGateway::Deployment"):
        props = Template.props(resource)
        if props.get("StageName") is not None:
            yield logical_id, as_dict(props.get("StageDescription"))


def http_stages(template: Template) -> Iterator[tuple[str, dict[str, Any]]]:
    """(logical id, properties) of every HTTP/WebSocket API (API Gateway v2) stage."""
    for logical_id, resource in template.resources_of("AWS::ApiGatewayV2::Stage"):
        yield logical_id, Template.props(resource)


def method_settings(stage: dict[str, Any]) -> list[dict[str, Any]]:
    """The MethodSettings entries of a REST stage that are mappings."""
    return [s for s in as_list(stage.get("MethodSettings")) if isinstance(s, dict)]
