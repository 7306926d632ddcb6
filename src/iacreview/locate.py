"""From a CDK construct path to the line of Python that created the construct.

``TapStackdev/Api/Default/products/GET/Resource`` was made by calls whose construct id is one of the path's
components: ``apigw.RestApi(self, "Api")``, ``api.root.add_resource("products")``, ``products.add_method("GET")``.
The deepest component with a matching call wins; ids CDK gives its own children (``Resource``, ``Default``,
``ServiceRole`` ...) are skipped. A construct id is matched as a string literal, or as an f-string whose literal
parts match (``f"tap-vpc-{suffix}"`` matches ``tap-vpc-dev``). Between equally good candidates, one whose scope is
the construct of the parent component wins; if candidates in different files remain, no place is given rather
than a guess.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

from iacreview.model import Location
from iacreview.sources.workspace import Workspace
from iacreview.synth.stacks import find_stacks, terminal_name, workspace_classes
from iacreview.threadsafe_ast import parse_shared, walk

# Ids aws-cdk-lib gives the children it creates itself; a user construct by that name is unlikely and the parent
# component then still locates the finding.
CDK_CHILD_IDS = frozenset(
    {
        "Resource",
        "Default",
        "ServiceRole",
        "DefaultPolicy",
        "Policy",
        "Role",
        "Deployment",
        "CloudWatchRole",
        "Account",
        "Endpoint",
        "Notifications",
        "AutoDeleteObjectsCustomResource",
        "LogRetention",
        "Key",
        "Secret",
        "SecurityGroup",
        "Attachment",
        "Alias",
        "CurrentVersion",
        "EventInvokeConfig",
        "Invoke",
        "Permission",
        "ServiceLinkedRole",
        "AssetParameters",
        "Code",
        "Stage",
        "Asset",
        "Provider",
        "framework-onEvent",
        "Subscription",
        "Table",
        "ScalingRole",
        "Cluster",
        "Instance",
        "InstanceProfile",
    }
)
_CDK_CHILD_PREFIXES = ("DeploymentStage.", "Custom::", "AWS679f53fac002430cb0da5b7982bd2287", "LogRetention")
_HASH_SUFFIX = re.compile(r"[0-9a-f]{32}$")
ID_KEYWORDS = ("id", "construct_id")


@dataclass(frozen=True)
class IdCall:
    """A call that names a construct: where it is, the id pattern, and the id of its scope (when known)."""

    relpath: str
    line: int
    column: int
    pattern: re.Pattern[str]
    exact: bool
    scope_ids: tuple[re.Pattern[str], ...]  # patterns of the parent construct's id, when traceable
    func: str
    scope_class: str | None = None  # the enclosing class when the scope is ``self``


@dataclass(frozen=True)
class _Index:
    calls: list[IdCall]
    # class name -> id patterns of every call that instantiates it, across the workspace (harness included)
    instances: dict[str, list[re.Pattern[str]]]

    def parent_matches(self, call: IdCall, parent: str) -> bool:
        patterns = list(call.scope_ids)
        if call.scope_class is not None:
            patterns += self.instances.get(call.scope_class, [])
        return any(p.fullmatch(parent) for p in patterns)


def locate_construct(workspace: Workspace, construct_path: str) -> Location | None:
    """The user's line that created the construct at ``construct_path``, or None when not certain."""
    index = _index(workspace)
    parts = [p for p in construct_path.strip("/").split("/") if p]
    for depth in range(len(parts) - 1, 0, -1):
        component = parts[depth]
        if _is_cdk_child(component):
            continue
        candidates = [c for c in index.calls if c.pattern.fullmatch(component)]
        if not candidates:
            continue
        chosen = _choose(index, candidates, parts[depth - 1])
        if chosen is None:
            return None
        return workspace.locate(chosen.relpath, chosen.line, chosen.column)
    return None


def locate_stack(workspace: Workspace, stack_name: str, *, at_class: bool = False) -> Location | None:
    """Where a stack is: the call that creates it in user code, else its class definition.

    With ``at_class`` the class definition wins: findings about what the stack contains (no alarm, no tags) belong
    where its resources are written, not where the entry instantiates it. Nested stacks (``TapStackdev/Network``)
    are located like constructs. A stack created only by the generated harness is reported at its class, because
    that is the code the user wrote.
    """
    if "/" in stack_name.strip("/"):
        return locate_construct(workspace, stack_name)
    stacks = find_stacks(workspace, workspace_classes(workspace))
    names = {s.name for s in stacks}
    calls = [c for c in _index(workspace).calls if c.func in names and c.pattern.fullmatch(stack_name)]
    if len({c.relpath for c in calls}) == 1:
        first = min(calls, key=lambda c: c.line)
        created = next((s for s in stacks if s.name == first.func), None)
        if at_class and created is not None:
            return workspace.locate(created.info.relpath, created.info.line)
        return workspace.locate(first.relpath, first.line, first.column)
    harness = _harness_class(workspace, stack_name, names)
    ordered = sorted(stacks, key=lambda s: len(s.name), reverse=True)
    match = next((s for s in ordered if s.name == harness), None) or next(
        (s for s in ordered if stack_name.startswith(s.name)), None
    )
    if match is None:
        return None
    return workspace.locate(match.info.relpath, match.info.line)


def _harness_class(workspace: Workspace, stack_name: str, names: set[str]) -> str | None:
    """The class a generated entry creates under ``stack_name`` (the harness uses ``f"{Class}{suffix}"``)."""
    for source in workspace.python_files():
        if not source.generated:
            continue
        for call in _calls_in(workspace, source.relpath)[0]:
            if call.func in names and call.pattern.fullmatch(stack_name):
                return call.func
    return None


def _is_cdk_child(component: str) -> bool:
    return (
        component in CDK_CHILD_IDS or component.startswith(_CDK_CHILD_PREFIXES) or bool(_HASH_SUFFIX.search(component))
    )


def _choose(index: _Index, candidates: list[IdCall], parent: str) -> IdCall | None:
    """Best candidate: scope matching the parent, then exact literal over f-string; None if files disagree."""

    def score(c: IdCall) -> tuple[int, int]:
        return (int(index.parent_matches(c, parent)), int(c.exact))

    best = max(score(c) for c in candidates)
    top = [c for c in candidates if score(c) == best]
    if len({c.relpath for c in top}) > 1:
        return None
    return min(top, key=lambda c: (c.line, c.column))


def _index(workspace: Workspace) -> _Index:
    calls: list[IdCall] = []
    instances: dict[str, list[re.Pattern[str]]] = {}
    for source in workspace.python_files():
        found, made = _calls_in(workspace, source.relpath)
        if not source.generated:
            calls += found
        for name, patterns in made:
            instances.setdefault(name, []).extend(patterns)
    return _Index(calls, instances)


_Parsed = tuple[tuple[IdCall, ...], tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]]


def _calls_in(workspace: Workspace, relpath: str) -> _Parsed:
    try:
        text = workspace.read(relpath)
    except OSError:
        return (), ()
    return _calls_of_text(relpath, text)


@lru_cache(maxsize=256)
def _calls_of_text(relpath: str, text: str) -> _Parsed:
    """Calls naming a construct and, per class, the ids it is instantiated with (parsed once per text)."""
    try:
        tree = parse_shared(text, filename=relpath)
    except (SyntaxError, ValueError):
        return (), ()
    collector = _Collector(relpath)
    calls = tuple(collector.collect(tree))
    return calls, tuple((k, tuple(v)) for k, v in collector.instances.items())


class _Collector:
    """Walks one module, remembering per function which variable holds which construct id."""

    def __init__(self, relpath: str) -> None:
        self.relpath = relpath
        self.found: list[IdCall] = []
        # class name -> id patterns of the calls that instantiate it (to match ``self`` scope to a parent id)
        self.instances: dict[str, list[re.Pattern[str]]] = {}

    def collect(self, tree: ast.Module) -> list[IdCall]:
        for node in walk(tree):
            if isinstance(node, ast.Call):
                id_node = _id_argument(node)
                pattern = _pattern(id_node) if id_node is not None else None
                if pattern is not None:
                    self.instances.setdefault(terminal_name(node.func), []).append(pattern[0])
        self._visit(tree.body, variables={}, owner=None)
        return self.found

    def _visit(self, body: list[ast.stmt], variables: dict[str, re.Pattern[str]], owner: str | None) -> None:
        for statement in body:
            if isinstance(statement, ast.ClassDef):
                self._visit(statement.body, {}, statement.name)
                continue
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                self._visit(statement.body, {}, owner)
                continue
            for node in walk(statement):
                if isinstance(node, ast.Call):
                    self._record(node, variables, owner)
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                id_node = _id_argument(statement.value)
                pattern = _pattern(id_node) if id_node is not None else None
                for target in statement.targets:
                    name = _target_name(target)
                    if name and pattern:
                        variables[name] = pattern[0]

    def _record(self, call: ast.Call, variables: dict[str, re.Pattern[str]], owner: str | None) -> None:
        id_node = _id_argument(call)
        if id_node is None:
            return
        pattern = _pattern(id_node)
        if pattern is None:
            return
        scope = _scope_expression(call)
        scope_ids: tuple[re.Pattern[str], ...] = ()
        name = _target_name(scope) if scope is not None else None
        scope_class = owner if name == "self" else None
        if name is not None and name in variables:
            scope_ids = (variables[name],)
        self.found.append(
            IdCall(
                self.relpath,
                call.lineno,
                call.col_offset,
                pattern[0],
                pattern[1],
                scope_ids,
                terminal_name(call.func),
                scope_class,
            )
        )


def _is_add_call(call: ast.Call) -> bool:
    """``x.add_resource("products")``, ``x.add_method("GET")``: helpers whose first argument is the child id."""
    return isinstance(call.func, ast.Attribute) and call.func.attr.startswith("add_")


def _id_argument(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in ID_KEYWORDS:
            return kw.value
    if _is_add_call(call):
        return call.args[0] if call.args else None
    return call.args[1] if len(call.args) >= 2 else None


def _scope_expression(call: ast.Call) -> ast.expr | None:
    if _is_add_call(call):
        return call.func.value if isinstance(call.func, ast.Attribute) else None
    for kw in call.keywords:
        if kw.arg == "scope":
            return kw.value
    return call.args[0] if call.args else None


def _target_name(node: ast.expr) -> str | None:
    """``x`` or ``self.x`` (attributes on self are tracked by their name)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return f"self.{node.attr}"
    return None


def _pattern(node: ast.expr) -> tuple[re.Pattern[str], bool] | None:
    """(pattern, exact) for a string literal or an f-string with at least one literal character."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return re.compile(re.escape(node.value)), True
    if isinstance(node, ast.JoinedStr):
        pieces: list[str] = []
        literal = 0
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                pieces.append(re.escape(value.value))
                literal += len(value.value)
            else:
                pieces.append(".+")
        if literal == 0:
            return None
        return re.compile("".join(pieces)), False
    return None
