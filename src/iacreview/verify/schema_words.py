"""CloudFormation resource type and property names as words (``data/cfn_schema_words.json``), to read what a claim
says is missing: "No VPC endpoints" names ``AWS::EC2::VPCEndpoint``, "message retention" names
``MessageRetentionPeriod`` of ``AWS::SQS::Queue``.

Only whole names are matched (after plurals and a few generic trailing words such as "configuration" or "enabled"
are set aside), never a word inside a longer name: "retention" alone names no property, because a claim that
vague could be about any of a dozen. Single generic words ("policy", "name", "group") name nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as package_files

# Words a property name adds after the thing a report names ("object lock" -> ObjectLockEnabled).
_PROPERTY_SUFFIXES = ("enabled", "configuration", "specification", "period", "setting", "config", "status",
                      "in day", "policy")
# Single words that name too many things to stand for one type or property.
GENERIC = frozenset({
    "name", "tag", "description", "type", "id", "arn", "key", "value", "policy", "role", "rule", "group",
    "resource", "output", "parameter", "version", "alias", "permission", "configuration", "setting", "status",
    "mode", "enabled", "source", "target", "path", "port", "protocol", "action", "condition", "principal", "effect",
    "statement", "option", "property", "detail", "data", "code", "content", "level", "limit", "count", "size",
    "time", "metric", "log", "event", "state", "schedule", "domain", "endpoint", "application", "service",
    "environment", "stack", "template", "model", "method", "stage", "route", "integration", "deployment",
    "association", "attachment", "connection", "member", "account", "task", "job", "record", "profile", "link",
    "instance", "cluster", "function", "table", "bucket", "queue", "topic", "user", "secret", "image", "network",
    "address"
})


# Services whose resources reports name by the resource's name alone ("no VPC endpoints", "no alarms"). A type of
# any other service is read only when the claim names the service too: "security control" alone is far likelier to
# be prose than AWS::SecurityHub::SecurityControl.
COMMON_SERVICES = frozenset({
    "apigateway", "apigatewayv2", "applicationautoscaling", "autoscaling", "backup", "certificatemanager",
    "cloudfront", "cloudtrail", "cloudwatch", "codebuild", "codepipeline", "cognito", "config", "dynamodb", "ec2",
    "ecr", "ecs", "efs", "elasticache", "elasticloadbalancingv2", "events", "iam", "kinesis", "kinesisfirehose",
    "kms", "lambda", "logs", "rds", "route53", "s3", "secretsmanager", "sns", "sqs", "ssm", "stepfunctions", "wafv2",
})
# Single words precise enough to name a setting on their own.
SETTING_WORDS = frozenset({"versioning", "tracing", "timeout"})


def words(name: str) -> str:
    """``DBSubnetGroup`` -> ``db subnet group``; ``KmsMasterKeyId`` -> ``kms master key id``."""
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", name)
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", spaced)
    return " ".join(spaced.replace("_", " ").replace("-", " ").lower().split())


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normal(phrase: str) -> str:
    return " ".join(singular(w) for w in words(phrase).split())


@dataclass(frozen=True)
class PropertyName:
    type_name: str
    prop: str
    nested: bool  # a property of a structure inside the resource, not of the resource itself


@dataclass(frozen=True)
class SchemaIndex:
    services: dict[str, frozenset[str]]  # service word -> its types
    type_names: dict[str, frozenset[str]]  # normal name words -> types
    properties: dict[str, tuple[PropertyName, ...]]  # normal property words -> where that property is

    def types_named(self, phrase: str, said: str = "") -> set[str]:
        """Types whose name is the phrase (``vpc endpoint``), optionally after their service (``iam policy`` ->
        every IAM type whose name ends in "policy"); a type of an uncommon service only when ``said`` (the whole
        claim) names its service."""
        return {t for t in self._types_named(phrase) if _common_or_named(t, said or phrase)}

    def _types_named(self, phrase: str) -> set[str]:
        norm = normal(phrase)
        parts = norm.split()
        if not parts:
            return set()
        if len(parts) == 1 and norm in self.services:
            return set(self.services[norm])
        found: set[str] = set()
        if norm not in GENERIC:
            found |= self.type_names.get(norm, frozenset())
        if len(parts) >= 2 and parts[0] in self.services:
            rest = " ".join(parts[1:])
            found |= {t for t in self.services[parts[0]] if normal(t.split("::")[2]).endswith(rest)}
        if len(parts) >= 2:
            found |= {t for name, types in self.type_names.items() if name.endswith(" " + norm) for t in types}
        return found

    def properties_named(self, phrase: str, said: str = "") -> list[PropertyName]:
        """Properties whose name is the phrase, or the phrase with a generic word before or after it
        (``enable performance insights``, ``object lock enabled``). One word names a property only when it is a
        precise setting word (``versioning``)."""
        norm = normal(phrase)
        if not norm or (" " not in norm and norm not in SETTING_WORDS):
            return []
        out = list(self.properties.get(norm, ()))
        for suffix in _PROPERTY_SUFFIXES:
            out += self.properties.get(f"{norm} {suffix}", ())
        out += self.properties.get(f"enable {norm}", ())
        return [n for n in out if _common_or_named(n.type_name, said or phrase)]

    def service_of(self, word: str) -> bool:
        return normal(word) in self.services


def _common_or_named(type_name: str, said: str) -> bool:
    service = type_name.split("::")[1].lower()
    spoken = normal(said)
    return service in COMMON_SERVICES or service in spoken.split() or service in spoken.replace(" ", "")


@lru_cache(maxsize=1)
def schema_index() -> SchemaIndex:
    text = package_files.files("iacreview.data").joinpath("cfn_schema_words.json").read_text(encoding="utf-8")
    data = json.loads(text)["types"]
    services: dict[str, set[str]] = {}
    type_names: dict[str, set[str]] = {}
    properties: dict[str, list[PropertyName]] = {}
    for type_name, entry in data.items():
        _, service, name = type_name.split("::")
        services.setdefault(service.lower(), set()).add(type_name)
        type_names.setdefault(normal(name), set()).add(type_name)
        for prop in entry["props"]:
            properties.setdefault(normal(prop), []).append(PropertyName(type_name, prop, False))
        for prop in entry["nested"]:
            properties.setdefault(normal(prop), []).append(PropertyName(type_name, prop, True))
    return SchemaIndex(
        {k: frozenset(v) for k, v in services.items()},
        {k: frozenset(v) for k, v in type_names.items()},
        {k: tuple(v) for k, v in properties.items()},
    )
