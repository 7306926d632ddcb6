"""The repairs: each recognises one synth failure and applies the one certain, smallest edit, or does nothing.

A repair never guesses: when more than one fix is plausible (two close names, a value that could mean two
things) it returns ``None`` and the ladder stops. Every edit keeps line numbers (see ``edits``).
"""

from __future__ import annotations

import ast
import difflib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from iacreview.repair.edits import Span, delete_with_comma, parses, replace_span
from iacreview.repair.failure import Failure
from iacreview.sources.workspace import SourceFile, Workspace
from iacreview.threadsafe_ast import parse_shared, walk


@dataclass(frozen=True)
class AppliedRepair:
    kind: str
    relpath: str
    line: int
    what: str
    why: str
    # The error it worked around is the answer's own, reported as such (a repair of the generated entry is
    # otherwise taken to have fixed an error of the entry alone).
    answers_error: bool = False
    # Where the answer's code behind that error is (relpath, line), when the repair knows it.
    error_at: tuple[str, int] | None = None


class ApiOracle(Protocol):
    """What the installed aws-cdk-lib accepts at a place in the code (None: unknown, so no repair)."""

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None: ...

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None: ...

    def import_for(self, name: str) -> str | None: ...

    def module_of(self, name: str) -> str | None:
        """The one aws_cdk module that defines a type of this name, else None."""
        ...

    def submodule_for(self, name: str) -> str | None:
        """The submodule a conventional alias names (``aws_elbv2`` -> ``aws_cdk.aws_elasticloadbalancingv2``)."""
        ...

    def module_members(self, module: str) -> set[str] | None:
        """What an aws_cdk module exports, when the error message names the module (None: not indexed)."""
        ...


class NoOracle:
    """Used when the API index is unavailable: only repairs that need no API knowledge apply."""

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
        return None

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        return None

    def import_for(self, name: str) -> str | None:
        return None

    def module_of(self, name: str) -> str | None:
        return None

    def submodule_for(self, name: str) -> str | None:
        return None

    def module_members(self, module: str) -> set[str] | None:
        return None


Repair = Callable[[Workspace, Failure, ApiOracle], AppliedRepair | None]

_UNEXPECTED_KW = re.compile(r"got an unexpected keyword argument '(?P<name>\w+)'")
_NO_ATTRIBUTE = re.compile(r"has no attribute '(?P<name>\w+)'(?:\. Did you mean: '(?P<hint>\w+)'\?)?")
_NO_SETTER = re.compile(r"property '(?P<name>\w+)' of '\w+' object has no setter|can't set attribute '(?P<old>\w+)'")
_MISSING_ASSET = re.compile(r"Cannot find asset at (?P<path>\S+)")
_RESERVED_ENV = re.compile(r"(?P<name>\w+) environment variable is reserved by the lambda runtime")
_UNDEFINED = re.compile(r"NameError: name '(?P<name>\w+)' is not defined")
_MISSING_POSITIONAL = re.compile(r"missing 1 required (?:positional|keyword-only) argument: '(?P<name>\w+)'")


def _camel_to_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def unique_counterpart(name: str, options: set[str]) -> tuple[bool, str | None]:
    """(certain, replacement): replacement None with certain=True means "no counterpart at all" (drop it)."""
    if not options:
        return True, None
    folded = {o.lower().replace("_", ""): o for o in options}
    exact = folded.get(name.lower().replace("_", "")) or folded.get(_camel_to_snake(name).replace("_", ""))
    if exact:
        return True, exact
    scored = sorted(((difflib.SequenceMatcher(None, name, o).ratio(), o) for o in options), reverse=True)
    close = [(score, o) for score, o in scored if score >= 0.8]
    if not close:
        return True, None
    if len(close) == 1 or close[0][0] - close[1][0] >= 0.1:
        return True, close[0][1]
    return False, None


def _strictly_closest(name: str, options: set[str]) -> str | None:
    scored = sorted(((difflib.SequenceMatcher(None, name, o).ratio(), o) for o in options), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _nodes_at(tree: ast.AST, line: int) -> Iterator[ast.AST]:
    for node in walk(tree):
        start = getattr(node, "lineno", None)
        end = getattr(node, "end_lineno", None)
        if start is not None and end is not None and start <= line <= end:
            yield node


def _innermost(nodes: Iterator[ast.AST]) -> list[ast.AST]:
    def size(n: ast.AST) -> int:
        start: int = getattr(n, "lineno", 0)
        end: int = getattr(n, "end_lineno", None) or start
        return end - start

    return sorted(nodes, key=size)


def _load(workspace: Workspace, failure: Failure) -> tuple[str, str, ast.Module] | None:
    if failure.relpath is None or failure.line is None:
        return None
    path = workspace.path(failure.relpath)
    if not path.is_file():
        return None
    source = path.read_text(encoding="utf-8")
    try:
        return failure.relpath, source, parse_shared(source)
    except SyntaxError:
        return None


def _write(workspace: Workspace, relpath: str, source: str) -> bool:
    if not parses(source):
        return False
    workspace.path(relpath).write_text(source, encoding="utf-8")
    return True


def innermost_nodes(tree: ast.AST, line: int) -> list[ast.AST]:
    """The nodes spanning ``line``, smallest first (for repairs in other modules)."""
    return _innermost(_nodes_at(tree, line))


load_failing = _load
write_checked = _write


def _keyword_fix(
    workspace: Workspace, relpath: str, source: str, call: ast.Call, name: str, oracle: ApiOracle
) -> tuple[bool, str | None] | None:
    """(certain, replacement) for keyword ``name`` of ``call``; None when the callee is unknown or accepts it."""
    options = oracle.keyword_options(relpath, source, call)
    if options is None and _is_generated(workspace, relpath):
        options = set()  # the generated entry passes optional extras; dropping one is always safe
    if options is None or name in options:
        return None
    return unique_counterpart(name, options - {k.arg for k in call.keywords if k.arg})


def _apply_keyword_fix(source: str, keyword: ast.keyword, name: str, replacement: str | None) -> str:
    span = Span.of(keyword)
    if replacement is None:
        return delete_with_comma(source, span)
    return replace_span(source, Span(span.line, span.col, span.line, span.col + len(name)), replacement)


keyword_fix = _keyword_fix
apply_keyword_fix = _apply_keyword_fix


def repair_unexpected_keyword(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """Rename or drop the keyword; other calls in the file that pass it to a callee lacking it get the same fix
    (each would raise the same error on the next synth, so fixing them now saves ladder steps, not certainty)."""
    match = _UNEXPECTED_KW.search(failure.error)
    loaded = _load(workspace, failure)
    if not match or not loaded or failure.line is None:
        return None
    relpath, source, tree = loaded
    name = match.group("name")
    calls = [n for n in _innermost(_nodes_at(tree, failure.line)) if isinstance(n, ast.Call)]
    for call in calls:
        keyword = next((k for k in call.keywords if k.arg == name), None)
        if keyword is None:
            continue
        fix = _keyword_fix(workspace, relpath, source, call, name, oracle)
        if fix is None or not fix[0]:
            return None
        replacement = fix[1]
        targets = [keyword]
        for other in walk(tree):
            if not isinstance(other, ast.Call) or other is call:
                continue
            other_keyword = next((k for k in other.keywords if k.arg == name), None)
            if other_keyword is not None and _keyword_fix(workspace, relpath, source, other, name, oracle) == fix:
                targets.append(other_keyword)
        edited = source
        for target in sorted(targets, key=lambda k: (k.lineno, k.col_offset), reverse=True):
            edited = _apply_keyword_fix(edited, target, name, replacement)
        if replacement is None:
            what = f"dropped keyword argument `{name}` (no such parameter)"
        else:
            what = f"renamed keyword argument `{name}` to `{replacement}`"
        if len(targets) > 1:
            what += f" (and at {len(targets) - 1} other call(s) to a callee without it)"
        if _write(workspace, relpath, edited):
            return AppliedRepair("keyword", relpath, keyword.lineno, what, failure.error)
        return None
    return None


def _is_generated(workspace: Workspace, relpath: str) -> bool:
    source = workspace.files.get(relpath)
    return source is not None and source.generated


def repair_attribute(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    match = _NO_ATTRIBUTE.search(failure.error)
    loaded = _load(workspace, failure)
    if not match or not loaded or failure.line is None or "has no setter" in failure.error:
        return None
    relpath, source, tree = loaded
    name = match.group("name")
    nodes = [n for n in _nodes_at(tree, failure.line) if isinstance(n, ast.Attribute) and n.attr == name]
    if len(nodes) != 1:
        return None
    node = nodes[0]
    options = oracle.attribute_options(relpath, source, node)
    named_module = _MODULE_IN_ERROR.search(failure.error)
    if options is None and named_module is not None:
        # Python named the module itself (an annotation inference does not follow, say): ask the index about it.
        options = oracle.module_members(named_module.group("module"))
    if options is None:
        return None
    if "module '" in failure.error and (oracle.module_of(name) is not None or not _close(name, options)):
        # The exact name in the one module that defines it beats any similar name in this one.
        return _repair_module_of(workspace, relpath, source, node, name, oracle, failure)
    certain, replacement = unique_counterpart(name, options)
    hint = match.group("hint")
    if not certain and hint and _strictly_closest(name, options) == hint:
        # Python's own suggestion and our ranking agree on one best candidate: two independent signals.
        certain, replacement = True, hint
    if not certain or replacement is None or (hint and hint != replacement) or _changes_kind(name, replacement):
        return None
    same = _same_text_nodes(tree, source, node)
    edited = source
    for each in sorted(same, key=lambda n: (n.end_lineno or 0, n.end_col_offset or 0), reverse=True):
        end_line = each.end_lineno or each.lineno
        end_col = each.end_col_offset or 0
        edited = replace_span(edited, Span(end_line, end_col - len(name), end_line, end_col), replacement)
    if _write(workspace, relpath, edited):
        what = f"renamed `{name}` to `{replacement}`" + _elsewhere(len(same))
        return AppliedRepair("attribute", relpath, node.lineno, what, failure.error)
    return None


def _changes_kind(name: str, replacement: str) -> bool:
    """A similar name of another kind is another thing: a CloudFormation attribute (``attr_*``) is not a factory
    (``from_*``), and an interface (``IEventSource``) cannot be instantiated where a class was named."""
    if name.startswith("attr_") != replacement.startswith("attr_"):
        return True
    return _is_interface(replacement) and not _is_interface(name)


def _is_interface(name: str) -> bool:
    return len(name) > 2 and name[0] == "I" and name[1].isupper() and name[2].islower()


def _same_text_nodes(tree: ast.AST, source: str, node: ast.Attribute) -> list[ast.Attribute]:
    """Every occurrence of the same attribute expression in the file (``ec2.NetworkAclAssociation``): one fix."""
    text = ast.get_source_segment(source, node)
    found = [
        n for n in walk(tree)
        if isinstance(n, ast.Attribute) and n.attr == node.attr and ast.get_source_segment(source, n) == text
    ]
    return found or [node]


def _elsewhere(count: int) -> str:
    return f" (here and at {count - 1} other place(s) with the same expression)" if count > 1 else ""


_MODULE_IN_ERROR = re.compile(r"module '(?P<module>aws_cdk[\w.]*)' has no attribute")


def _close(name: str, options: set[str]) -> bool:
    return bool(difflib.get_close_matches(name, list(options), n=1, cutoff=0.8))


def _repair_module_of(
    workspace: Workspace, relpath: str, source: str, node: ast.Attribute, name: str, oracle: ApiOracle,
    failure: Failure,
) -> AppliedRepair | None:
    """``cloudwatch.SnsAction`` where only ``aws_cloudwatch_actions`` defines ``SnsAction``: name that module."""
    module = oracle.module_of(name)
    if module is None:
        return None
    taken = take_from_module(source, node, module)
    if taken is not None and _write(workspace, relpath, taken[0]):
        return AppliedRepair("attribute", relpath, node.lineno, took_from_module(name, module, taken[1]),
                             failure.error)
    return None


def take_from_module(source: str, node: ast.Attribute, module: str) -> tuple[str, int] | None:
    """``source`` with every one-line occurrence of ``node``'s expression naming ``module`` instead (the edited text,
    the number of places); None when there is none."""
    name = node.attr
    replacement = f'__import__("{module}", fromlist=["{name}"]).{name}'
    same = [n for n in _same_text_nodes(parse_shared(source), source, node) if n.lineno == n.end_lineno]
    if not same:
        return None
    edited = source
    for each in sorted(same, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        edited = replace_span(edited, Span.of(each), replacement)
    return edited, len(same)


def took_from_module(name: str, module: str, places: int) -> str:
    return f"took `{name}` from `{module}`, the only module that defines it" + _elsewhere(places)


_FEATURE_FLAG = re.compile(r"Unsupported feature flag '(?P<flag>[^']+)'")


def repair_feature_flag(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """A CDK v1 feature flag in the answer's cdk.json context: drop it from the context the app gets."""
    match = _FEATURE_FLAG.search(failure.error)
    if not match:
        return None
    if match.group("flag") not in workspace.context:
        return _drop_set_context(workspace, match.group("flag"), failure)
    flag = match.group("flag")
    del workspace.context[flag]
    line = 1
    if workspace.path("cdk.json").is_file():
        lines = workspace.read("cdk.json").splitlines()
        line = next((n for n, text in enumerate(lines, start=1) if flag in text), 1)
    what = f"dropped unsupported feature flag `{flag}` from the cdk.json context"
    return AppliedRepair("context", "cdk.json", line, what, failure.error)


def _drop_set_context(workspace: Workspace, flag: str, failure: Failure) -> AppliedRepair | None:
    """``self.node.set_context("<v1 flag>", True)`` in the code: the statement becomes ``pass``."""
    found: list[tuple[str, str, ast.stmt]] = []
    for relpath, source_file in sorted(workspace.files.items()):
        if source_file.language != "python" or not workspace.path(relpath).is_file():
            continue
        source = workspace.read(relpath)
        try:
            tree = parse_shared(source)
        except SyntaxError:
            continue
        for node in walk(tree):
            if (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "set_context"
                and node.value.args and isinstance(node.value.args[0], ast.Constant)
                and node.value.args[0].value == flag
            ):
                found.append((relpath, source, node))
    if len(found) != 1:
        return None
    relpath, source, node = found[0]
    if _write(workspace, relpath, replace_span(source, Span.of(node), "pass")):
        return AppliedRepair("context", relpath, node.lineno, f"dropped `set_context` of unsupported flag `{flag}`",
                             failure.error)
    return None


def repair_read_only(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``self.environment = ...`` in a Stack: rename the attribute throughout its class (reads included)."""
    match = _NO_SETTER.search(failure.error)
    loaded = _load(workspace, failure)
    if not match or not loaded or failure.line is None:
        return None
    relpath, source, tree = loaded
    name = match.group("name") or match.group("old")
    classes = [n for n in _innermost(_nodes_at(tree, failure.line)) if isinstance(n, ast.ClassDef)]
    if not classes:
        return None
    new_name = f"{name}_value"
    targets = [
        n for n in walk(classes[0])
        if isinstance(n, ast.Attribute) and n.attr == name and isinstance(n.value, ast.Name) and n.value.id == "self"
    ]
    if not targets or any(n.attr == new_name for n in walk(classes[0]) if isinstance(n, ast.Attribute)):
        return None
    if _reads_itself(classes[0], name):
        return None  # ``self.region = self.region or "x"`` means the inherited value: renaming changes it
    edited = source
    for node in sorted(targets, key=lambda n: (n.end_lineno or 0, n.end_col_offset or 0), reverse=True):
        end_line, end_col = node.end_lineno or node.lineno, node.end_col_offset or 0
        edited = replace_span(edited, Span(end_line, end_col - len(name), end_line, end_col), new_name)
    if _write(workspace, relpath, edited):
        what = f"renamed read-only `self.{name}` to `self.{new_name}` in class {classes[0].name}"
        return AppliedRepair("read-only-property", relpath, failure.line, what, failure.error)
    return None


def _reads_itself(cls: ast.ClassDef, name: str) -> bool:
    for node in walk(cls):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Attribute) and t.attr == name for t in node.targets)
            and any(isinstance(n, ast.Attribute) and n.attr == name for n in walk(node.value))
        ):
            return True
    return False


def repair_missing_asset(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    match = _MISSING_ASSET.search(failure.error)
    if not match:
        return None
    relpath = _asset_relpath(workspace, match.group("path").rstrip(".,"))
    if relpath is None or relpath in ("", "."):
        return None
    folder = workspace.path(relpath)
    if folder.exists():
        return None
    module, function = _handler_at(workspace, failure) or ("index", "handler")
    folder.mkdir(parents=True)
    stub = f"def {function}(event, context):\n    return {{'statusCode': 200, 'body': ''}}\n"
    (folder / f"{module}.py").write_text(stub, encoding="utf-8")
    where = failure.relpath or relpath
    what = f"created placeholder asset folder `{relpath}` with `{module}.{function}`"
    return AppliedRepair("asset-placeholder", where, failure.line or 1, what, failure.error)


_MISSING_ENTRY = re.compile(r"Cannot find entry file at (?P<path>[^\s,]+)")
_NOT_A_FOLDER = re.compile(r"Asset must be a \.zip file or a directory \((?P<path>[^)\s]+)\)")
# What a placeholder entry holds, by the entry's extension (``NodejsFunction`` bundles JavaScript/TypeScript).
_ENTRY_STUBS = {
    "ts": "export const {fn} = async (): Promise<object> => ({{ statusCode: 200, body: '' }});\n",
    "mts": "export const {fn} = async (): Promise<object> => ({{ statusCode: 200, body: '' }});\n",
    "js": "exports.{fn} = async () => ({{ statusCode: 200, body: '' }});\n",
    "cjs": "exports.{fn} = async () => ({{ statusCode: 200, body: '' }});\n",
    "mjs": "export const {fn} = async () => ({{ statusCode: 200, body: '' }});\n",
    "py": "def {fn}(event, context):\n    return {{'statusCode': 200, 'body': ''}}\n",
}


def _inside_relpath(workspace: Workspace, path: str) -> str | None:
    """A path the app gave (relative to where it runs: the workspace root) as a workspace path, or None when it
    leaves the workspace."""
    if path.startswith("/"):
        return _asset_relpath(workspace, path)
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _keyword_at(workspace: Workspace, failure: Failure, name: str) -> str | None:
    """The literal string given as ``name=`` to the call at the failing line (the only such call there)."""
    loaded = _load(workspace, failure)
    if not loaded or failure.line is None:
        return None
    values = {
        k.value.value
        for call in _innermost(_nodes_at(loaded[2], failure.line)) if isinstance(call, ast.Call)
        for k in call.keywords
        if k.arg == name and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
    }
    return values.pop() if len(values) == 1 else None


def repair_missing_entry(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """A bundled function's ``entry=`` file the answer never gave: a placeholder file exporting the handler.

    Only a file of a kind the stub can be written for (JavaScript/TypeScript/Python), inside the workspace, whose
    folder holds nothing yet under that name. The handler name comes from the call (``handler=``), else the
    construct's default ``handler``.
    """
    match = _MISSING_ENTRY.search(failure.error)
    if not match:
        return None
    relpath = _inside_relpath(workspace, match.group("path").rstrip(".,"))
    if relpath is None:
        return None
    stub = _ENTRY_STUBS.get(relpath.rsplit(".", 1)[-1].lower()) if "." in relpath else None
    target = workspace.path(relpath)
    if stub is None or target.exists():
        return None
    handler = _keyword_at(workspace, failure, "handler") or "handler"
    function = handler.rpartition(".")[2]
    if not function.isidentifier():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(stub.format(fn=function), encoding="utf-8")
    what = f"created placeholder entry file `{relpath}` exporting `{function}`"
    return AppliedRepair("asset-placeholder", failure.relpath or relpath, failure.line or 1, what, failure.error)


_NO_LOCK_FILE = re.compile(r"Cannot find a package lock file")
_NODE_PROJECT_FILES = ("package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock")
_NO_PACKAGE_JSON = re.compile(r"Cannot find a `package\.json` in this project")
_BUNDLING_CONTEXT = "aws:cdk:bundling-stacks"
_BUNDLING_FAILED = re.compile(r"Failed to bundle asset|spawnSync (?:docker|esbuild) ENOENT|docker exited with status")


def repair_lock_file(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``NodejsFunction`` bundles from a Node project: an empty ``package-lock.json`` (or, for ``node_modules=``, a
    ``package.json``) at the project root, only when the answer gave no Node project files of its own."""
    wanted = "package-lock.json" if _NO_LOCK_FILE.search(failure.error) else (
        "package.json" if _NO_PACKAGE_JSON.search(failure.error) else None)
    if wanted is None:
        return None
    # A lock is refused when the answer gave any Node project file (then its own lock is what is missing).
    blocking = _NODE_PROJECT_FILES if wanted == "package-lock.json" else ("package.json",)
    if any(name in workspace.files or workspace.path(name).exists() for name in blocking):
        return None
    if wanted == "package-lock.json":
        text = '{"name": "placeholder", "lockfileVersion": 3, "requires": true, "packages": {}}\n'
    else:  # the modules the code asks to install (``node_modules=[...]``) must be listed: any version will do
        dependencies = {name: "*" for name in _node_modules(workspace)}
        text = json.dumps({"name": "placeholder", "version": "0.0.0", "private": True,
                           "dependencies": dependencies}, indent=2) + "\n"
    workspace.path(wanted).write_text(text, encoding="utf-8")
    what = f"created a placeholder `{wanted}` (no packages installed) so the function's entry can be bundled"
    return AppliedRepair("asset-placeholder", failure.relpath or wanted, failure.line or 1, what, failure.error)


def _node_modules(workspace: Workspace) -> list[str]:
    """The package names given as ``node_modules=[...]`` literals in the answer's Python files."""
    names: list[str] = []
    for relpath, source in sorted(workspace.files.items()):
        if source.generated or not relpath.endswith(".py") or not workspace.path(relpath).is_file():
            continue
        try:
            tree = parse_shared(workspace.read(relpath))
        except SyntaxError:
            continue
        for keyword in (n for n in walk(tree) if isinstance(n, ast.keyword) and n.arg == "node_modules"):
            if isinstance(keyword.value, ast.List | ast.Tuple):
                elements = keyword.value.elts
                names += [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return sorted(set(names))


def repair_skip_bundling(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """A ``NodejsFunction`` without esbuild builds a Docker image when it is created, which a review cannot (and
    need not) do: CDK is told to bundle no stack (its own switch, ``aws:cdk:bundling-stacks``) and the function is
    given a named image so none is built. The template is the same; only the asset stays unbundled.

    Refused unless the failing call is a ``NodejsFunction`` whose ``bundling=`` is absent or a literal
    ``BundlingOptions(...)`` without ``docker_image``.
    """
    loaded = _load(workspace, failure)
    if not _BUNDLING_FAILED.search(failure.error) or not loaded or failure.line is None:
        return None
    relpath, source, tree = loaded
    calls = [n for n in _innermost(_nodes_at(tree, failure.line))
             if isinstance(n, ast.Call) and _callee(n) == "NodejsFunction"]
    if len(calls) != 1:
        return None
    call = calls[0]
    bundling = [k.value for k in call.keywords if k.arg == "bundling"]
    if any(k.arg is None for k in call.keywords):
        return None  # **kwargs may already carry bundling
    if not bundling:
        target, text = call, f"bundling={_NODEJS}.BundlingOptions(docker_image={_IMAGE})"
    else:
        options = bundling[0]
        if not isinstance(options, ast.Call) or _callee(options) != "BundlingOptions" or options.args or any(
                k.arg in (None, "docker_image") for k in options.keywords):
            return None
        target, text = options, f"docker_image={_IMAGE}"
    if not _write(workspace, relpath, append_argument(source, target, text)):
        return None
    workspace.context.setdefault(_BUNDLING_CONTEXT, [])
    what = (f"set the context `{_BUNDLING_CONTEXT}` to `[]` and gave the function a named bundling image: the asset "
            "is not bundled (a review builds no Docker image)")
    return AppliedRepair("asset-placeholder", relpath, call.lineno, what, failure.error)


def append_argument(source: str, call: ast.Call, text: str) -> str:
    """``source`` with the argument ``text`` added last in ``call`` (after a trailing comma if there is one); no
    line moves."""
    end_line, end_col = call.end_lineno or call.lineno, (call.end_col_offset or 1) - 1
    lines = source.splitlines(keepends=True)
    before = "".join(lines[: end_line - 1]) + lines[end_line - 1][:end_col]
    stripped = before.rstrip()
    if call.args or call.keywords:
        text = text if stripped.endswith(",") else ", " + text
    return replace_span(source, Span(end_line, end_col, end_line, end_col), text)


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


_NODEJS = '__import__("aws_cdk.aws_lambda_nodejs").aws_lambda_nodejs'
_IMAGE = '__import__("aws_cdk").DockerImage.from_registry("placeholder")'


def repair_placeholder(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """A placeholder token that fails a validation (``values.repair_placeholder_value``; imported here because
    ``values`` builds on this module)."""
    from iacreview.repair.values import repair_placeholder_value

    return repair_placeholder_value(workspace, failure, oracle)


def repair_sibling_import(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """A name another file of the answer defines: ``imports.repair_name_from_sibling`` (a ``NameError``) or
    ``imports.repair_import_from_sibling`` (imported from the wrong answer module); imported here because
    ``imports`` builds on this module."""
    from iacreview.repair.imports import repair_import_from_sibling, repair_name_from_sibling

    applied = repair_name_from_sibling(workspace, failure, oracle)
    return applied or repair_import_from_sibling(workspace, failure, oracle)


def repair_file_as_asset(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``Code.from_asset("lambda/x.py")``: a code asset must be a folder, so the file is put in a folder of that
    name (``lambda/x.py/x.py``) and the handler module ``x`` sits at the asset's root, as the code expects.

    Refused when the file is not a source file of the answer, when another file imports it (moving it would break
    that import), or when the call's literal ``handler=`` names another module.
    """
    match = _NOT_A_FOLDER.search(failure.error)
    if not match:
        return None
    relpath = _inside_relpath(workspace, match.group("path"))
    if relpath is None or relpath not in workspace.files or not workspace.path(relpath).is_file():
        return None
    stem, _, suffix = relpath.rpartition("/")[2].rpartition(".")
    if suffix not in ("py", "js", "mjs", "cjs") or not stem.isidentifier():
        return None
    handler = _keyword_at(workspace, failure, "handler")
    if handler is not None and handler.rpartition(".")[0] != stem:
        return None
    if _imported_anywhere(workspace, relpath):
        return None
    source = workspace.files.pop(relpath)
    text = workspace.read(relpath)
    workspace.path(relpath).unlink()
    moved = f"{relpath}/{stem}.{suffix}"
    workspace.add_file(SourceFile(moved, source.origin, source.first_line, source.generated, source.language), text)
    what = f"put the asset file `{relpath}` in a folder of that name (`{moved}`): a code asset must be a folder"
    return AppliedRepair("asset-placeholder", failure.relpath or moved, failure.line or 1, what, failure.error)


def _imported_anywhere(workspace: Workspace, relpath: str) -> bool:
    """Whether some Python file of the workspace imports the module at ``relpath`` (by its dotted path or stem)."""
    dotted = relpath.removesuffix(".py").replace("/", ".")
    stem = dotted.rpartition(".")[2]
    for other in workspace.files:
        if other == relpath or not other.endswith(".py") or not workspace.path(other).is_file():
            continue
        try:
            tree = parse_shared(workspace.read(other))
        except SyntaxError:
            continue
        for node in walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n in (dotted, stem) or n.endswith("." + stem) for n in names):
                return True
    return False


_TEMP_WORKSPACE = re.compile(r"/iacreview-[^/]+/(?P<rel>[\w./-]+)$")


def _asset_relpath(workspace: Workspace, path: str) -> str | None:
    """A path inside this workspace, or inside the temp dir of an earlier identical one (a cached synth result
    names the folder it ran in), as a relative path; None for anything else (``/etc/passwd`` stays refused)."""
    relpath = workspace.relpath_of(path)
    if relpath is not None:
        return relpath
    match = _TEMP_WORKSPACE.search(path)
    if match is None or ".." in match.group("rel").split("/"):
        return None
    return match.group("rel")


def _handler_at(workspace: Workspace, failure: Failure) -> tuple[str, str] | None:
    loaded = _load(workspace, failure)
    if not loaded or failure.line is None:
        return None
    _, _, tree = loaded
    for call in (n for n in _innermost(_nodes_at(tree, failure.line)) if isinstance(n, ast.Call)):
        for keyword in call.keywords:
            value = keyword.value
            if keyword.arg == "handler" and isinstance(value, ast.Constant) and isinstance(value.value, str):
                module, _, function = value.value.rpartition(".")
                if module and function and "/" not in module:
                    return module.replace(".", "/"), function
    return None


def repair_reserved_env(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    match = _RESERVED_ENV.search(failure.error)
    if not match:
        return None
    name = match.group("name")
    for relpath in sorted(workspace.files):
        path = workspace.path(relpath)
        if not relpath.endswith(".py") or not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        try:
            tree = parse_shared(source)
        except SyntaxError:
            continue
        spans = [
            Span(key.lineno, key.col_offset, value.end_lineno or value.lineno, value.end_col_offset or 0)
            for d in walk(tree) if isinstance(d, ast.Dict)
            for key, value in zip(d.keys, d.values, strict=True)
            if isinstance(key, ast.Constant) and key.value == name
        ]
        if not spans:
            continue
        edited = source
        for span in sorted(spans, key=lambda s: (s.line, s.col), reverse=True):
            edited = delete_with_comma(edited, span)
        if _write(workspace, relpath, edited):
            what = f"dropped reserved Lambda environment variable `{name}`"
            return AppliedRepair("reserved-env", relpath, spans[0].line, what, failure.error)
    return None


def repair_missing_name(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``NameError`` for a name aws_cdk exports: add the import at the end of an existing import line."""
    match = _UNDEFINED.search(failure.error)
    loaded = _load(workspace, failure)
    if not match or not loaded:
        return None
    relpath, source, tree = loaded
    statement = oracle.import_for(match.group("name"))
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    if statement is None or not imports:
        return None
    last = imports[0]
    end_line, end_col = last.end_lineno or last.lineno, last.end_col_offset or 0
    edited = replace_span(source, Span(end_line, end_col, end_line, end_col), f"; {statement}")
    if _write(workspace, relpath, edited):
        return AppliedRepair("import", relpath, end_line, f"added `{statement}`", failure.error)
    return None


def repair_harness_argument(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """The generated entry misses a required stack argument: pass the environment suffix when the name says so."""
    match = _MISSING_POSITIONAL.search(failure.error)
    loaded = _load(workspace, failure)
    if not match or not loaded or failure.relpath is None or not _is_generated(workspace, failure.relpath):
        return None
    relpath, source, tree = loaded
    name = match.group("name")
    if not re.search(r"env|suffix|stage", name, re.IGNORECASE):
        return None
    calls = [n for n in _innermost(_nodes_at(tree, failure.line or 0)) if isinstance(n, ast.Call)]
    if not calls:
        return None
    call = calls[0]
    end_line, end_col = call.end_lineno or call.lineno, (call.end_col_offset or 1) - 1
    edited = replace_span(source, Span(end_line, end_col, end_line, end_col), f", {name}=suffix")
    if _write(workspace, relpath, edited):
        return AppliedRepair("harness", relpath, call.lineno, f"generated entry passes `{name}=suffix`", failure.error)
    return None


def close_brackets(source: str) -> str | None:
    """Close what a truncated file left open; None unless that yields valid code."""
    stack: list[str] = []
    pairs = {"(": ")", "[": "]", "{": "}"}
    in_string: str | None = None
    index = 0
    while index < len(source):
        char = source[index]
        if in_string:
            if source.startswith(in_string, index):
                index += len(in_string)
                in_string = None
                continue
            index += 2 if char == "\\" else 1
            continue
        if char == "#":
            newline = source.find("\n", index)
            index = len(source) if newline < 0 else newline
            continue
        if source.startswith(('"""', "'''"), index):
            in_string = source[index : index + 3]
            index += 3
            continue
        if char in "\"'":
            in_string = char
        elif char in pairs:
            stack.append(pairs[char])
        elif char in ")]}" and stack:
            stack.pop()
        index += 1
    closing = (in_string or "") + "".join(reversed(stack))
    if not closing:
        return None
    candidate = source.rstrip().rstrip(",") + closing + "\n"
    return candidate if parses(candidate) else None


def repair_truncation(workspace: Workspace, relpath: str) -> AppliedRepair | None:
    path: Path = workspace.path(relpath)
    source = path.read_text(encoding="utf-8")
    if parses(source):
        return None
    fixed = close_brackets(source)
    what = "closed the brackets a truncated file left open"
    if fixed is None and is_cut_off(workspace, relpath, source):
        fixed = drop_unfinished_tail(source)
        what = "dropped the unfinished last statement of a truncated file"
    if fixed is None:
        return None
    path.write_text(fixed, encoding="utf-8")
    line = source.rstrip().count("\n") + 1
    return AppliedRepair("truncation", relpath, line, what, "truncated")


def is_cut_off(workspace: Workspace, relpath: str, source: str) -> bool:
    """The loader found the answer cut off (SYN001) at the end of this file's lines: only then may a tail go."""
    origin = workspace.files.get(relpath)
    if origin is None or origin.first_line is None:
        return False
    last = origin.first_line + source.count("\n") + 1
    return any(
        f.rule_id == "SYN001" and f.location is not None and f.location.path == origin.origin
        and origin.first_line <= f.location.line <= last + 1
        for f in workspace.findings
    )


def drop_unfinished_tail(source: str, most: int = 60) -> str | None:
    """The longest prefix of whole lines that parses, when only the last ``most`` lines must go: a file cut off in
    the middle of a string or statement keeps everything before that statement, and every line keeps its number."""
    lines = source.splitlines(keepends=True)
    for keep in range(len(lines) - 1, max(len(lines) - most, 0) - 1, -1):
        prefix = "".join(lines[:keep])
        if prefix.strip() and parses(prefix):
            return prefix + "\n" * (len(lines) - keep)
    return None


SYNTH_REPAIRS: tuple[Repair, ...] = (
    repair_unexpected_keyword,
    repair_attribute,
    repair_read_only,
    repair_missing_asset,
    repair_missing_entry,
    repair_lock_file,
    repair_skip_bundling,
    repair_file_as_asset,
    repair_placeholder,
    repair_reserved_env,
    repair_missing_name,
    repair_sibling_import,
    repair_harness_argument,
    repair_feature_flag,
)
