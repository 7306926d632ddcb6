"""cdk-nag 3.x packs, run inside the synth child, and their report read back in the analyzer.

cdk-nag 3 is an aws-cdk-lib policy-validation plugin (``Validations.of(app).add_plugins(AwsSolutionsChecks(app))``):
it runs at the end of ``app.synth()``, after the cloud assembly is written, writes
``<outdir>/validation-report.json`` and then makes ``synth()`` raise ``ValidationFailed``.

How the plugin reaches every app, generated harness or the answer's own entry, without touching the user's code:
``synthesize`` writes a ``sitecustomize.py`` into the workspace root, which is on the child's ``PYTHONPATH``, so
Python imports it at start-up. It installs an import hook that waits for ``aws_cdk`` to be imported by the app,
then wraps ``App.__init__`` (add the packs to every new ``App``) and ``App.synth`` (swallow the
``ValidationFailed`` that only reports the violations, so the assembly is read as usual). It never imports
``aws_cdk`` or ``cdk_nag`` itself before the app does, and any failure in it leaves the app untouched. A warm
worker (``synth/worker.py``) that has imported ``aws_cdk`` already must execute the hook file before each app:
it then patches at once.

The report is kept next to the cached templates (``REPORT_NAME`` in the synth cache entry), so a cached synth
still has its anchor findings. cdk-nag is optional: when it is not installed no hook is written, there are no
cdk-nag findings and the review says so.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from pathlib import Path
from typing import Any

from iacreview.anchors.mapping import Hit, split_rule
from iacreview.template.model import Template

log = logging.getLogger(__name__)

REPORT_NAME = "validation-report.json"
HOOK_NAME = "sitecustomize.py"
# Pack name as configured (and as cdk-nag names it in the report) -> the cdk_nag class that checks it.
PACK_CLASSES = {
    "AwsSolutions": "AwsSolutionsChecks",
    "Serverless": "ServerlessChecks",
    "HIPAA.Security": "HIPAASecurityChecks",
    "NIST.800.53.R4": "NIST80053R4Checks",
    "NIST.800.53.R5": "NIST80053R5Checks",
    "PCI.DSS.321": "PCIDSS321Checks",
}
MISSING_NOTE = "cdk-nag is not installed: no cdk-nag findings (pip install cdk-nag)"

_HOOK = '''"""Written by iacreview for this synth only: adds the cdk-nag packs {packs!r} to every aws_cdk.App."""
import importlib.abc
import importlib.util
import sys

_PACKS = {classes!r}


def _patch(module):
    app_class = getattr(module, "App", None)
    validations = getattr(module, "Validations", None)
    if app_class is None or validations is None or getattr(app_class, "_iacreview_nag", False):
        return
    original_init, original_synth = app_class.__init__, app_class.synth

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        try:
            import cdk_nag

            validations.of(self).add_plugins(*[getattr(cdk_nag, name)(self) for name in _PACKS])
        except Exception as exc:  # the review goes on without cdk-nag
            print(f"iacreview: cdk-nag not added: {{exc}}", file=sys.stderr)

    def synth(self, *args, **kwargs):
        try:
            return original_synth(self, *args, **kwargs)
        except RuntimeError as exc:
            if "ValidationFailed" not in str(exc) and "Validation failed" not in str(exc):
                raise
            return None

    app_class.__init__ = __init__
    app_class.synth = synth
    app_class._iacreview_nag = True


class _AfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "aws_cdk":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        execute = loader.exec_module

        def exec_module(module):
            execute(module)
            try:
                _patch(module)
            except Exception as exc:
                print(f"iacreview: cdk-nag hook failed: {{exc}}", file=sys.stderr)

        loader.exec_module = exec_module
        return spec


if "aws_cdk" in sys.modules:  # a warm worker that imported aws_cdk already runs this file per app
    _patch(sys.modules["aws_cdk"])
else:
    sys.meta_path.insert(0, _AfterImport())
'''


def installed() -> bool:
    """cdk-nag importable in the child (same interpreter), found without importing it (that would start Node)."""
    return importlib.util.find_spec("cdk_nag") is not None


def nag_packs(packs: tuple[str, ...]) -> tuple[str, ...]:
    """The configured packs cdk-nag checks, in a stable order."""
    return tuple(p for p in PACK_CLASSES if p in packs)


def hook_text(packs: tuple[str, ...]) -> str:
    return _HOOK.format(packs=list(packs), classes=[PACK_CLASSES[p] for p in packs])


def write_hook(root: Path, packs: tuple[str, ...]) -> bool:
    """Write the start-up hook into the workspace root; False when the answer has its own ``sitecustomize``."""
    target = root / HOOK_NAME
    text = hook_text(packs)
    if target.exists() and target.read_text(encoding="utf-8", errors="replace") != text:
        return False
    target.write_text(text, encoding="utf-8")
    return True


def keep_report(outdir: Path, templates: list[Template]) -> None:
    """Copy the validation report next to the (cached) templates it belongs to."""
    report = outdir / REPORT_NAME
    if not templates or not report.is_file():
        return
    try:
        target = Path(templates[0].path).parent / REPORT_NAME
        if not target.exists():
            target.write_bytes(report.read_bytes())
    except OSError:
        log.warning("could not keep the validation report of %s", templates[0].name)


def read_report(templates: list[Template]) -> dict[str, Any] | None:
    """The validation report kept with these templates, if the synth produced one."""
    if not templates or not templates[0].synthesized:
        return None
    path = Path(templates[0].path).parent / REPORT_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def source_of(plugin: str) -> str:
    """``cdk-nag`` for a cdk-nag pack's report, ``cdk`` for aws-cdk-lib's own (or any other) validation."""
    return "cdk-nag" if plugin in PACK_CLASSES else "cdk"


def report_hits(report: dict[str, Any], templates: list[Template]) -> list[Hit]:
    """One hit per (rule, resource): granular cdk-nag findings (``IAM5[Action::s3:*]``) are merged as details."""
    by_path: dict[str, tuple[Template, str]] = {}
    for template in templates:
        for logical_id, construct_path in template.construct_paths.items():
            by_path.setdefault(construct_path.lstrip("/"), (template, logical_id))
    merged: dict[tuple[str, str, str], Hit] = {}
    order: list[tuple[str, str, str]] = []
    for plugin in report.get("pluginReports") or []:
        name = str(plugin.get("pluginName", ""))
        source = source_of(name)
        for violation in plugin.get("violations") or []:
            rule_id, detail = split_rule(str(violation.get("ruleName", "")))
            level = str(violation.get("severity", "error")).lower()
            for construct in violation.get("violatingConstructs") or []:
                path = str(construct.get("constructPath", "")).lstrip("/")
                found = by_path.get(path)
                if found is None:
                    continue  # not a resource of these templates (a stack-level or unresolvable construct)
                template, logical_id = found
                key = (rule_id, template.name, logical_id)
                previous = merged.get(key)
                details = (*previous.details, detail) if previous and detail else (previous.details if previous
                                                                                   else ((detail,) if detail else ()))
                merged[key] = Hit(
                    source=source,
                    rule_id=rule_id,
                    message=str(violation.get("description", "")).strip(),
                    template=template,
                    logical_id=logical_id,
                    level="warning" if level.startswith("warn") else level,
                    pack=name,
                    details=tuple(dict.fromkeys(details)),
                )
                if previous is None:
                    order.append(key)
    return [merged[k] for k in order]
