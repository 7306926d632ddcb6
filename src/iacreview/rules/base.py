"""What a rule module is.

A template rule is a module in ``rules/<category>/`` with:

- ``META: RuleMeta`` (id, category, severity, title, impact, fix, keywords, target=Target.TEMPLATE) and a module
  docstring that documents the rule (shown by ``iacreview explain ID``);
- ``def check(template: Template, config: Config) -> Iterator[Hit]`` yielding one ``Hit`` per offending resource.

The runner (``rules/runner.py``) turns hits into ``Finding``s and locates them: in the template file for a given
template, in the Python (and the ``.md``) for a synthesized one. Rules never compute locations themselves.
Source rules (``Target.SOURCE`` / ``INLINE_CODE``) live in ``iacreview.python`` and build findings directly.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from iacreview.config import Config
from iacreview.model import RuleMeta, Severity
from iacreview.sources.workspace import Workspace
from iacreview.template.model import Template


@dataclass(frozen=True)
class Hit:
    """One offending resource (``logical_id`` None for a stack-wide finding)."""

    logical_id: str | None
    message: str
    severity: Severity | None = None
    evidence: str = ""


TemplateCheck = Callable[[Template, Config], Iterator[Hit]]


@dataclass(frozen=True)
class TemplateRule:
    meta: RuleMeta
    check: TemplateCheck
    doc: str

    @classmethod
    def from_module(cls, module: ModuleType) -> TemplateRule:
        return cls(meta=module.META, check=module.check, doc=(module.__doc__ or "").strip())


@dataclass(frozen=True)
class ParsedModule:
    """One Python file of the workspace, parsed once and shared by every source rule."""

    relpath: str
    text: str
    tree: ast.Module | None  # None when the file does not parse
    syntax_error: SyntaxError | None = None


@dataclass
class SourceContext:
    """What source rules (``Target.SOURCE`` / ``INLINE_CODE``) get: the workspace, parsed modules, the API index."""

    workspace: Workspace
    modules: dict[str, ParsedModule]
    config: Config
    # The aws-cdk-lib API index (``iacreview.python.index.CdkIndex``) or None when it cannot be built.
    cdk_index: Any = None
    # Shared per-run facts computed by the static layer (alias tables, inferred types), keyed by producer.
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceHit:
    """One problem at a line of a workspace file; the runner maps it to the user's input."""

    relpath: str
    line: int
    message: str
    column: int | None = None
    severity: Severity | None = None
    evidence: str = ""


SourceCheck = Callable[[SourceContext], Iterator[SourceHit]]
