"""BP034 — resource missing required tags.

**What.** A taggable resource written by the user (not a CDK helper) that lacks any of the tag keys in
``config.required_tags`` (default ``Environment`` and ``Owner``). Whether a type is taggable, and which property
holds its tags (``Tags`` for most, ``UserPoolTags``, ``FileSystemTags`` ... for some), comes from the resource
provider schemas shipped with the installed cfn-lint. One finding per resource, naming the missing keys.

**Why.** Tags drive cost allocation, ownership, access control (ABAC) and automation. Untagged resources cannot be
attributed to a team or environment, and clean-up or cost reports miss them.

**Fix.** CDK: ``Tags.of(self).add("Environment", env)`` and ``Tags.of(self).add("Owner", team)`` in the stack (tags
propagate to every taggable resource), or ``Tags.of(construct).add(...)`` for one construct.

**Example.** A stack that tags only its bucket: the table, functions and roles all lack ``Environment``/``Owner``.

Stack-level tags (``Stack(..., tags={...})``, kept in the cloud assembly rather than the template) count as present
on every resource. Resources whose tags are not literal (a ``Fn::If`` around the list, a tag key from a parameter)
are not reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules._helpers_b import is_cdk_helper
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="BP034",
    category=Category.BEST_PRACTICE,
    severity=Severity.LOW,
    title="Resource missing required tags",
    impact="Untagged resources cannot be attributed for cost, ownership or environment, and escape tag-based "
    "automation and access control.",
    fix="Add the required tags, e.g. Tags.of(stack).add('Environment', ...) and Tags.of(stack).add('Owner', ...).",
    target=Target.TEMPLATE,
    keywords=("tags", "tagging", "tag", "cost allocation", "owner tag", "environment tag"),
)

_SCHEMA_REGION = "us-east-1"


@lru_cache(maxsize=1)
def _schema_index() -> dict[str, str]:
    """Resource type -> schema file name, from cfn-lint's bundled provider schemas (cfn-lint 1.x layout:
    ``providers/<region>.json`` maps each type to a file in ``resources/``)."""
    schemas = resources.files("cfnlint.data.schemas")
    index = json.loads((schemas / "providers" / f"{_SCHEMA_REGION}.json").read_text(encoding="utf-8"))
    return {str(k): f"{v}.json" for k, v in index.items()}


@lru_cache(maxsize=2048)
def tag_path(resource_type: str) -> tuple[str, ...] | None:
    """Where a resource type keeps its tags (property names, ``*`` for list items); None when it is not taggable
    or unknown. Each schema is read only when a template first uses its type."""
    file_name = _schema_index().get(resource_type)
    if file_name is None:
        return None
    text = (resources.files("cfnlint.data.schemas") / "resources" / file_name).read_text(encoding="utf-8")
    return _tag_path(json.loads(text))


def _tag_path(schema: dict[str, Any]) -> tuple[str, ...] | None:
    raw = schema.get("tagging")
    tagging: dict[str, Any] = raw if isinstance(raw, dict) else {}
    tag_property = tagging.get("tagProperty")
    if tagging.get("taggable") and isinstance(tag_property, str) and tag_property.startswith("/properties/"):
        return tuple(tag_property.removeprefix("/properties/").split("/"))
    if tagging.get("taggable") is not False and "Tags" in schema.get("properties", {}):
        return ("Tags",)
    return None


def _tag_values(props: dict[str, Any], path: tuple[str, ...]) -> list[Any]:
    """The tag containers at ``path`` (several when the path crosses a list with ``*``)."""
    current: list[Any] = [props]
    for step in path:
        nxt: list[Any] = []
        for item in current:
            if step == "*":
                nxt.extend(item if isinstance(item, list) else [])
            elif isinstance(item, dict) and step in item:
                nxt.append(item[step])
        current = nxt
    return current


def _tag_keys(container: Any) -> set[str] | None:
    """Literal tag keys of a list of {Key, Value} or a {key: value} map; None when not literal."""
    if isinstance(container, dict):
        if len(container) == 1 and next(iter(container)).startswith("Fn::"):
            return None
        return set(container)
    if not isinstance(container, list):
        return None
    keys: set[str] = set()
    for tag in container:
        key = tag.get("Key", tag.get("key")) if isinstance(tag, dict) else None
        if not isinstance(key, str):
            return None
        keys.add(key)
    return keys


def _present_keys(props: dict[str, Any], path: tuple[str, ...]) -> set[str] | None:
    present: set[str] = set()
    for container in _tag_values(props, path):
        keys = _tag_keys(container)
        if keys is None:
            return None
        present |= keys
    return present


def check(template: Template, config: Config) -> Iterator[Hit]:
    # Stack tags reach every taggable resource at deploy time, so they count as present everywhere.
    required = [key for key in config.required_tags if key not in template.stack_tags]
    if not required:
        return
    hits: list[Hit] = []
    checked = 0
    for logical_id, resource in template.resources.items():
        if not isinstance(resource, dict) or is_cdk_helper(template, logical_id):
            continue
        path = tag_path(str(resource.get("Type", "")))
        if path is None:
            continue
        present = _present_keys(Template.props(resource), path)
        if present is None:
            continue
        checked += 1
        missing = [key for key in required if key not in present]
        if missing:
            hits.append(Hit(logical_id, f"{resource.get('Type')} {logical_id} is missing tag(s) {', '.join(missing)}."))
    same_keys = all(h.message.endswith(hits[0].message.split(" is ")[-1]) for h in hits)
    if len(hits) > 1 and len(hits) == checked and same_keys:
        # Nothing in the stack carries the tags: one stack-wide finding says it better than one per resource.
        keys = hits[0].message.split("missing tag(s) ")[-1].rstrip(".")
        yield Hit(None, f"None of the {checked} taggable resources carries the tag(s) {keys}.")
        return
    yield from hits
