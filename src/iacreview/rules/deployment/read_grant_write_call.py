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
from dataclasses import dataclass

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.aliases import aliases_for
from iacreview.python.infer import InstanceValue, ModuleTypes
from iacreview.python.lambda_code import (
    LambdaFunction,
    asset_handler,
    describe,
    handler_files,
    lambda_facts,
    parse_inline,
)
from iacreview.rules.base import ParsedModule, SourceContext, SourceHit

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

# Service -> (write API methods of its boto3 clients/resources, read-only grants, how its actions are spelled,
# the aws_cdk types whose grants give access to it).
_SERVICES: dict[str, tuple[frozenset[str], frozenset[str], str, tuple[str, ...]]] = {
    "DynamoDB": (
        frozenset({"put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items",
                   "batch_writer"}),
        frozenset({"grant_read_data"}),
        "dynamodb:",
        ("aws-cdk-lib.aws_dynamodb.", "aws_cdk.aws_dynamodb."),
    ),
    "S3": (
        frozenset({"put_object", "upload_file", "upload_fileobj", "delete_object", "delete_objects", "copy_object"}),
        frozenset({"grant_read"}),
        "s3:",
        ("aws-cdk-lib.aws_s3.", "aws_cdk.aws_s3."),
    ),
}
_OWN_POLICY_KEYWORDS = frozenset({"role", "initial_policy"})


@dataclass(frozen=True)
class _Write:
    service: str
    method: str
    relpath: str
    line: int


def _handler_tree(ctx: SourceContext, function: LambdaFunction) -> tuple[str, ast.Module] | None:
    """(where, parsed handler module) for inline code or the asset file the handler names."""
    if function.inline is not None:
        tree = parse_inline(function.inline.text)
        return None if isinstance(tree, SyntaxError) else (function.relpath, tree)
    asset = function.asset
    handler = asset_handler(function)
    if asset is None or asset.path is None or handler is None or "." not in handler:
        return None
    for relpath in handler_files(asset.path, handler.rpartition(".")[0]):
        parsed = ctx.modules.get(relpath)
        if parsed is not None and parsed.tree is not None:
            return relpath, parsed.tree
    return None


def _writes(where: str, tree: ast.Module, inline_line: int | None) -> list[_Write]:
    out: list[_Write] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            for service, (methods, _, _, _) in _SERVICES.items():
                if node.func.attr in methods:
                    out.append(_Write(service, node.func.attr, where, inline_line or node.lineno))
    return out


def _construct(tree: ast.Module, function: LambdaFunction) -> tuple[ast.Call | None, str | None]:
    """The construct call that creates ``function`` and the name or ``self.x`` it is assigned to (if any)."""
    call: ast.Call | None = None
    name: str | None = None
    at = (function.line, function.column)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (node.lineno, node.col_offset + 1) == at:
            call = node
        elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call) \
                and (node.value.lineno, node.value.col_offset + 1) == at:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name | ast.Attribute):
                name = ast.unparse(targets[0])
    return call, name


def _calls_naming(tree: ast.Module, name: str) -> list[tuple[ast.Call, str]]:
    """Method calls that pass ``name`` as an argument, or are made on it: (call, method name)."""
    out: list[tuple[ast.Call, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        arguments = [*node.args, *(k.value for k in node.keywords)]
        on_it = ast.unparse(node.func.value) in (name, f"{name}.role")
        if on_it or any(ast.unparse(a) == name for a in arguments):
            out.append((node, node.func.attr))
    return out


def _spells_access(module: ParsedModule, prefix: str, service: str) -> bool:
    """The module writes the service's actions, a wildcard action or a full-access managed policy somewhere."""
    tree = module.tree or ast.Module(body=[], type_ignores=[])
    full = f"{service.lower()}fullaccess"
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
            node.value.startswith(prefix) or full in node.value.lower()
        ):
            return True
        if isinstance(node, ast.keyword) and node.arg == "actions" and any(
            isinstance(n, ast.Constant) and n.value == "*" for n in ast.walk(node.value)
        ):
            return True
    return False


def _receiver_types(ctx: SourceContext, module: ParsedModule, calls: list[ast.Call]) -> list[str | None]:
    """The aws_cdk type of each grant call's receiver (None: not certain)."""
    aliases = aliases_for(ctx).get(module.relpath)
    if aliases is None or module.tree is None or ctx.cdk_index is None:
        return [None for _ in calls]
    types = ModuleTypes(module.tree, aliases, ctx.cdk_index)
    out: list[str | None] = []
    for call in calls:
        value = types.value_of(call.func.value) if isinstance(call.func, ast.Attribute) else None
        out.append(value.fqn if isinstance(value, InstanceValue) else None)
    return out


def _hits_for(ctx: SourceContext, function: LambdaFunction) -> Iterator[SourceHit]:
    module = ctx.modules.get(function.relpath)
    handler = _handler_tree(ctx, function)
    if module is None or module.tree is None or handler is None:
        return
    inline_line = function.inline.line if function.inline is not None else None
    writes = _writes(handler[0], handler[1], inline_line)
    call, name = _construct(module.tree, function)
    if not writes or name is None or call is None:
        return
    if any(k.arg in _OWN_POLICY_KEYWORDS for k in call.keywords):
        return
    grants = [node for node, method in _calls_naming(module.tree, name) if method.startswith("grant")]
    if not grants:
        return
    receivers = _receiver_types(ctx, module, grants)
    for service, (_, read_only, prefix, types) in _SERVICES.items():
        service_writes = [w for w in writes if w.service == service]
        if not service_writes or _spells_access(module, prefix, service):
            continue
        if any(fqn is None for fqn in receivers):
            continue  # a grant on something whose type is not certain may be this service's
        own = [(node, fqn) for node, fqn in zip(grants, receivers, strict=True)
               if fqn is not None and fqn.startswith(types)]
        reads = [node for node, _ in own if isinstance(node.func, ast.Attribute) and node.func.attr in read_only]
        if not reads or len(reads) != len(own):
            continue
        first = service_writes[0]
        shown = ctx.workspace.locate(first.relpath, first.line)
        where = f"{shown.path}:{shown.line}" if inline_line is None else "in its inline code"
        grant = ast.unparse(reads[0].func)
        yield SourceHit(
            function.relpath, reads[0].lineno,
            f"{describe(function)} (`{name}`) is only granted read access to {service} (`{grant}(...)`), but its "
            f"handler calls `{first.method}` ({where}): the write fails with AccessDenied at run time.",
            column=reads[0].col_offset + 1, evidence=grant,
        )


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    for function in lambda_facts(ctx).functions:
        yield from _hits_for(ctx, function)
