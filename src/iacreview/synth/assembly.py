"""Read a cloud assembly (``cdk.out``) into ``Template`` objects.

Every ``aws:cloudformation:stack`` artifact of ``manifest.json`` (and of nested ``cdk:cloud-assembly`` artifacts,
which is how stages are written) gives one template. Nested stacks (``AWS::CloudFormation::Stack`` resources with
an ``aws:asset:path`` to a ``.nested.template.json``) give one more each. Logical ids are tied to construct paths by
the resource's ``aws:cdk:path`` metadata, completed by the manifest's ``aws:cdk:logicalId`` metadata entries (which
also name the stack's outputs).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from iacreview.template.model import Template

STACK_ARTIFACT = "aws:cloudformation:stack"
NESTED_ASSEMBLY = "cdk:cloud-assembly"


class AssemblyError(RuntimeError):
    """The cloud assembly is missing or unreadable."""


def read_assembly(outdir: Path, environment_suffix: str | None) -> list[Template]:
    """All templates of the assembly under ``outdir``, in manifest order."""
    manifest_path = outdir / "manifest.json"
    if not manifest_path.is_file():
        raise AssemblyError(f"no cloud assembly was written ({manifest_path.name} missing)")
    return _read(outdir, environment_suffix, depth=0)


def _read(directory: Path, suffix: str | None, depth: int) -> list[Template]:
    manifest = _load_json(directory / "manifest.json")
    artifacts = manifest.get("artifacts")
    templates: list[Template] = []
    if not isinstance(artifacts, dict):
        return templates
    for artifact_id, artifact in artifacts.items():
        if not isinstance(artifact, dict):
            continue
        props = artifact.get("properties") or {}
        if artifact.get("type") == STACK_ARTIFACT:
            stack = _stack_template(directory, artifact_id, artifact, suffix)
            templates.append(stack)
            templates.extend(_nested_templates(directory, stack, suffix))
        elif artifact.get("type") == NESTED_ASSEMBLY and depth < 8 and isinstance(props.get("directoryName"), str):
            templates.extend(_read(directory / props["directoryName"], suffix, depth + 1))
    return templates


def _stack_template(directory: Path, artifact_id: str, artifact: dict[str, Any], suffix: str | None) -> Template:
    props = artifact.get("properties") or {}
    template_path = directory / str(props.get("templateFile", f"{artifact_id}.template.json"))
    text = template_path.read_text(encoding="utf-8")
    body = json.loads(text)
    construct_paths = _manifest_logical_ids(directory, artifact)
    construct_paths.update(_resource_paths(body))
    resources = body.get("Resources") if isinstance(body.get("Resources"), dict) else {}
    outputs = body.get("Outputs") if isinstance(body.get("Outputs"), dict) else {}
    return Template(
        name=str(props.get("stackName") or artifact_id),
        body=body,
        path=str(template_path),
        synthesized=True,
        resource_lines=resource_lines(text),
        construct_paths={k: v for k, v in construct_paths.items() if k in resources or k in outputs},
        environment=artifact.get("environment") if isinstance(artifact.get("environment"), str) else None,
        environment_suffix=suffix,
    )


def _nested_templates(directory: Path, parent: Template, suffix: str | None) -> list[Template]:
    nested: list[Template] = []
    for logical_id, resource in parent.resources_of("AWS::CloudFormation::Stack"):
        metadata = resource.get("Metadata") or {}
        asset = metadata.get("aws:asset:path") if isinstance(metadata, dict) else None
        if not isinstance(asset, str) or not (directory / asset).is_file():
            continue
        text = (directory / asset).read_text(encoding="utf-8")
        body = json.loads(text)
        owner = parent.construct_paths.get(logical_id, f"{parent.name}/{logical_id}")
        template = Template(
            name=_nested_name(owner),
            body=body,
            path=str(directory / asset),
            synthesized=True,
            resource_lines=resource_lines(text),
            construct_paths=_resource_paths(body),
            environment=parent.environment,
            environment_suffix=suffix,
        )
        parent.nested_resource_counts[logical_id] = len(template.resources)
        nested.append(template)
        nested.extend(_nested_templates(directory, template, suffix))
    return nested


def _nested_name(resource_path: str) -> str:
    """``TapStackdev/Network.NestedStack/Network.NestedStackResource`` -> ``TapStackdev/Network``."""
    parts = [p for p in resource_path.split("/") if not p.endswith(".NestedStackResource")]
    return "/".join(p.removesuffix(".NestedStack") for p in parts)


def _resource_paths(body: dict[str, Any]) -> dict[str, str]:
    paths: dict[str, str] = {}
    resources = body.get("Resources")
    if not isinstance(resources, dict):
        return paths
    for logical_id, resource in resources.items():
        metadata = resource.get("Metadata") if isinstance(resource, dict) else None
        path = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
        if isinstance(path, str):
            paths[logical_id] = path
    return paths


def _manifest_logical_ids(directory: Path, artifact: dict[str, Any]) -> dict[str, str]:
    """Logical id -> construct path from the artifact's metadata (inline or in ``additionalMetadataFile``)."""
    metadata: dict[str, Any] = dict(artifact.get("metadata") or {})
    extra = artifact.get("additionalMetadataFile")
    if isinstance(extra, str) and (directory / extra).is_file():
        metadata.update(_load_json(directory / extra))
    paths: dict[str, str] = {}
    for path, entries in metadata.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("type") != "aws:cdk:logicalId":
                continue
            if isinstance(entry.get("data"), str):
                paths.setdefault(entry["data"], path.lstrip("/"))
    return paths


def resource_lines(text: str) -> dict[str, int]:
    """Logical id -> 1-based line of its key under ``Resources`` in a JSON template as CDK writes it.

    Keys are found by indentation: the first key after ``"Resources": {`` fixes the depth, and only keys at that
    depth count until the closing brace, so a property named like a logical id is never taken for one.
    """
    lines = text.splitlines()
    found: dict[str, int] = {}
    start = next((i for i, t in enumerate(lines) if re.match(r'^\s*"Resources"\s*:\s*\{\s*$', t)), None)
    if start is None:
        return found
    outer = len(lines[start]) - len(lines[start].lstrip())
    depth: int | None = None
    key = re.compile(r'^(\s*)"((?:[^"\\]|\\.)*)"\s*:')
    for index in range(start + 1, len(lines)):
        text_line = lines[index]
        indent = len(text_line) - len(text_line.lstrip())
        if indent <= outer and text_line.strip().startswith("}"):
            break
        match = key.match(text_line)
        if not match:
            continue
        if depth is None:
            depth = len(match[1])
        if len(match[1]) == depth:
            found[match[2]] = index + 1
    return found


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AssemblyError(f"cannot read {path.name}: {exc}") from exc
    return data if isinstance(data, dict) else {}
