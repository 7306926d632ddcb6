"""What one synthesis produced: the templates, or the error mapped to the user's line."""

from __future__ import annotations

from dataclasses import dataclass, field

from iacreview.model import Finding, Location
from iacreview.template.model import Template


@dataclass(frozen=True)
class SynthResult:
    """The outcome of ``synthesize``.

    ``ok`` means the app synthesized (possibly through a generated entry, see ``assumptions``). On failure
    ``error`` is the exception line, ``error_class`` a short bucket (``AttributeError``, ``unexpected-keyword``,
    ``read-only-property``, ``jsii-validation``, ``timeout`` ...) and ``location`` the user's line of the deepest
    traceback frame in the workspace. ``finding`` is the DEP001/DEP002 finding to report, if any.
    """

    ok: bool
    templates: list[Template] = field(default_factory=list)
    error: str | None = None
    error_class: str | None = None
    location: Location | None = None
    traceback: str = ""
    assumptions: list[str] = field(default_factory=list)
    seconds: float = 0.0
    finding: Finding | None = None
    cached: bool = False
