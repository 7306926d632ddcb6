"""Find the ``Stack`` subclasses (and their ``*Props`` classes) of a workspace by reading its Python (AST only).

Used by the harness (which stacks to create, with what arguments) and by ``locate`` (where a stack is defined).
Nothing is imported or executed here.
"""

from __future__ import annotations

import ast
import keyword
from dataclasses import dataclass, field
from functools import lru_cache

from iacreview.sources.workspace import Workspace
from iacreview.threadsafe_ast import parse_shared, walk

STACK_BASES = frozenset({"Stack"})
STACK_MODULES = frozenset({"cdk", "core", "aws_cdk"})


@dataclass(frozen=True)
class Signature:
    """The ``__init__`` parameters after ``self`` (for a stack: after ``scope`` and ``id`` as well)."""

    params: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    var_keyword: bool = True
    annotations: dict[str, str] = field(default_factory=dict)

    def accepts(self, name: str) -> bool:
        return name in self.params


@dataclass(frozen=True)
class ClassInfo:
    name: str
    relpath: str
    line: int
    bases: tuple[str, ...]  # terminal names: "Stack", "StackProps", "TapStack"
    base_modules: tuple[str, ...]  # "cdk" for cdk.Stack, "" for a bare name
    init: Signature | None
    fields: tuple[str, ...]  # class-level annotated names (dataclass-style props)
    instantiates: tuple[str, ...]  # terminal names of every class called inside the class body
    # Decorated with ``@dataclass``: its generated ``__init__`` takes only ``fields``, even over a StackProps base.
    is_dataclass: bool = False


@dataclass(frozen=True)
class StackClass:
    info: ClassInfo
    signature: Signature  # after scope and id

    @property
    def name(self) -> str:
        return self.info.name


def parse(workspace: Workspace, relpath: str) -> ast.Module | None:
    try:
        return parse_shared(workspace.read(relpath), filename=relpath)
    except (SyntaxError, ValueError, OSError):
        return None


def module_name(relpath: str) -> str | None:
    """``lib/tap_stack.py`` -> ``lib.tap_stack``; None when the path is not importable by a dotted name."""
    if not relpath.endswith(".py"):
        return None
    parts = relpath[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() and not keyword.iskeyword(p) for p in parts):
        return None
    return ".".join(parts)


def terminal_name(node: ast.expr) -> str:
    """``cdk.Stack`` -> ``Stack``; ``Stack`` -> ``Stack``; anything else -> ``""``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return terminal_name(node.value)
    return ""


def _base_module(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id
    return ""


def annotation_name(node: ast.expr | None) -> str:
    """The class an annotation names: ``Optional[TapStackProps]``, ``TapStackProps | None``, ``"TapStackProps"``."""
    if node is None:
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return annotation_name(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return ""
    if isinstance(node, ast.Subscript) and terminal_name(node.value) == "Optional":
        return annotation_name(node.slice)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = annotation_name(node.left), annotation_name(node.right)
        return left if left and left != "None" else right
    return terminal_name(node)


def _signature(func: ast.FunctionDef, skip: int) -> Signature:
    args = func.args
    positional = [*args.posonlyargs, *args.args][skip:]
    defaults = len(args.defaults)
    first_default = len([*args.posonlyargs, *args.args]) - defaults
    required = [a.arg for i, a in enumerate(positional, start=skip) if i < first_default]
    required += [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is None]
    params = [a.arg for a in positional] + [a.arg for a in args.kwonlyargs]
    annotations = {a.arg: annotation_name(a.annotation) for a in [*positional, *args.kwonlyargs] if a.annotation}
    return Signature(tuple(params), tuple(required), args.kwarg is not None, annotations)


def _class_info(node: ast.ClassDef, relpath: str) -> ClassInfo:
    init = next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
    fields = tuple(s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name))
    called = {terminal_name(c.func) for c in walk(node) if isinstance(c, ast.Call)}
    return ClassInfo(
        name=node.name,
        relpath=relpath,
        line=node.lineno,
        bases=tuple(terminal_name(b) for b in node.bases),
        base_modules=tuple(_base_module(b) for b in node.bases),
        init=_signature(init, skip=1) if init else None,
        fields=fields,
        instantiates=tuple(sorted(called - {""})),
        is_dataclass=any(terminal_name(d.func if isinstance(d, ast.Call) else d) == "dataclass"
                         for d in node.decorator_list),
    )


def workspace_classes(workspace: Workspace) -> list[ClassInfo]:
    """Every top-level class of the workspace's user-written Python files."""
    classes: list[ClassInfo] = []
    for source in workspace.python_files():
        if source.generated:
            continue
        try:
            text = workspace.read(source.relpath)
        except OSError:
            continue
        classes += _file_classes(source.relpath, text)
    return classes


@lru_cache(maxsize=256)
def _file_classes(relpath: str, text: str) -> tuple[ClassInfo, ...]:
    """The top-level classes of one file's text; the ladder plans an entry for each synth of the same files."""
    try:
        tree = parse_shared(text, filename=relpath)
    except (SyntaxError, ValueError):
        return ()
    return tuple(_class_info(n, relpath) for n in tree.body if isinstance(n, ast.ClassDef))


def _is_cdk_stack_base(name: str, module: str) -> bool:
    return name in STACK_BASES and module in STACK_MODULES | {""}


def find_stacks(workspace: Workspace, classes: list[ClassInfo] | None = None) -> list[StackClass]:
    """Classes that derive from ``Stack`` directly (``Stack``, ``cdk.Stack``, ``core.Stack``) or via another."""
    classes = workspace_classes(workspace) if classes is None else classes
    found: dict[str, ClassInfo] = {}
    changed = True
    while changed:
        changed = False
        for info in classes:
            if info.name in found:
                continue
            if any(_is_cdk_stack_base(b, m) or b in found for b, m in zip(info.bases, info.base_modules, strict=True)):
                found[info.name] = info
                changed = True
    return [StackClass(info, _stack_signature(info, found)) for info in found.values()]


def _stack_signature(info: ClassInfo, found: dict[str, ClassInfo]) -> Signature:
    """The stack's ``__init__`` after (scope, id); inherited from a found base stack; else ``(**kwargs)``."""
    seen: set[str] = set()
    current: ClassInfo | None = info
    while current is not None and current.name not in seen:
        seen.add(current.name)
        if current.init is not None:
            sig = current.init
            return Signature(
                sig.params[2:],
                tuple(r for r in sig.required if r not in sig.params[:2]),
                sig.var_keyword,
                sig.annotations,
            )
        current = next((found[b] for b in current.bases if b in found), None)
    return Signature()


def top_level_stacks(stacks: list[StackClass]) -> list[StackClass]:
    """Stacks that no other stack creates and that no other stack derives from (a base class is a template for
    its subclasses, not a stack of its own): those are the ones an entry point would create."""
    created = {name for s in stacks for name in s.info.instantiates if name != s.name}
    bases = {base for s in stacks for base in s.info.bases}
    return [s for s in stacks if s.name not in created and s.name not in bases]
