"""SEC050 — CORS allows all origins.

**What.** A CORS configuration that lets any web origin call the resource:

- REST API: a method's integration response sets ``method.response.header.Access-Control-Allow-Origin`` to
  ``'*'`` (what CDK renders for ``default_cors_preflight_options=CorsOptions(allow_origins=Cors.ALL_ORIGINS)``), or a
  gateway response sets ``gatewayresponse.header.Access-Control-Allow-Origin`` to ``'*'``; reported once per API;
- HTTP API: ``CorsConfiguration.AllowOrigins`` contains ``*``;
- S3 bucket: a ``CorsConfiguration`` rule whose ``AllowedOrigins`` contains ``*``;
- Lambda function URL: ``Cors.AllowOrigins`` contains ``*``.

Origins listed in ``config.allowed_cors_origins`` are acceptable (listing ``*`` accepts the wildcard). When that list
is not empty, literal origins outside it are reported too, so a production review can pin the exact set.

**Why.** With ``*`` any site a user visits can call the API from the user's browser and read the responses. Data
meant for one front end becomes readable by every origin, and it widens the reach of any token or key leak.

**Fix.** List the real front-end origins: ``allow_origins=["https://app.example.com"]`` (REST/HTTP API,
``s3.CorsRule(allowed_origins=[...])``, ``FunctionUrlCorsOptions(allowed_origins=[...])``).

**Example.** ``apigateway.RestApi(self, "Api", default_cors_preflight_options=apigateway.CorsOptions(
allow_origins=apigateway.Cors.ALL_ORIGINS))``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import as_dict, as_list
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import literal_string, logical_ids_in
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC050",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    title="CORS allows all origins",
    impact="Any website can call the resource from a visitor's browser and read the responses.",
    fix="Restrict allowed origins to the real front-end domains instead of '*'.",
    target=Target.TEMPLATE,
    keywords=("cors", "all origins", "allow origin", "cross-origin", "access-control-allow-origin", "wildcard origin"),
)

_REST_HEADERS = (
    "method.response.header.Access-Control-Allow-Origin",
    "gatewayresponse.header.Access-Control-Allow-Origin",
)


def _unwanted(origins: list[str], config: Config) -> list[str]:
    """Origins to report: ``*`` unless allowed, and any origin outside a non-empty allow list (an allow list with
    ``*`` accepts everything)."""
    allowed = set(config.allowed_cors_origins)
    if "*" in allowed:
        return []
    return [o for o in origins if o not in allowed and (o == "*" or allowed)]


def _rest_origin(value: Any) -> str | None:
    """A REST header mapping value is a quoted literal (``'*'``); anything else is not a literal origin."""
    text = literal_string(value)
    if text and len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    return None


def _rest_hits(template: Template, config: Config) -> Iterator[Hit]:
    per_api: dict[str, set[str]] = {}

    def note(owner_id: str, rest_api_id: Any, parameters: Any) -> None:
        for header in _REST_HEADERS:
            origin = _rest_origin(as_dict(parameters).get(header))
            if origin is not None and _unwanted([origin], config):
                apis = sorted(logical_ids_in(rest_api_id)) or [owner_id]
                per_api.setdefault(apis[0], set()).add(origin)

    for logical_id, resource in template.resources_of("AWS::ApiGateway::Method"):
        props = Template.props(resource)
        for response in as_list(as_dict(props.get("Integration")).get("IntegrationResponses")):
            note(logical_id, props.get("RestApiId"), as_dict(response).get("ResponseParameters"))
    for logical_id, resource in template.resources_of("AWS::ApiGateway::GatewayResponse"):
        props = Template.props(resource)
        note(logical_id, props.get("RestApiId"), props.get("ResponseParameters"))
    for api_id, origins in sorted(per_api.items()):
        yield Hit(api_id, f"REST API {api_id} returns Access-Control-Allow-Origin {_quote(origins)}.")


def _quote(origins: set[str] | list[str]) -> str:
    return ", ".join(f"'{o}'" for o in sorted(origins))


def _literal_origins(value: Any) -> list[str]:
    return [o for o in as_list(value) if isinstance(o, str)]


def check(template: Template, config: Config) -> Iterator[Hit]:
    yield from _rest_hits(template, config)
    for logical_id, resource in template.resources_of("AWS::ApiGatewayV2::Api"):
        cors = as_dict(Template.props(resource).get("CorsConfiguration"))
        bad = _unwanted(_literal_origins(cors.get("AllowOrigins")), config)
        if bad:
            yield Hit(logical_id, f"HTTP API {logical_id} CORS allows origins {_quote(bad)}.")
    for logical_id, resource in template.resources_of("AWS::S3::Bucket"):
        cors = as_dict(Template.props(resource).get("CorsConfiguration"))
        bad = sorted({o for rule in as_list(cors.get("CorsRules"))
                      for o in _unwanted(_literal_origins(as_dict(rule).get("AllowedOrigins")), config)})
        if bad:
            yield Hit(logical_id, f"S3 bucket {logical_id} CORS rules allow origins {_quote(bad)}.")
    for logical_id, resource in template.resources_of("AWS::Lambda::Url"):
        cors = as_dict(Template.props(resource).get("Cors"))
        bad = _unwanted(_literal_origins(cors.get("AllowOrigins")), config)
        if bad:
            yield Hit(logical_id, f"Lambda function URL {logical_id} CORS allows origins {_quote(bad)}.")
