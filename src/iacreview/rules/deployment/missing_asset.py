"""DEP020 — Lambda asset folder is not provided.

**What**: ``Code.from_asset("lambda/x")`` (or a ``PythonFunction`` ``entry``) points at a path the answer never
provides.

**Why**: ``cdk synth`` resolves assets on disk and fails with ``Cannot find asset at .../lambda/x``; nothing deploys.
Relative paths are resolved from the directory ``cdk`` runs in (the project root), not from the stack file.

**Fix**: provide the handler code at that path (e.g. ``lambda/x/index.py``), fix the path, or use
``os.path.join(os.path.dirname(__file__), ...)`` when the folder sits next to the stack module.

**Example**::

    code=_lambda.Code.from_asset("lambda/orders")   # but no lambda/orders/ in the answer
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import AssetRef, lambda_facts
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="DEP020",
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="Lambda asset path not provided",
    impact="cdk synth fails with 'Cannot find asset'; nothing deploys.",
    fix="Provide the handler code at the asset path or correct the path.",
    target=Target.SOURCE,
    keywords=("asset", "from_asset", "missing lambda code", "cannot find asset", "handler code not provided",
              "lambda directory"),
)


def asset_provided(ctx: SourceContext, path: str) -> bool:
    """True when the path exists with at least one file the user gave (generated placeholders do not count)."""
    target = ctx.workspace.path(path)
    if target.is_file():
        return _user_file(ctx, path)
    if not target.is_dir():
        return False
    for file in target.rglob("*"):
        if file.is_file():
            relpath = ctx.workspace.relpath_of(file)
            if relpath is not None and _user_file(ctx, relpath):
                return True
    return False


def _user_file(ctx: SourceContext, relpath: str) -> bool:
    source = ctx.workspace.files.get(relpath)
    return source is None or not source.generated


def _refs(ctx: SourceContext) -> list[AssetRef]:
    facts = lambda_facts(ctx)
    refs = {(r.relpath, r.line, r.column): r for r in facts.assets}
    for function in facts.functions:
        if function.kind == "PythonFunction" and function.asset is not None:
            ref = function.asset
            refs.setdefault((ref.relpath, ref.line, ref.column), ref)
    return [refs[k] for k in sorted(refs)]


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for ref in _refs(ctx):
        if ref.path is None or asset_provided(ctx, ref.path):
            continue
        yield SourceHit(
            ref.relpath,
            ref.line,
            f"The Lambda asset {ref.written} resolves to `{ref.path}/` (from the project root), which the answer "
            "does not provide: cdk synth fails with 'Cannot find asset'.",
            column=ref.column,
            evidence=ref.written,
        )
