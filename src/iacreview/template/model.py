"""A CloudFormation template as the rules see it: the parsed body plus where each resource is.

A template comes either from a file the user gave (then ``resource_lines`` are lines of that file and findings
point there) or from synthesis (then ``construct_paths`` lead back to the Python through ``locate``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@cache
def generated_markers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(path parts, first-part prefixes) of the resources aws-cdk-lib creates on its own."""
    text = resources.files("iacreview.data").joinpath("anchor_rules.json").read_text(encoding="utf-8")
    markers = json.loads(text)["generated_markers"]
    return tuple(markers["contains"]), tuple(markers["first_part_prefixes"])


@dataclass
class Template:
    name: str
    body: dict[str, Any]
    # Path of the template file (the user's path for a given template, the cdk.out path for a synthesized one).
    path: str
    synthesized: bool = False
    # Logical id -> line of the resource's key in ``path`` (1-based).
    resource_lines: dict[str, int] = field(default_factory=dict)
    # Logical id -> CDK construct path (``TapStackdev/Images/Resource``), synthesized templates only.
    construct_paths: dict[str, str] = field(default_factory=dict)
    # Stack-level facts from the cloud assembly (``environment``: "aws://account/region" as synthesized).
    environment: str | None = None
    # The environment suffix the app was synthesized with (context ``environmentSuffix``), None for given templates.
    environment_suffix: str | None = None
    # Stack-level tags from the cloud assembly (manifest ``properties.tags``): CloudFormation applies them to every
    # taggable resource at deploy time although the template body does not show them. Empty for given templates.
    stack_tags: dict[str, str] = field(default_factory=dict)
    # Logical id of each nested stack resource (``AWS::CloudFormation::Stack`` with a template in the cloud assembly)
    # -> how many resources its nested template defines. Synthesized templates only.
    nested_resource_counts: dict[str, int] = field(default_factory=dict)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        res = self.body.get("Resources")
        return res if isinstance(res, dict) else {}

    def resources_of(self, *types: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(logical id, resource) for every resource whose ``Type`` is one of ``types``."""
        for logical_id, resource in self.resources.items():
            if isinstance(resource, dict) and resource.get("Type") in types:
                yield logical_id, resource

    @staticmethod
    def props(resource: dict[str, Any]) -> dict[str, Any]:
        props = resource.get("Properties")
        return props if isinstance(props, dict) else {}

    def is_generated(self, logical_id: str) -> bool:
        """Resources CDK creates on its own (custom-resource providers, log-retention, bucket-notification and
        auto-delete helpers): the construct path markers of ``data/anchor_rules.json``."""
        path = self.construct_paths.get(logical_id, "")
        contains, prefixes = generated_markers()
        first = path.split("/")[1] if path.count("/") >= 1 else ""
        return any(m in path for m in contains) or first.startswith(prefixes)
