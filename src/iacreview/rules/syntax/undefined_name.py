"""SYN031 — Undefined name.

**What**: a name is used that is never defined, imported or built in (pyflakes' *undefined name* and *local
variable referenced before assignment*).

**Why**: at module or class level the ``NameError`` is raised while the module is imported, so ``cdk synth`` fails
(critical; high in a file the app never imports). Inside a function it is raised when the function runs — for a
stack's ``__init__`` that is still synth, for a helper maybe never — so it is reported as high.

**Fix**: add the missing import (``from aws_cdk import aws_sqs as sqs``) or define the name before use.

**Example**::

    from aws_cdk import Stack
    class TapStack(Stack):
        def __init__(self, scope, construct_id, **kwargs):
            super().__init__(scope, construct_id, **kwargs)
            Duration.seconds(30)     # Duration never imported

Modules with ``from x import *`` are skipped: pyflakes cannot tell which names the star brings in. So are fragments:
a module whose top level uses an undefined ``self`` is a piece of a method body shown out of context, not a file.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.parse import has_star_import, module_flake_messages, name_timing, user_modules
from iacreview.python.reach import runs_at_synth
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="SYN031",
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Undefined name or missing import",
    impact="Python raises NameError when the line runs; at module level the app cannot even be imported.",
    fix="Import or define the name before it is used.",
    target=Target.SOURCE,
    keywords=("undefined name", "not defined", "missing import", "NameError", "not imported", "import missing"),
)

# Names every module has even though they are not builtins.
_MODULE_NAMES = frozenset({"__file__", "__name__", "__doc__", "__spec__", "__loader__", "__package__", "__path__"})


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for module in user_modules(ctx):
        if module.tree is None or has_star_import(module.tree):
            continue
        messages = module_flake_messages(ctx, module.relpath)
        timing = name_timing(module.tree)
        if any(
            m.kind == "UndefinedName" and m.args == ("self",) and timing.get((m.line, m.column)) is False
            for m in messages
        ):
            continue
        for message in messages:
            if message.kind not in ("UndefinedName", "UndefinedLocal") or not message.args:
                continue
            name = str(message.args[0])
            if name in _MODULE_NAMES or hasattr(builtins, name):
                continue
            if message.kind == "UndefinedLocal":
                yield SourceHit(
                    module.relpath,
                    message.line,
                    f"`{name}` is read before it is assigned in this function (UnboundLocalError when it runs).",
                    column=message.column,
                    severity=Severity.HIGH,
                )
                continue
            at_import = timing.get((message.line, message.column)) is False
            when = "when the module is imported" if at_import else "when this code runs"
            runs, why = runs_at_synth(ctx, module.relpath, message.line)
            note = f" ({why})" if at_import and not runs else ""
            yield SourceHit(
                module.relpath,
                message.line,
                f"`{name}` is used but never defined or imported: NameError {when}{note}.",
                column=message.column,
                severity=Severity.CRITICAL if at_import and runs else Severity.HIGH,
                evidence=name,
            )
