"""Content-hash cache of synth results: the same app, context, region and library versions synthesize the same.

The key covers every file under the workspace root (the generated harness included), how the files map to the
user's input (so cached locations stay right), the context, region, account, suffix, the validation switch and
the versions of aws-cdk-lib, jsii and Python. An entry is a directory ``<key>/`` with ``result.json`` and copies
of the templates (so ``Template.path`` and ``resource_lines`` stay valid after the cdk.out is gone). Timeouts are
never stored: they depend on the machine's load, not on the app.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from iacreview.model import Category, Finding, Location, Severity
from iacreview.sources.input_files import input_files
from iacreview.sources.workspace import Workspace
from iacreview.synth.result import SynthResult
from iacreview.template.model import Template
from iacreview.versions import package_version

# Bumped whenever a stored result changes shape (2: templates record their nested stacks' resource counts), so
# entries written without a field a rule reads are not reused.
CACHE_FORMAT = "2"


def synth_key(workspace: Workspace, entry: str, settings: dict[str, Any], extra: str = "") -> str:
    """The hex digest naming one synthesis. ``settings`` holds context, region, account, suffix, validation."""
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)

    feed(CACHE_FORMAT, extra, sys.version, package_version("aws-cdk-lib"), package_version("jsii"))
    feed(workspace.subject, entry, json.dumps(settings, sort_keys=True, default=str))
    for relpath, source in sorted(workspace.files.items()):
        feed(relpath, source.origin, source.first_line, source.generated)
    for path in sorted(input_files(workspace.root)):
        feed(path.relative_to(workspace.root).as_posix(), path.read_bytes())
    return digest.hexdigest()


class SynthCache:
    """Stored results under ``<root>/synth``."""

    def __init__(self, root: Path) -> None:
        self.directory = root / "synth"

    def get(self, key: str) -> SynthResult | None:
        entry = self.directory / key
        try:
            data = json.loads((entry / "result.json").read_text(encoding="utf-8"))
            return _result_from_json(data, entry)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: SynthResult) -> SynthResult:
        """Store ``result`` and return it with template paths pointing into the cache entry."""
        self.directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.directory))
        try:
            templates = []
            for index, template in enumerate(result.templates):
                name = f"{index:03d}-{Path(template.path).name}"
                shutil.copyfile(template.path, staging / name)
                templates.append(_template_to_json(template, name))
            data = _result_to_json(result, templates)
            (staging / "result.json").write_text(json.dumps(data), encoding="utf-8")
            target = self.directory / key
            if target.exists():
                shutil.rmtree(staging, ignore_errors=True)
            else:
                os.replace(staging, target)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return result
        stored = self.get(key)
        return replace(stored, cached=False) if stored is not None else result


def _template_to_json(template: Template, file: str) -> dict[str, Any]:
    return {
        "name": template.name,
        "file": file,
        "resource_lines": template.resource_lines,
        "construct_paths": template.construct_paths,
        "environment": template.environment,
        "environment_suffix": template.environment_suffix,
        "nested_resource_counts": template.nested_resource_counts,
    }


def _result_to_json(result: SynthResult, templates: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "templates": templates,
        "error": result.error,
        "error_class": result.error_class,
        "location": result.location.to_json() if result.location else None,
        "traceback": result.traceback,
        "assumptions": result.assumptions,
        "seconds": result.seconds,
        "finding": result.finding.to_json() if result.finding else None,
    }


def _location(data: dict[str, Any] | None) -> Location | None:
    if not data:
        return None
    return Location(data["path"], data["line"], data.get("column"), data.get("end_line"))


def _finding(data: dict[str, Any] | None) -> Finding | None:
    if not data:
        return None
    return Finding(
        rule_id=data["rule_id"],
        category=Category(data["category"]),
        severity=Severity(data["severity"]),
        title=data["title"],
        message=data["message"],
        location=_location(data.get("location")),
        resource=data.get("resource"),
        construct_path=data.get("construct_path"),
        evidence=data.get("evidence", ""),
        source=data.get("source", "iacreview"),
    )


def _result_from_json(data: dict[str, Any], entry: Path) -> SynthResult:
    templates = []
    for item in data["templates"]:
        path = entry / item["file"]
        templates.append(
            Template(
                name=item["name"],
                body=json.loads(path.read_text(encoding="utf-8")),
                path=str(path),
                synthesized=True,
                resource_lines={k: int(v) for k, v in item["resource_lines"].items()},
                construct_paths=dict(item["construct_paths"]),
                environment=item.get("environment"),
                environment_suffix=item.get("environment_suffix"),
                nested_resource_counts={k: int(v) for k, v in (item.get("nested_resource_counts") or {}).items()},
            )
        )
    return SynthResult(
        ok=bool(data["ok"]),
        templates=templates,
        error=data.get("error"),
        error_class=data.get("error_class"),
        location=_location(data.get("location")),
        traceback=data.get("traceback", ""),
        assumptions=list(data.get("assumptions", [])),
        seconds=float(data.get("seconds", 0.0)),
        finding=_finding(data.get("finding")),
        cached=True,
    )
