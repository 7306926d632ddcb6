"""Choose what to run: the answer's own entry, or a generated one (DESIGN.md "When an answer has no entry point").

Most answers give only ``lib/tap_stack.py``. The dataset's projects run such a module with a standard entry that
reads context ``environmentSuffix``, builds ``TapStackProps(environment_suffix=..., env=Environment(...))`` and
creates ``TapStack(app, f"TapStack{suffix}", props=props)``. The generated entry does the same for every top-level
stack class it finds, passing only what the constructor accepts, and every choice becomes an assumption string
shown in the review.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from iacreview.config import Config
from iacreview.sources.workspace import SourceFile, Workspace
from iacreview.synth.stacks import ClassInfo, StackClass, find_stacks, module_name, parse, top_level_stacks
from iacreview.synth.stacks import workspace_classes as _classes
from iacreview.threadsafe_ast import walk

HARNESS = "_iacreview_app.py"
# Bumped whenever the generated text changes, so cached results of older harnesses are not reused.
HARNESS_VERSION = "3"
# Written by the repair ladder into a workspace copy: the generated entry then creates environment-agnostic stacks
# (``repair/harness_env.py``).
NO_ENV_MARKER = ".iacreview-harness-no-env"


@dataclass
class EntryPlan:
    """What to run (``entry``: a workspace relpath) and why; ``entry`` is None when nothing can be run."""

    entry: str | None
    assumptions: list[str] = field(default_factory=list)
    problem: str | None = None


def calls_synth(tree: ast.Module) -> bool:
    """True when the module calls ``<something>.synth()`` anywhere (``app.synth()``, ``App().synth()``)."""
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "synth" for n in walk(tree)
    )


def environment_suffix(workspace: Workspace, config: Config) -> str:
    value = workspace.context.get("environmentSuffix")
    return value if isinstance(value, str) and value else config.environment_suffix


def plan_entry(workspace: Workspace, config: Config) -> EntryPlan:
    """Use the workspace entry when it calls ``synth()``; otherwise write ``_iacreview_app.py`` into the workspace."""
    entry = workspace.entry
    why = "No entry point"
    if entry is not None and entry in workspace.files and not workspace.files[entry].generated:
        tree = parse(workspace, entry)
        if tree is None or calls_synth(tree):
            # An entry that does not parse still runs: Python reports its SyntaxError with the line.
            return EntryPlan(entry)
        why = f"The entry {entry} never calls app.synth()"
    elif entry is None:
        callers = _synth_callers(workspace)
        if len(callers) == 1:
            return EntryPlan(
                callers[0], [f"No entry point was named: ran {callers[0]}, the only file that calls app.synth()"]
            )
    return _generate(workspace, config, why)


def _synth_callers(workspace: Workspace) -> list[str]:
    callers = []
    for source in workspace.python_files():
        tree = None if source.generated else parse(workspace, source.relpath)
        if tree is not None and calls_synth(tree):
            callers.append(source.relpath)
    return sorted(callers)


@dataclass(frozen=True)
class _Call:
    """One stack construction in the harness: the Python text and how it reads in an assumption."""

    code: str
    shown: str


def _generate(workspace: Workspace, config: Config, why: str) -> EntryPlan:
    classes = _classes(workspace)
    stacks = top_level_stacks(find_stacks(workspace, classes))
    if not stacks:
        return EntryPlan(
            None,
            [f"{why} and no Stack subclass was found: nothing to synthesize"],
            problem="no entry point and no Stack subclass to create",
        )
    suffix = environment_suffix(workspace, config)
    imports: dict[str, set[str]] = {}
    calls: list[_Call] = []
    assumptions: list[str] = []
    for stack in sorted(stacks, key=lambda s: (s.info.relpath, s.info.line)):
        call, needs, skipped = _construct(stack, classes, suffix)
        if call is None:
            assumptions.append(skipped)
            continue
        calls.append(call)
        for name, relpath in needs:
            imports.setdefault(relpath, set()).add(name)
    if not calls:
        return EntryPlan(None, [f"{why}; {a}" for a in assumptions], problem="no stack could be created")
    relative = {r for r in imports if (tree := parse(workspace, r)) is not None and uses_relative_imports(tree)}
    with_env = not (workspace.root / NO_ENV_MARKER).exists()
    text = _render(imports, calls, relative, with_env=with_env)
    workspace.add_file(SourceFile(relpath=HARNESS, origin=workspace.subject, first_line=None, generated=True), text)
    created = "; ".join(c.shown for c in calls)
    assumptions.insert(0, f"{why}: generated one that creates {created}")
    env_note = (
        f"The generated entry passes env=Environment(account=CDK_DEFAULT_ACCOUNT, region=CDK_DEFAULT_REGION) "
        f"where the constructor accepts it (account {config.fake_account}, region "
        f"{workspace.region or config.default_region})"
    )
    if with_env and any("env=" in c.code for c in calls):
        assumptions.append(env_note)
    return EntryPlan(HARNESS, assumptions)


def _construct(
    stack: StackClass, classes: list[ClassInfo], suffix: str
) -> tuple[_Call | None, list[tuple[str, str]], str]:
    """The construction call of one stack, the (name, relpath) it imports, or why it was skipped."""
    sig = stack.signature
    construct_id = f"{stack.name}{suffix}"
    needs = [(stack.name, stack.info.relpath)]
    args: list[tuple[str, str]] = []  # (code, shown)
    env_given = False
    if sig.accepts("props"):
        props = _props_class(stack, classes)
        if props is not None:
            inner, inner_shown, env_given = _props_args(props, suffix)
            args.append((f"props={props.name}({inner})", f"props={props.name}({inner_shown})"))
            needs.append((props.name, props.relpath))
        elif sig.annotations.get("props") == "StackProps":
            args.append(("props=cdk.StackProps(env=env)", "props=StackProps(env=...)"))
            env_given = True
    if sig.accepts("environment_suffix"):
        args.append(("environment_suffix=suffix", f"environment_suffix={suffix!r}"))
    if not env_given and (sig.accepts("env") or sig.var_keyword):
        args.append(("env=env", "env=Environment(...)"))
    given = {code.split("=", 1)[0] for code, _ in args}
    missing = [name for name in sig.required if name not in given]
    if missing:
        where = f"{stack.info.relpath}:{stack.info.line}"
        reason = f"{stack.name} ({where}) was not created: its constructor requires {', '.join(missing)}"
        return None, [], reason
    # The dataset's TapStack is created as f"TapStack{suffix}"; any other stack the same way after its name.
    code = ", ".join(["app", f'f"{stack.name}{{suffix}}"'] + [c for c, _ in args])
    shown = ", ".join(["app", repr(construct_id)] + [s for _, s in args])
    return _Call(f"{stack.name}({code})", f"{stack.name}({shown})"), needs, ""


def _props_class(stack: StackClass, classes: list[ClassInfo]) -> ClassInfo | None:
    """The props class: the one the ``props`` annotation names, else ``<Stack>Props``, else one in the module."""
    by_name = {c.name: c for c in classes}
    named = stack.signature.annotations.get("props", "")
    for candidate in (named, f"{stack.name}Props"):
        if candidate in by_name:
            return by_name[candidate]
    same_module = [c for c in classes if c.relpath == stack.info.relpath and c.name.endswith("Props")]
    return same_module[0] if len(same_module) == 1 else None


def _props_args(props: ClassInfo, suffix: str) -> tuple[str, str, bool]:
    """Keyword arguments for the props class: ``environment_suffix`` and ``env`` when it takes them."""
    init = props.init
    takes_suffix = (init is not None and init.accepts("environment_suffix")) or "environment_suffix" in props.fields
    stack_props_base = "StackProps" in props.bases
    takes_env = (
        (init is not None and (init.accepts("env") or init.var_keyword))
        or (init is None and stack_props_base and not props.is_dataclass)
        or "env" in props.fields
    )
    code: list[str] = []
    shown: list[str] = []
    if takes_suffix:
        code.append("environment_suffix=suffix")
        shown.append(f"environment_suffix={suffix!r}")
    if takes_env:
        code.append("env=env")
        shown.append("env=Environment(...)")
    return ", ".join(code), ", ".join(shown), takes_env


_LOADER = '''

def _load(name: str, path: str) -> object:
    """Import a module whose file name is not a valid dotted name."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
'''


PACKAGE = "_answer"
_PACKAGE_LINES = [
    f"{PACKAGE} = types.ModuleType({PACKAGE!r})",
    f"{PACKAGE}.__path__ = [os.path.dirname(os.path.abspath(__file__))]",
    f"sys.modules[{PACKAGE!r}] = {PACKAGE}",
]


def uses_relative_imports(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.ImportFrom) and n.level > 0 for n in walk(tree))


def _render(imports: dict[str, set[str]], calls: list[_Call], relative: set[str], *, with_env: bool = True) -> str:
    lines = [
        '"""Entry point generated by iacreview: the answer has none. Every choice is listed in the review."""',
        "import importlib.util",
        "import os",
        "import sys",
        "import types",
        "",
        "import aws_cdk as cdk",
    ]
    loaded: list[str] = []
    for index, (relpath, names) in enumerate(sorted(imports.items())):
        dotted = module_name(relpath)
        if dotted is not None and "." not in dotted and relpath in relative:
            # A top-level module with ``from .x import y`` needs a parent package: the workspace root is one.
            if _PACKAGE_LINES[0] not in lines:
                lines += _PACKAGE_LINES
            lines.append(f"from {PACKAGE}.{dotted} import {', '.join(sorted(names))}")
        elif dotted is not None:
            lines.append(f"from {dotted} import {', '.join(sorted(names))}")
        else:
            alias = f"_module{index}"
            loaded.append(f"{alias} = _load({alias!r}, {relpath!r})")
            loaded += [f"{n} = {alias}.{n}  # type: ignore[attr-defined]" for n in sorted(names)]
    if loaded:
        lines.append(_LOADER)
        lines += loaded
    lines += [
        "",
        "app = cdk.App()",
        'suffix = app.node.try_get_context("environmentSuffix") or "dev"',
        'env = cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), '
        'region=os.environ.get("CDK_DEFAULT_REGION"))' if with_env else "env = None  # environment-agnostic",
        *[c.code for c in calls],
        "app.synth()",
        "",
    ]
    return "\n".join(lines)
