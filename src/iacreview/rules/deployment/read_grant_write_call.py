"""DEP047 — Lambda handler writes where its function is only granted read access.

**What.** A Lambda function that the stack grants only read access to DynamoDB (``table.grant_read_data(fn)``) or
S3 (``bucket.grant_read(fn)``), while its handler code (inline or in its asset folder) calls a write API of that
service: ``put_item``, ``update_item``, ``delete_item``, ``batch_write_item``, ``batch_writer`` ... or
``put_object``, ``upload_file``, ``delete_object``, ``copy_object`` ...

**Why.** The role CDK builds from the grants allows only the read actions, so every write fails at run time with
``AccessDeniedException`` / ``AccessDenied``, although the stack deploys fine.

**Fix.** Grant what the handler does: ``table.grant_read_write_data(fn)`` / ``table.grant_write_data(fn)``,
``bucket.grant_read_write(fn)`` / ``bucket.grant_put(fn)``.

Only certain cases are reported: the function is bound to a name the grants use, the type of every resource that
grants it something is known, each grant of that service's resources is a read-only one, the function has no
role or policies of its own (``role=``, ``initial_policy=``), and the module spells none of the service's actions,
no wildcard and no full-access managed policy (an added policy statement could allow the writes).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import LambdaFunction, describe, lambda_facts
from iacreview.rules._lambda_grants import (
    OWN_POLICY_KEYWORDS,
    SERVICES,
    api_calls,
    construct_of,
    grants_to,
    handler_tree,
    receiver_types,
    spells_access,
)
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="DEP047",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="Handler writes with a read-only grant",
    impact="Every write the handler makes fails at run time with AccessDenied, although the stack deploys.",
    fix="Grant write access for what the handler writes (grant_read_write_data / grant_write_data, "
        "grant_read_write / grant_put).",
    target=Target.SOURCE,
    keywords=("grant_read_data", "read-only access", "read only access", "only read access", "grant_read",
              "write permission", "write permissions", "AccessDenied", "grant_read_write_data", "put_item"),
    doc=(__doc__ or "").strip(),
)

def _hits_for(ctx: SourceContext, function: LambdaFunction) -> Iterator[SourceHit]:
    module = ctx.modules.get(function.relpath)
    handler = handler_tree(ctx, function)
    if module is None or module.tree is None or handler is None:
        return
    inline_line = function.inline.line if function.inline is not None else None
    writes = [c for c in api_calls(handler[0], handler[1], inline_line) if c.writes]
    call, name = construct_of(module.tree, function)
    if not writes or name is None or call is None:
        return
    if any(k.arg in OWN_POLICY_KEYWORDS for k in call.keywords):
        return
    grants = grants_to(module.tree, name)
    if not grants:
        return
    receivers = receiver_types(ctx, module, grants)
    for service in SERVICES:
        service_writes = [w for w in writes if w.service == service.name]
        if not service_writes or spells_access(module, service):
            continue
        if any(fqn is None for fqn in receivers):
            continue  # a grant on something whose type is not certain may be this service's
        own = [(node, fqn) for node, fqn in zip(grants, receivers, strict=True)
               if fqn is not None and fqn.startswith(service.types)]
        reads = [node for node, _ in own if isinstance(node.func, ast.Attribute)
                 and node.func.attr in service.read_grants]
        if not reads or len(reads) != len(own):
            continue
        first = service_writes[0]
        shown = ctx.workspace.locate(first.relpath, first.line)
        where = f"{shown.path}:{shown.line}" if inline_line is None else "in its inline code"
        grant = ast.unparse(reads[0].func)
        yield SourceHit(
            function.relpath, reads[0].lineno,
            f"{describe(function)} (`{name}`) is only granted read access to {service.name} (`{grant}(...)`), but "
            f"its handler calls `{first.method}` ({where}): the write fails with AccessDenied at run time.",
            column=reads[0].col_offset + 1, evidence=grant,
        )


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for function in lambda_facts(ctx).functions:
        yield from _hits_for(ctx, function)
