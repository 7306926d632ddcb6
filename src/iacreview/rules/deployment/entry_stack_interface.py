"""DEP024 — The entry and the stack module do not fit together.

**What**: the app's entry (``tap.py`` / ``app.py``; when the answer has none, the project's standard entry, which
does ``from lib.tap_stack import TapStack, TapStackProps`` and
``TapStack(app, f"TapStack{suffix}", props=TapStackProps(environment_suffix=..., env=...))``) imports a name the
stack module does not define, passes a keyword argument the class's ``__init__`` does not accept, leaves a required
parameter out, or passes ``props=`` through ``**kwargs`` straight into ``Stack.__init__``.

**Why**: the entry raises ``ImportError`` or ``TypeError`` before any construct exists: ``cdk synth`` fails.

**Fix**: define the names the entry imports and accept its arguments, e.g.
``def __init__(self, scope, construct_id, props: TapStackProps | None = None, **kwargs)``.

**Example**::

    class TapStack(Stack):
        def __init__(self, scope, construct_id, environment_suffix: str, **kwargs): ...
    # standard entry: TapStack(app, "TapStackdev", props=TapStackProps(...))
    #   -> TypeError: missing 'environment_suffix'; Stack.__init__ got an unexpected keyword 'props'

Critical when the answer's own entry is at fault; high when it is the project's standard entry (the review's
own synth adapts its generated entry to the answer). Only checked when the stack module is in the workspace;
classes whose signature cannot be known statically (no ``__init__`` and not a dataclass) are not judged.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.parse import has_star_import
from iacreview.rules.base import ParsedModule, SourceContext, SourceHit
from iacreview.rules.deployment.handler_not_found import top_level_names
from iacreview.threadsafe_ast import walk

META = RuleMeta(
    id="DEP024",
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="Entry and stack interface mismatch",
    impact="The entry raises ImportError or TypeError: cdk synth fails before any resource exists.",
    fix="Make the stack module define what the entry imports and accept the arguments it passes.",
    target=Target.SOURCE,
    keywords=("entry point", "tap.py", "TapStackProps", "props", "unexpected keyword", "ImportError",
              "interface mismatch", "constructor signature", "environment_suffix"),
)

STANDARD_MODULE = "lib/tap_stack.py"
STANDARD_ENTRY = "tap.py"
# Keywords of the standard entry that no aws_cdk Stack accepts: forwarding them through **kwargs fails.
_NOT_STACK_KEYWORDS = frozenset({"props", "environment_suffix"})
_STACK_BASES = frozenset({"Stack", "NestedStack"})


@dataclass(frozen=True)
class _Call:
    name: str
    positional: int
    keywords: tuple[str, ...]
    line: int
    open_ended: bool = False  # *args / **kwargs at the call: counts cannot be judged


@dataclass(frozen=True)
class _Use:
    """What an entry needs from one stack module."""

    module: str  # workspace relpath of the stack module
    imports: tuple[tuple[str, int], ...]
    calls: tuple[_Call, ...]
    entry: str | None  # relpath of the entry file, None for the standard entry
    line: int  # line of the import in the entry


def _module_file(ctx: SourceContext, dotted_module: str) -> str | None:
    base = dotted_module.replace(".", "/")
    for candidate in (f"{base}.py", f"{base}/__init__.py"):
        if candidate in ctx.modules:
            return candidate
    return None


def _entry_uses(ctx: SourceContext, entry: ParsedModule) -> list[_Use]:
    assert entry.tree is not None
    uses: list[_Use] = []
    for node in walk(entry.tree):
        if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
            continue
        target = _module_file(ctx, node.module)
        if target is None or target == entry.relpath:
            continue
        imported = {a.asname or a.name: a.name for a in node.names if a.name != "*"}
        calls = []
        for call in walk(entry.tree):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in imported:
                open_ended = any(isinstance(a, ast.Starred) for a in call.args) or any(
                    k.arg is None for k in call.keywords
                )
                calls.append(
                    _Call(
                        imported[call.func.id],
                        len(call.args),
                        tuple(k.arg for k in call.keywords if k.arg is not None),
                        call.lineno,
                        open_ended,
                    )
                )
        uses.append(
            _Use(target, tuple((a.name, node.lineno) for a in node.names if a.name != "*"), tuple(calls),
                 entry.relpath, node.lineno)
        )
    return uses


def _standard_use() -> _Use:
    return _Use(
        STANDARD_MODULE,
        (("TapStack", 1), ("TapStackProps", 1)),
        (_Call("TapStack", 2, ("props",), 1), _Call("TapStackProps", 0, ("environment_suffix", "env"), 1)),
        None,
        1,
    )


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def _is_dataclass(cls: ast.ClassDef) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "dataclass")
        or (isinstance(d, ast.Attribute) and d.attr == "dataclass")
        or (isinstance(d, ast.Call) and "dataclass" in ast.unparse(d.func))
        for d in cls.decorator_list
    )


def _base_names(cls: ast.ClassDef) -> set[str]:
    names = {b.attr for b in cls.bases if isinstance(b, ast.Attribute)}
    return names | {b.id for b in cls.bases if isinstance(b, ast.Name)}


def _bases_are_library_structs(cls: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> bool:
    """Every base is a library ``*Props`` struct (``cdk.StackProps``), not a class of the module.

    ``@dataclass`` only collects fields of bases that are dataclasses themselves; a jsii struct is not one, so the
    generated ``__init__`` takes the class's own annotated fields and nothing else (``env=`` raises TypeError).
    """
    return all(isinstance(b, ast.Name | ast.Attribute) for b in cls.bases) and all(
        name.endswith("Props") and name not in classes for name in _base_names(cls)
    )


def _call_problems(cls: ast.ClassDef, call: _Call, classes: dict[str, ast.ClassDef]) -> list[str]:
    """Why calling ``cls`` the way the entry does raises TypeError (empty when it does not, or cannot be known)."""
    init = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is None:
        if not _is_dataclass(cls) or (_base_names(cls) and not _bases_are_library_structs(cls, classes)):
            return []
        fields = [n.target.id for n in cls.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
        unknown = [k for k in call.keywords if k not in fields]
        return [f"{call.name} (a dataclass) has no field `{k}`" for k in unknown]
    if call.open_ended:
        return []
    args = init.args
    positional = [a.arg for a in [*args.posonlyargs, *args.args]][1:]
    keyword_names = {a.arg for a in [*args.args[1 if not args.posonlyargs else 0 :], *args.kwonlyargs]}
    problems: list[str] = []
    if args.vararg is None and call.positional > len(positional):
        problems.append(f"{call.name}.__init__ takes {len(positional)} positional arguments, the entry passes "
                        f"{call.positional}")
    passed = set(positional[: call.positional]) | set(call.keywords)
    for keyword in call.keywords:
        if keyword in keyword_names:
            continue
        if args.kwarg is None:
            problems.append(f"{call.name}.__init__ does not accept `{keyword}=`")
        elif keyword in _NOT_STACK_KEYWORDS and _forwards_to_stack(cls, init, args.kwarg.arg):
            problems.append(
                f"`{keyword}=` is not a parameter of {call.name}.__init__ and goes through "
                f"**{args.kwarg.arg} to Stack.__init__, which does not accept it"
            )
    required = positional[: len(positional) - len(args.defaults)]
    required += [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is None]
    missing = [name for name in required if name not in passed]
    if missing:
        problems.append(f"{call.name}.__init__ requires {', '.join(f'`{m}`' for m in missing)}, which the entry "
                        "does not pass")
    return problems


def _forwards_to_stack(cls: ast.ClassDef, init: ast.FunctionDef, kwarg: str) -> bool:
    """``super().__init__(..., **kwargs)`` on a Stack subclass with ``kwargs`` used nowhere else (no pop/get)."""
    if not (_base_names(cls) & _STACK_BASES):
        return False
    forwarded: set[int] = set()
    for node in walk(init):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
            forwarded.update(
                id(k.value)
                for k in node.keywords
                if k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kwarg
            )
    uses = [n for n in walk(init) if isinstance(n, ast.Name) and n.id == kwarg]
    return bool(forwarded) and all(id(n) in forwarded for n in uses)


def _entry(ctx: SourceContext) -> ParsedModule | None:
    relpath = ctx.workspace.entry
    if relpath is None:
        return None
    source = ctx.workspace.files.get(relpath)
    if source is not None and source.generated:
        return None
    module = ctx.modules.get(relpath)
    return module if module is not None and module.tree is not None else None


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    entry = _entry(ctx)
    uses = _entry_uses(ctx, entry) if entry is not None else [_standard_use()]
    for use in uses:
        stack = ctx.modules.get(use.module)
        if stack is None or stack.tree is None or has_star_import(stack.tree):
            continue
        source = ctx.workspace.files.get(use.module)
        if source is not None and source.generated:
            continue
        defined = top_level_names(stack.tree)
        classes = _classes(stack.tree)
        who = f"{use.entry}" if use.entry else f"The project's standard entry ({STANDARD_ENTRY})"
        # The answer's own entry fails its synth; the standard entry is the project's, not what this review ran.
        severity = None if use.entry else Severity.HIGH
        missing = [(name, line) for name, line in use.imports if name not in defined]
        for name, line in missing:
            where_path, where_line = (use.entry, line) if use.entry else (use.module, _anchor(stack.tree))
            yield SourceHit(
                where_path,
                where_line,
                f"{who} imports `{name}` from {use.module}, which does not define it: ImportError, synth fails.",
                evidence=name,
                severity=severity,
            )
        if missing:
            continue
        for call in use.calls:
            cls = classes.get(call.name)
            if cls is None:
                continue
            for problem in _call_problems(cls, call, classes):
                where_path, where_line = (use.entry, call.line) if use.entry else (use.module, cls.lineno)
                yield SourceHit(
                    where_path,
                    where_line,
                    f"{who} calls {call.name}(...) as the project does, but {problem}: TypeError, synth fails.",
                    evidence=call.name,
                    severity=severity,
                )


def _anchor(tree: ast.Module) -> int:
    """Where a stack-module-wide finding points: the first class, else line 1."""
    return next((node.lineno for node in tree.body if isinstance(node, ast.ClassDef)), 1)
