"""What a Lambda function is granted by the stack and what its handler calls, for the rules that compare the two
(DEP047: writes with a read-only grant; SEC051: a read-and-write grant where the handler only reads or only writes).

The handler's calls are boto3 method names of DynamoDB and S3 (clients, and DynamoDB ``Table`` resources, which
share the names); the grants are ``grant*`` calls that name the function, with their receiver's aws_cdk type from the
type inference.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from iacreview.python.aliases import aliases_for
from iacreview.python.infer import InstanceValue, ModuleTypes
from iacreview.python.lambda_code import LambdaFunction, asset_handler, handler_files, parse_inline
from iacreview.rules.base import ParsedModule, SourceContext
from iacreview.threadsafe_ast import walk


@dataclass(frozen=True)
class Service:
    name: str
    writes: frozenset[str]  # boto3 methods that write
    reads: frozenset[str]  # boto3 methods that only read
    read_grants: frozenset[str]  # grant methods that give read access only
    read_write_grants: frozenset[str]  # grant methods that give read and write access
    write_grants: frozenset[str]  # grant methods that give write access only (the least-privilege fix for writes)
    action_prefix: str  # how its IAM actions are spelled
    types: tuple[str, ...]  # the aws_cdk types whose grants give access to it


SERVICES: tuple[Service, ...] = (
    Service(
        name="DynamoDB",
        writes=frozenset({"put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items",
                          "batch_writer"}),
        reads=frozenset({"get_item", "query", "scan", "batch_get_item", "transact_get_items"}),
        read_grants=frozenset({"grant_read_data"}),
        read_write_grants=frozenset({"grant_read_write_data"}),
        write_grants=frozenset({"grant_write_data"}),
        action_prefix="dynamodb:",
        types=("aws-cdk-lib.aws_dynamodb.", "aws_cdk.aws_dynamodb."),
    ),
    Service(
        name="S3",
        writes=frozenset({"put_object", "upload_file", "upload_fileobj", "delete_object", "delete_objects",
                          "copy_object"}),
        reads=frozenset({"get_object", "download_file", "download_fileobj", "head_object", "list_objects",
                         "list_objects_v2"}),
        read_grants=frozenset({"grant_read"}),
        read_write_grants=frozenset({"grant_read_write"}),
        write_grants=frozenset({"grant_put", "grant_write"}),
        action_prefix="s3:",
        types=("aws-cdk-lib.aws_s3.", "aws_cdk.aws_s3."),
    ),
)
OWN_POLICY_KEYWORDS = frozenset({"role", "initial_policy"})


@dataclass(frozen=True)
class ApiCall:
    service: str
    method: str
    writes: bool
    relpath: str
    line: int


def handler_tree(ctx: SourceContext, function: LambdaFunction) -> tuple[str, ast.Module] | None:
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


def api_calls(where: str, tree: ast.Module, inline_line: int | None) -> list[ApiCall]:
    """Every known read or write call of the services in the handler, in line order."""
    out: list[ApiCall] = []
    for node in walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            for service in SERVICES:
                method = node.func.attr
                if method in service.writes or method in service.reads:
                    out.append(ApiCall(service.name, method, method in service.writes, where,
                                       inline_line or node.lineno))
    return sorted(out, key=lambda c: c.line)


def construct_of(tree: ast.Module, function: LambdaFunction) -> tuple[ast.Call | None, str | None]:
    """The construct call that creates ``function`` and the name or ``self.x`` it is assigned to (if any)."""
    call: ast.Call | None = None
    name: str | None = None
    at = (function.line, function.column)
    for node in walk(tree):
        if isinstance(node, ast.Call) and (node.lineno, node.col_offset + 1) == at:
            call = node
        elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call) \
                and (node.value.lineno, node.value.col_offset + 1) == at:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name | ast.Attribute):
                name = ast.unparse(targets[0])
    return call, name


def grants_to(tree: ast.Module, name: str) -> list[ast.Call]:
    """``grant*`` method calls that pass ``name`` (or ``name.role``) as an argument or are made on it."""
    out: list[ast.Call] = []
    for node in walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if not node.func.attr.startswith("grant"):
            continue
        arguments = [*node.args, *(k.value for k in node.keywords)]
        on_it = ast.unparse(node.func.value) in (name, f"{name}.role")
        if on_it or any(ast.unparse(a) in (name, f"{name}.role") for a in arguments):
            out.append(node)
    return out


def spells_access(module: ParsedModule, service: Service) -> bool:
    """The module writes the service's actions, a wildcard action or a full-access managed policy somewhere."""
    tree = module.tree or ast.Module(body=[], type_ignores=[])
    full = f"{service.name.lower()}fullaccess"
    for node in walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
            node.value.startswith(service.action_prefix) or full in node.value.lower()
        ):
            return True
        if isinstance(node, ast.keyword) and node.arg == "actions" and any(
            isinstance(n, ast.Constant) and n.value == "*" for n in walk(node.value)
        ):
            return True
    return False


def receiver_types(ctx: SourceContext, module: ParsedModule, calls: list[ast.Call]) -> list[str | None]:
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
