"""SYN032 — Unused import.

**What**: a module imports a name it never uses.

**Why**: harmless at run time, but it slows imports, hides which services the stack really uses and often marks
code the author meant to write and forgot (an imported ``aws_kms`` with no key created).

**Fix**: remove the import, or use it where it was meant to be used.

**Example**::

    from aws_cdk import aws_kms as kms   # never used

``__init__.py`` files are skipped: their imports are usually re-exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.parse import module_flake_messages, user_modules
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="SYN032",
    category=Category.SYNTAX,
    severity=Severity.INFO,
    title="Unused import",
    impact="No runtime effect; clutters the module and can hide intended but missing code.",
    fix="Remove the unused import.",
    target=Target.SOURCE,
    keywords=("unused import", "imported but unused", "unnecessary import"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for module in user_modules(ctx):
        if module.tree is None or PurePosixPath(module.relpath).name == "__init__.py":
            continue
        for message in module_flake_messages(ctx, module.relpath):
            if message.kind != "UnusedImport" or not message.args:
                continue
            name = str(message.args[0])
            yield SourceHit(
                module.relpath, message.line, f"`{name}` is imported but never used.", column=message.column,
                evidence=name,
            )
