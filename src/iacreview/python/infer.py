"""Simple, certain local type inference for aws_cdk values in one module.

What it knows:

- names bound by imports (through ``aliases``): modules and classes;
- a name whose every binding in its scope is a value it knows (``bucket = s3.Bucket(self, "B")`` -> a Bucket);
- ``self`` in a method of a class deriving (through classes of the same module) from a CDK class, with the class's
  own attributes (``self.bucket = s3.Bucket(...)``) typed the same way;
- the result of a constructor, of a static factory (``Duration.minutes(5)``) and of a method or property whose
  declared type is a class in the index.

Anything else is unknown (``None``), and the checks say nothing about unknown values: no guessing.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from iacreview.python.aliases import ModuleAliases
from iacreview.python.index import CdkIndex, Member, ModuleRef, TypeRef
from iacreview.threadsafe_ast import walk


@dataclass(frozen=True)
class ModuleValue:
    module: str


@dataclass(frozen=True)
class ClassValue:
    """A CDK class, struct, interface or enum object itself (``s3.Bucket``)."""

    fqn: str


@dataclass(frozen=True)
class InstanceValue:
    """An instance of a CDK type. ``checkable``: its members are certainly those of ``fqn`` (see module doc)."""

    fqn: str
    checkable: bool


@dataclass(frozen=True)
class UserClassValue:
    name: str


@dataclass(frozen=True)
class UserInstanceValue:
    """An instance of a class of the module. ``exact``: known to be that very class (not from an annotation, which
    a subclass instance also satisfies), so a missing attribute is certain."""

    name: str
    exact: bool = True


@dataclass(frozen=True)
class UserMethodValue:
    """A plain method of a class of the module, looked up on an instance (``self._create_bucket``)."""

    owner: str
    name: str


@dataclass(frozen=True)
class MethodValue:
    """A CDK method looked up on a class (static) or on a checkable instance."""

    owner: str  # fqn of the type that declares it
    member: Member
    checkable: bool


Value = ModuleValue | ClassValue | InstanceValue | UserClassValue | UserInstanceValue | MethodValue | UserMethodValue


class _Cycle:
    """What a value that depends on itself contributes while it is being computed: nothing (see ``_agree``)."""


_CYCLE = _Cycle()
Result = Value | _Cycle | None


@dataclass(frozen=True)
class _Elements:
    """A loop variable over a literal list or tuple: the value every element agrees on."""

    items: tuple[ast.expr, ...]


@dataclass(frozen=True)
class _Annotated:
    """A parameter with an annotation naming a class: an instance of it (or of a subclass)."""

    annotation: ast.expr


Binding = ast.expr | str | _Elements | _Annotated | None

_IMPORT = "import"  # binding markers besides expressions
_UNKNOWN = None


@dataclass
class UserClass:
    """A class defined in the module; ``complete`` when every base is a CDK class or a complete user class."""

    name: str
    node: ast.ClassDef
    cdk_base: str | None = None
    direct_cdk_base: str | None = None
    complete: bool = False
    dynamic: bool = False  # __getattr__ / __setattr__ / setattr(): attribute sets are not knowable
    body_names: set[str] = field(default_factory=set)  # defs and class-level assignments, ancestors included
    stored: dict[str, list[tuple[ast.expr | None, Scope]]] = field(default_factory=dict)  # self.x = ...
    resolved: bool = False
    parents: list[str] = field(default_factory=list)  # user base classes, nearest first


class Scope:
    """The bindings of one Python scope (module, function, lambda or comprehension)."""

    def __init__(self, parent: Scope | None, *, is_class_body: bool = False) -> None:
        self.parent = parent
        self.is_class_body = is_class_body
        self.bindings: dict[str, list[Binding]] = {}
        self.self_name: str | None = None  # the method's first parameter, in a method of a module-level class
        self.self_class: str | None = None

    def bind(self, name: str, value: Binding) -> None:
        self.bindings.setdefault(name, []).append(value)


_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                ast.GeneratorExp)


class ModuleTypes:
    """Inference over one parsed module; ``value_of`` answers for any expression node of the module."""

    def __init__(self, tree: ast.Module, aliases: ModuleAliases, index: CdkIndex) -> None:
        self.tree = tree
        self.aliases = aliases
        self.index = index
        self.scope_of: dict[int, Scope] = {}
        self.classes: dict[str, UserClass] = {}
        self.class_scope_of: dict[int, str] = {}  # id(function node) -> enclosing user class name
        self.function_of: dict[int, ast.AST] = {}  # id(Call node) -> enclosing function node
        # Attribute names stored on anything other than a known ``self`` (``obj.x = ...``): treated as existing.
        self.foreign_stores: set[str] = set()
        self.uses_setattr = False
        self._memo: dict[tuple[object, ...], Result] = {}
        self._busy: set[tuple[object, ...]] = set()
        self._hits: set[tuple[object, ...]] = set()  # busy keys met (cycles) during the current computation
        self.module_scope = Scope(None)
        self._build_scope(tree, self.module_scope)
        self._finish_classes()

    # scope building ----------------------------------------------------------------------------------------
    def _build_scope(self, root: ast.AST, scope: Scope, class_name: str | None = None) -> None:
        """Record bindings of ``scope`` from ``root``'s body and recurse into nested scopes."""
        for child in ast.iter_child_nodes(root):
            self._visit(child, scope, class_name)

    def _visit(self, node: ast.AST, scope: Scope, class_name: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            scope.bind(node.name, f"class:{node.name}" if scope is self.module_scope else None)
            for expr in [*node.bases, *node.decorator_list, *(k.value for k in node.keywords)]:
                self._visit(expr, scope, class_name)
            if scope is self.module_scope:
                self.classes.setdefault(node.name, UserClass(node.name, node))
            class_scope = Scope(scope, is_class_body=True)
            for item in node.body:
                self._visit(item, class_scope, node.name)
            return
        if isinstance(node, _SCOPE_NODES):
            self._visit_function(node, scope, class_name)
            return
        if isinstance(node, ast.Name):
            self.scope_of[id(node)] = scope
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                pass  # bindings are recorded from their statements below
            return
        self._record_binding(node, scope, class_name)
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope, class_name)

    def _visit_function(self, node: ast.AST, scope: Scope, class_name: str | None) -> None:
        # Names of a class body are not visible inside its methods.
        enclosing = scope.parent if scope.is_class_body and scope.parent is not None else scope
        inner = Scope(enclosing)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope.bind(node.name, None)
            if class_name is not None and scope.is_class_body:
                self._record_class_member(class_name, node.name)
            annotations = [a.annotation for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
            for expr in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults, *annotations]:
                if expr is not None:  # all evaluated in the enclosing scope
                    self._visit(expr, scope, class_name)
            args = node.args
            params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
            extras = [a for a in (args.vararg, args.kwarg) if a is not None]
            method = (class_name in self.classes and scope.is_class_body and bool(params)
                      and scope.parent is self.module_scope and _is_plain_method(node))
            for i, param in enumerate([*params, *extras]):
                if method and i == 0:
                    inner.bind(param.arg, f"self:{class_name}")
                    inner.self_name, inner.self_class = param.arg, class_name
                elif param in params and param.annotation is not None:
                    inner.bind(param.arg, _Annotated(param.annotation))
                else:
                    inner.bind(param.arg, None)
            if method:
                self.class_scope_of[id(node)] = class_name or ""
            for statement in node.body:
                self._visit(statement, inner, class_name if method else None)
            return
        if isinstance(node, ast.Lambda):
            for param in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                inner.bind(param.arg, None)
            for extra in (node.args.vararg, node.args.kwarg):
                if extra is not None:
                    inner.bind(extra.arg, None)
            self._visit(node.body, inner, class_name)
            return
        assert isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
        for generator in node.generators:
            for name in _target_names(generator.target):
                inner.bind(name, None)
        inner.self_name, inner.self_class = scope.self_name, scope.self_class
        for child in ast.iter_child_nodes(node):
            self._visit(child, inner, class_name)

    def _record_binding(self, node: ast.AST, scope: Scope, class_name: str | None) -> None:
        if isinstance(node, ast.Assign):
            single = len(node.targets) == 1
            for target in node.targets:
                self._bind_target(target, node.value if single else None, scope, class_name)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None or not isinstance(node.target, ast.Name):
                self._bind_target(node.target, node.value, scope, class_name)
            elif class_name is not None and scope.is_class_body:
                self._record_class_member(class_name, node.target.id)
        elif isinstance(node, ast.AugAssign):
            self._bind_target(node.target, None, scope, class_name)
        elif isinstance(node, ast.NamedExpr):
            scope.bind(node.target.id, None)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            elements = _loop_elements(node)
            if elements is not None:
                scope.bind(elements[0], elements[1])
                for name in _target_names(node.target):
                    if name != elements[0]:
                        scope.bind(name, None)
            else:
                self._bind_target(node.target, None, scope, class_name)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind_target(item.optional_vars, None, scope, class_name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            scope.bind(node.name, None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = alias.asname or alias.name.split(".", 1)[0]
                scope.bind(name, _IMPORT if scope is self.module_scope else None)
        elif isinstance(node, (ast.Global, ast.Nonlocal, ast.Delete)):
            names = node.names if not isinstance(node, ast.Delete) else [
                n for t in node.targets for n in _target_names(t)]
            for name in names:
                scope.bind(name, None)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            scope.bind(node.name, None)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            scope.bind(node.rest, None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "vars"):
            self.uses_setattr = True

    def _bind_target(self, target: ast.expr, value: ast.expr | None, scope: Scope, class_name: str | None) -> None:
        if isinstance(target, ast.Name):
            scope.bind(target.id, value)
            if class_name is not None and scope.is_class_body:
                self._record_class_member(class_name, target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind_target(element, None, scope, class_name)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, None, scope, class_name)
        elif isinstance(target, ast.Attribute):
            base = target.value
            if (isinstance(base, ast.Name) and scope.self_name is not None and base.id == scope.self_name
                    and scope.self_class in self.classes):
                self.classes[scope.self_class].stored.setdefault(target.attr, []).append((value, scope))
            else:
                self.foreign_stores.add(target.attr)

    def _record_class_member(self, class_name: str, name: str) -> None:
        user = self.classes.get(class_name)
        if user is not None:
            user.body_names.add(name)
            if name in ("__getattr__", "__getattribute__", "__setattr__", "__slots__", "__dict__"):
                user.dynamic = True

    # classes -----------------------------------------------------------------------------------------------
    def _finish_classes(self) -> None:
        for name in list(self.classes):
            self._resolve_class(name, set())

    def _resolve_class(self, name: str, visiting: set[str]) -> None:
        user = self.classes[name]
        if name in visiting or user.resolved:
            return
        visiting.add(name)
        complete = bool(user.node.bases) and not user.node.keywords
        for base_expr in user.node.bases:
            value = self.value_of(base_expr)
            if isinstance(value, ClassValue) and self._is_class(value.fqn):
                user.cdk_base = user.cdk_base or value.fqn
                if len(user.node.bases) == 1:
                    user.direct_cdk_base = value.fqn
            elif isinstance(value, UserClassValue) and value.name in self.classes and value.name != name:
                self._resolve_class(value.name, visiting)
                parent = self.classes[value.name]
                user.parents += [value.name, *parent.parents]
                complete = complete and parent.complete
                user.cdk_base = user.cdk_base or parent.cdk_base
                user.body_names |= parent.body_names
                user.dynamic = user.dynamic or parent.dynamic
                for attr, stores in parent.stored.items():
                    user.stored.setdefault(attr, []).extend(stores)
            else:
                complete = False
        user.complete = complete and user.cdk_base is not None
        user.resolved = True
        visiting.discard(name)

    def _is_class(self, fqn: str) -> bool:
        """A base a user class can derive from: a CDK class, or a props struct (``class Props(cdk.StackProps)``)."""
        info = self.index.type(fqn)
        return info is not None and info.kind in ("class", "struct")

    # evaluation --------------------------------------------------------------------------------------------
    def value_of(self, expr: ast.expr) -> Value | None:
        value = self._eval(expr)
        return None if isinstance(value, _Cycle) else value

    def _eval(self, expr: ast.expr) -> Result:
        """The value of an expression; ``_CYCLE`` when it is, directly, a value still being computed."""
        if isinstance(expr, ast.Name):
            scope = self.scope_of.get(id(expr))
            return self._lookup(expr.id, scope) if scope is not None else None
        if isinstance(expr, ast.Attribute):
            base = self.value_of(expr.value)
            return self._attribute(base, expr.attr) if base is not None else None
        if isinstance(expr, ast.Call):
            func = self.value_of(expr.func)
            return self._call(func) if func is not None else None
        return None

    def _eval_optional(self, expr: ast.expr | None) -> Result:
        return self._eval(expr) if expr is not None else None

    def _lookup(self, name: str, scope: Scope | None) -> Result:
        while scope is not None:
            if name in scope.bindings:
                bindings = scope.bindings[name]
                return self._agreed(("name", id(scope), name),
                                    [partial(self._evaluate_binding, name, b) for b in bindings])
            scope = scope.parent
        return None

    def _agreed(self, key: tuple[object, ...], sources: list[Callable[[], Result]]) -> Result:
        """The value every source agrees on, computed once per key.

        A source that is this very value (``self.asg = self.create_asg()`` where ``create_asg`` returns
        ``self.asg``) adds nothing. A result computed while an *outer* value was unfinished is not memoised.
        """
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            self._hits.add(key)
            return _CYCLE
        self._busy.add(key)
        outer_hits, self._hits = self._hits, set()
        try:
            result = self._agree([source() for source in sources])
        finally:
            self._busy.discard(key)
            inner_hits = self._hits - {key}
            self._hits = outer_hits | inner_hits
        if isinstance(result, _Cycle) and not inner_hits:
            result = None  # only ever itself: no value
        if not inner_hits:
            self._memo[key] = result
        return result

    def _evaluate_binding(self, name: str, binding: Binding) -> Result:
        if binding is None:
            return None
        if isinstance(binding, _Elements):
            return self._agree([self._eval(item) for item in binding.items])
        if isinstance(binding, _Annotated):
            return self._annotated(binding.annotation)
        if isinstance(binding, str):
            kind, _, detail = binding.partition(":")
            if binding == _IMPORT:
                symbol = self.aliases.names.get(name)
                if isinstance(symbol, ModuleRef):
                    return ModuleValue(symbol.module)
                if isinstance(symbol, TypeRef):
                    return ClassValue(symbol.fqn)
                return None
            if kind == "class":
                return UserClassValue(detail)
            if kind == "self":
                return UserInstanceValue(detail)
            return None
        return self._eval(binding)

    def _annotated(self, annotation: ast.expr) -> Value | None:
        """``props: TapStackProps`` / ``Optional[...]`` / ``X | None`` -> an instance, members not certain."""
        target = _annotation_target(annotation)
        cls = self.value_of(target) if target is not None else None
        if isinstance(cls, UserClassValue):
            return UserInstanceValue(cls.name, exact=False)
        if isinstance(cls, ClassValue):
            info = self.index.type(cls.fqn)
            if info is not None and info.kind in ("class", "struct", "interface"):
                return InstanceValue(cls.fqn, False)
        return None

    @staticmethod
    def _agree(values: list[Result]) -> Result:
        known = [v for v in values if not isinstance(v, _Cycle)]
        if not known:
            return _CYCLE if values else None
        if known[0] is None or any(v != known[0] for v in known):
            return None
        return known[0]

    def attribute_value(self, base: Value, name: str) -> Value | None:
        value = self._attribute(base, name)
        return None if isinstance(value, _Cycle) else value

    def _attribute(self, base: Value, name: str) -> Result:
        index = self.index
        if isinstance(base, ModuleValue):
            symbol = index.module_attribute(base.module, name)
            if isinstance(symbol, ModuleRef):
                return ModuleValue(symbol.module)
            return ClassValue(symbol.fqn) if isinstance(symbol, TypeRef) else None
        if isinstance(base, ClassValue):
            nested = index.nested_type(base.fqn, name)
            if nested:
                return ClassValue(nested)
            return self._member_value(base.fqn, name, static=True)
        if isinstance(base, InstanceValue):
            return self._member_value(base.fqn, name, static=False, checkable=base.checkable)
        if isinstance(base, UserInstanceValue):
            user = self.classes.get(base.name)
            if user is None:
                return None
            if name in user.body_names and name not in user.stored:
                # A declared field (``env: Optional[Environment] = None``) keeps its declared type wherever set.
                field = self._field_annotation(user, name)
                if field is not None:
                    return self._annotated(field)
            if name in self.foreign_stores:
                return None
            if name in user.body_names:
                return self._user_method(user, name) if base.exact else None
            if name in user.stored:
                stores = user.stored[name]
                return self._agreed(("attr", base.name, name), [partial(self._eval_optional, v) for v, _ in stores])
            if user.cdk_base and user.complete:
                return self._member_value(user.cdk_base, name, static=False)
        return None

    def _user_method(self, user: UserClass, name: str) -> Value | None:
        """A plain method the class (or a user base) defines and no subclass of it overrides."""
        if name in user.stored:
            return None
        for owner in [user.name, *user.parents]:
            function = self.method_node(owner, name)
            if function is not None:
                break
        else:
            return None
        if function is None or not _is_plain_method(function) or self._overridden(user.name, name):
            return None
        return UserMethodValue(owner, name)

    def _field_annotation(self, user: UserClass, name: str) -> ast.expr | None:
        """The annotation of a class-level field (``env: Optional[Environment] = None``), nearest class first."""
        for owner in [user.name, *user.parents]:
            cls = self.classes.get(owner)
            if cls is None:
                continue
            for item in cls.node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.target.id == name:
                    return item.annotation
            if any(isinstance(i, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign)) and name in _defined(i)
                   for i in cls.node.body):
                return None
        return None

    def method_node(self, class_name: str, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        cls = self.classes.get(class_name)
        if cls is None:
            return None
        found = None
        for item in cls.node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == name:
                found = item  # the last definition wins, as in Python
            elif isinstance(item, (ast.Assign, ast.AnnAssign)) and name in [
                n.id for t in (item.targets if isinstance(item, ast.Assign) else [item.target])
                for n in walk(t) if isinstance(n, ast.Name)
            ]:
                found = None
        return found

    def _overridden(self, class_name: str, name: str) -> bool:
        return any(class_name in other.parents and name in {
            i.name for i in other.node.body if isinstance(i, (ast.FunctionDef, ast.AsyncFunctionDef))}
            for other in self.classes.values())

    def _member_value(self, fqn: str, name: str, *, static: bool, checkable: bool = True) -> Value | None:
        found = self.index.find_member(fqn, name)
        if found is None:
            return None
        owner, member = found
        if member.kind == "method":
            if static and not member.static:
                return None  # an unbound function: not followed
            return MethodValue(owner.fqn, member, checkable)
        if static and not member.static:
            return None
        return self._instance_of(member.type)

    def _instance_of(self, fqn: str | None, *, factory: bool = False) -> Value | None:
        if fqn is None:
            return None
        info = self.index.type(fqn)
        if info is None:
            return None
        return InstanceValue(fqn, info.kind in ("class", "struct", "enum") or factory)

    def call_result(self, func: Value) -> Value | None:
        value = self._call(func)
        return None if isinstance(value, _Cycle) else value

    def _call(self, func: Value) -> Result:
        if isinstance(func, ClassValue):
            info = self.index.type(func.fqn)
            if info is not None and info.kind in ("class", "struct"):
                return InstanceValue(func.fqn, True)
            return None
        if isinstance(func, UserClassValue):
            return UserInstanceValue(func.name)
        if isinstance(func, MethodValue):
            return self._instance_of(func.member.returns, factory=func.member.static)
        if isinstance(func, UserMethodValue):
            function = self.method_node(func.owner, func.name)
            if function is None:
                return None
            returns = _returns(function)
            if not returns or any(r.value is None for r in returns):
                return None
            return self._agreed(("returns", func.owner, func.name),
                                [partial(self._eval_optional, r.value) for r in returns])
        return None

    # walking -----------------------------------------------------------------------------------------------
    def enclosing_class(self, function: ast.AST) -> UserClass | None:
        name = self.class_scope_of.get(id(function))
        return self.classes.get(name) if name else None

    def methods(self) -> Iterator[tuple[UserClass, ast.FunctionDef | ast.AsyncFunctionDef]]:
        for user in self.classes.values():
            for item in user.node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and id(item) in self.class_scope_of:
                    yield user, item


def _is_plain_method(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        name = decorator.id if isinstance(decorator, ast.Name) else getattr(decorator, "attr", None)
        if name in ("staticmethod", "classmethod"):
            return False
    return True


def _target_names(target: ast.expr) -> list[str]:
    return [n.id for n in walk(target) if isinstance(n, ast.Name)]


def _loop_elements(node: ast.For | ast.AsyncFor) -> tuple[str, _Elements] | None:
    """``for x in [a, b]`` / ``for i, x in enumerate([a, b])``: the loop variable and the listed elements."""
    iterable = node.iter
    target = node.target
    if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "enumerate"
            and iterable.args and isinstance(target, ast.Tuple) and len(target.elts) == 2):
        iterable, target = iterable.args[0], target.elts[1]
    if not isinstance(target, ast.Name) or not isinstance(iterable, (ast.List, ast.Tuple)) or not iterable.elts:
        return None
    if any(isinstance(e, ast.Starred) for e in iterable.elts):
        return None
    return target.id, _Elements(tuple(iterable.elts))


def _annotation_target(annotation: ast.expr) -> ast.expr | None:
    """The class expression of ``X``, ``Optional[X]``, ``X | None`` (string annotations are not followed)."""
    if isinstance(annotation, (ast.Name, ast.Attribute)):
        return annotation
    if isinstance(annotation, ast.Subscript):
        head = annotation.value
        name = head.id if isinstance(head, ast.Name) else head.attr if isinstance(head, ast.Attribute) else ""
        return _annotation_target(annotation.slice) if name == "Optional" else None
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        others = [side for side in sides if not (isinstance(side, ast.Constant) and side.value is None)]
        return _annotation_target(others[0]) if len(others) == 1 else None
    return None


def _returns(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Return]:
    """The function's own ``return`` statements (not those of nested functions or classes)."""
    found: list[ast.Return] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Return):
            found.append(node)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending.extend(ast.iter_child_nodes(node))
    return found


def _defined(statement: ast.stmt) -> set[str]:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return {statement.name}
    if isinstance(statement, ast.Assign):
        return {n.id for t in statement.targets for n in walk(t) if isinstance(n, ast.Name)}
    return set()
