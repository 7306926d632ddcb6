"""SEC051 — Lambda granted read and write access where its handler only reads or only writes.

**What.** A Lambda function that the stack grants read *and* write access to one DynamoDB table
(``table.grant_read_write_data(fn)``) or one S3 bucket (``bucket.grant_read_write(fn)``), while every call its
handler code (inline or in its asset folder) makes to that service is a write (``put_item``, ``put_object`` ...) or
every one is a read (``get_item``, ``query``, ``get_object`` ...).

**Why.** Least privilege: the half of the grant the handler never uses only widens what a compromised or buggy
function can do (read every item of the table it only writes to, overwrite or delete objects it only reads).

**Fix.** Grant what the handler does: ``table.grant_write_data(fn)`` / ``table.grant_read_data(fn)``,
``bucket.grant_put(fn)`` / ``bucket.grant_read(fn)``.

Only certain cases are reported: the function is bound to a name the grants use, the type of every resource that
grants it something is known, it is granted exactly one resource of that service, its handler makes at least one
known call to the service and none that could go either way (S3 through ``boto3.resource``, presigned URLs, PartiQL
statements), and it imports no module of its own asset folder (calls made there are not seen).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import LambdaFunction, describe, lambda_facts
from iacreview.rules._lambda_grants import SERVICES, api_calls, construct_of, grants_to, handler_tree, receiver_types
from iacreview.rules.base import SourceContext, SourceHit
from iacreview.sources.layout import imports_of
from iacreview.threadsafe_ast import walk

META = RuleMeta(
    id="SEC051",
    category=Category.SECURITY,
    severity=Severity.LOW,
    title="Read-and-write grant where the handler only reads or only writes",
    impact="The function can do more than its code needs: read data it only writes, or change data it only reads.",
    fix="Grant only what the handler does (grant_write_data / grant_read_data, grant_put / grant_read).",
    target=Target.SOURCE,
    keywords=("grant_read_write_data", "grant_read_write", "read and write access", "unused read access",
              "unused write access"),
    doc=(__doc__ or "").strip(),
)
# Calls whose access the method name does not tell (either direction is possible).
_AMBIGUOUS = frozenset({"generate_presigned_url", "generate_presigned_post", "execute_statement",
                        "batch_execute_statement", "execute_transaction"})


def _ambiguous(tree: ast.Module, service: str) -> bool:
    for node in walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in _AMBIGUOUS:
            return True
        if service == "S3" and isinstance(node.func, ast.Attribute) and node.func.attr == "resource" and any(
            isinstance(a, ast.Constant) and a.value == "s3" for a in node.args
        ):
            return True  # s3 resource objects read and write through .get() / .put() / .objects
    return False


def _imports_local_code(ctx: SourceContext, function: LambdaFunction, handler_relpath: str) -> bool:
    """The handler imports a module of its own asset folder: calls made there are not seen."""
    asset = function.asset
    module = ctx.modules.get(handler_relpath)
    if asset is None or asset.path is None or module is None:
        return False
    folder = asset.path.rstrip("/") + "/"
    local = {f.relpath[len(folder):].split("/")[0].removesuffix(".py") for f in ctx.workspace.python_files()
             if f.relpath.startswith(folder)}
    return any(i.level > 0 or i.module.split(".")[0] in local for i in imports_of(module.text))


def _hits_for(ctx: SourceContext, function: LambdaFunction) -> Iterator[SourceHit]:
    module = ctx.modules.get(function.relpath)
    handler = handler_tree(ctx, function)
    if module is None or module.tree is None or handler is None:
        return
    if _imports_local_code(ctx, function, handler[0]):
        return
    inline_line = function.inline.line if function.inline is not None else None
    calls = api_calls(handler[0], handler[1], inline_line)
    _, name = construct_of(module.tree, function)
    if not calls or name is None:
        return
    grants = grants_to(module.tree, name)
    receivers = receiver_types(ctx, module, grants)
    if not grants or any(fqn is None for fqn in receivers):
        return
    for service in SERVICES:
        used = [c for c in calls if c.service == service.name]
        own = [node for node, fqn in zip(grants, receivers, strict=True)
               if fqn is not None and fqn.startswith(service.types)]
        if not used or len(own) != 1 or _ambiguous(handler[1], service.name):
            continue
        grant = own[0]
        if not isinstance(grant.func, ast.Attribute) or grant.func.attr not in service.read_write_grants:
            continue
        writes = {c.writes for c in used}
        if len(writes) != 1:
            continue  # it reads and writes: the grant fits
        only_writes = writes == {True}
        does, unused = ("writes", "read") if only_writes else ("reads", "write")
        fix = sorted(service.write_grants if only_writes else service.read_grants)[0]
        methods = ", ".join(f"`{m}`" for m in dict.fromkeys(c.method for c in used))
        shown = ast.unparse(grant.func)
        yield SourceHit(
            function.relpath, grant.lineno,
            f"{describe(function)} (`{name}`) is granted read and write access to {service.name} (`{shown}(...)`), "
            f"but its handler only {does} ({methods}): the {unused} access is unused; `{fix}` is enough.",
            column=grant.col_offset + 1, evidence=shown,
        )


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for function in lambda_facts(ctx).functions:
        yield from _hits_for(ctx, function)
