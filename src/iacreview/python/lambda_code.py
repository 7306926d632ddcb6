"""Find the Lambda functions a CDK app defines, statically, with the code they ship.

The static code layer needs to know, for every ``Function`` / ``SingletonFunction`` / ``PythonFunction`` call, what
code it deploys (an inline string or an asset folder), its handler, runtime and environment. Everything here is
resolved only when it is certain: a string literal, a name bound once to a literal in the same function or module,
``"\\n".join([...])`` of literals, ``textwrap.dedent(...)``, a method of the same class that returns a literal, and
``os.path.join(os.path.dirname(__file__), "lambda")`` style asset paths. Anything else is left as unknown, and rules
stay silent about unknowns: a false finding is worse than a missed one.

Module aliases are resolved from the file's imports (``from aws_cdk import aws_lambda as _lambda``) and, when the
answer forgot the import, by the usual names (``_lambda``, ``lambda_``, ``aws_lambda``).
"""

from __future__ import annotations

import ast
import functools
import importlib.resources
import io
import json
import posixpath
import textwrap
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.rules.base import ParsedModule, SourceContext
from iacreview.threadsafe_ast import walk

# Names that conventionally hold ``aws_cdk.aws_lambda`` even when the import is missing or unusual.
FALLBACK_LAMBDA_MODULES = frozenset({"_lambda", "lambda_", "aws_lambda", "lambda_fn", "lmbda", "awslambda"})
FUNCTION_CLASSES = frozenset({"Function", "SingletonFunction", "PythonFunction"})

_FACTS_KEY = "lambda_code"


@dataclass(frozen=True)
class InlineCode:
    """Inline handler code and where each of its lines sits in the Python file that holds it."""

    relpath: str
    text: str
    # ``lines[i]`` is the line of ``relpath`` holding line ``i + 1`` of ``text``.
    lines: tuple[int, ...]
    # ``exact[i]``: that line starts at the beginning of a physical line (so columns carry over).
    exact: tuple[bool, ...]
    line: int  # line of the string literal (or of the expression that produced the code)

    def line_of(self, inline_line: int) -> int:
        """The outer file's line for line ``inline_line`` (1-based) of the inline code."""
        if 1 <= inline_line <= len(self.lines):
            return self.lines[inline_line - 1]
        return self.lines[-1] if self.lines else self.line

    def column_of(self, inline_line: int, column: int | None) -> int | None:
        if column is None or not (1 <= inline_line <= len(self.exact)) or not self.exact[inline_line - 1]:
            return None
        return column


@dataclass(frozen=True)
class AssetRef:
    """``Code.from_asset(<path>)``: ``path`` is workspace-relative (posix) when certain, else None."""

    relpath: str
    line: int
    column: int
    written: str  # the argument as written in the source
    path: str | None


@dataclass(frozen=True)
class EnvEntry:
    key: str
    line: int
    column: int


@dataclass(frozen=True)
class LambdaFunction:
    relpath: str
    line: int
    column: int
    kind: str  # Function, SingletonFunction or PythonFunction
    construct_id: str | None = None
    inline: InlineCode | None = None
    asset: AssetRef | None = None
    handler: str | None = None
    handler_line: int | None = None
    runtime: str | None = None  # CDK member name, e.g. ``PYTHON_3_8``
    runtime_id: str | None = None  # when written as ``Runtime("python3.8")``
    runtime_line: int | None = None
    environment: tuple[EnvEntry, ...] = ()
    # PythonFunction: entry folder and index file.
    index: str | None = None

    @property
    def is_python(self) -> bool | None:
        """True/False when the runtime says so; None when the runtime is not known."""
        if self.kind == "PythonFunction":
            return True
        name = self.runtime or (self.runtime_id or "").upper()
        if not name:
            return None
        return name.startswith("PYTHON")


# ----------------------------------------------------------------------------------------------- aliases


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def import_aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> canonical dotted name (``_lambda`` -> ``aws_cdk.aws_lambda``) from every import in the file."""
    aliases: dict[str, str] = {}
    for node in walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    aliases.setdefault(head, head)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name != "*":
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def canonical(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """The dotted name with its head resolved through the imports; lambda module names are normalised to
    ``aws_lambda`` (``_lambda.Code.from_inline`` -> ``aws_lambda.Code.from_inline``)."""
    name = dotted(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    if head in aliases:
        full = aliases[head] + ("." + rest if rest else "")
    elif head in FALLBACK_LAMBDA_MODULES:
        full = "aws_cdk.aws_lambda" + ("." + rest if rest else "")
    else:
        full = name
    for prefix in ("aws_cdk.aws_lambda_python_alpha.", "aws_cdk.aws_lambda.", "aws_cdk."):
        if full.startswith(prefix):
            short = prefix[len("aws_cdk.") :] if prefix != "aws_cdk." else ""
            return short + full[len(prefix) :]
    return full


def _function_kind(callee: str | None) -> str | None:
    if callee is None:
        return None
    parts = callee.split(".")
    last = parts[-1]
    if last == "PythonFunction":
        return last
    if last == "SingletonFunction" and len(parts) >= 2:
        return last
    if last == "Function" and len(parts) == 2 and parts[0] == "aws_lambda":
        return last
    return None


# ----------------------------------------------------------------------------------------------- scopes


class _Scopes:
    """Parents and single assignments per scope, to resolve names bound once to a literal."""

    def __init__(self, tree: ast.Module) -> None:
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.tree = tree
        self._bindings: dict[ast.AST, dict[str, list[ast.expr]]] = {}

    def enclosing(self, node: ast.AST, kinds: tuple[type[ast.AST], ...]) -> ast.AST | None:
        current = self.parent.get(node)
        while current is not None and not isinstance(current, kinds):
            current = self.parent.get(current)
        return current

    def bindings(self, scope: ast.AST) -> dict[str, list[ast.expr]]:
        """Name -> the values bound to it in one scope; bindings we cannot evaluate are recorded as unknown."""
        if scope not in self._bindings:
            found: dict[str, list[ast.expr]] = {}
            unknown = ast.Name("?")
            if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = scope.args
                for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                    found.setdefault(arg.arg, []).append(unknown)
            for node in _walk_scope(scope):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            found.setdefault(target.id, []).append(node.value)
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    found.setdefault(node.target.id, []).append(node.value or unknown)
                elif isinstance(node, ast.AugAssign | ast.For | ast.AsyncFor | ast.NamedExpr):
                    for name in walk(node.target):
                        if isinstance(name, ast.Name):
                            found.setdefault(name.id, []).append(unknown)
            self._bindings[scope] = found
        return self._bindings[scope]

    def resolve_name(self, name: ast.Name) -> ast.expr | None:
        """The one value a name is bound to in its function, else at module level."""
        scope = self.enclosing(name, (ast.FunctionDef, ast.AsyncFunctionDef))
        for candidate in (scope, self.tree):
            if candidate is None:
                continue
            values = self.bindings(candidate).get(name.id)
            if values:
                if len(values) == 1 and not (isinstance(values[0], ast.Name) and values[0].id == "?"):
                    return values[0]
                return None
        return None

    def resolve_method(self, call: ast.Call) -> ast.expr | None:
        """``self._code()``: the single literal a method of the same class returns."""
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"):
            return None
        cls = self.enclosing(call, (ast.ClassDef,))
        if not isinstance(cls, ast.ClassDef):
            return None
        for item in cls.body:
            if isinstance(item, ast.FunctionDef) and item.name == func.attr:
                returns = [n for n in _walk_scope(item) if isinstance(n, ast.Return)]
                if len(returns) == 1 and returns[0].value is not None:
                    return returns[0].value
        return None


def _walk_scope(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a scope without descending into nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(node))


# ----------------------------------------------------------------------------------------------- strings


@dataclass(frozen=True)
class _Text:
    """A string value with the physical line (and exactness) of each of its logical lines."""

    value: str
    lines: tuple[int, ...]
    exact: tuple[bool, ...]


def _literal_text(node: ast.Constant, source_lines: list[str]) -> _Text | None:
    """Map every line of a string literal (implicit concatenation included) to its physical line."""
    if not isinstance(node.value, str) or node.end_lineno is None or node.end_col_offset is None:
        return None
    segment_lines = source_lines[node.lineno - 1 : node.end_lineno]
    if not segment_lines:
        return None
    segment_lines = list(segment_lines)
    segment_lines[-1] = segment_lines[-1][: node.end_col_offset]
    segment_lines[0] = segment_lines[0][node.col_offset :]
    segment = "\n".join(segment_lines)
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO("(" + segment + ")").readline)
            if t.type == tokenize.STRING
        ]
    except (tokenize.TokenError, SyntaxError):
        return None
    lines: list[int] = []
    exact: list[bool] = []
    need_start = True
    start_exact = False  # the first line starts after the opening quotes
    for token in tokens:
        try:
            value = ast.literal_eval(token.string)
        except (ValueError, SyntaxError):
            return None
        if not isinstance(value, str):
            return None
        physical_ok = token.string.count("\n") == value.count("\n")
        row = node.lineno + token.start[0] - 1
        for char in value:
            if need_start:
                lines.append(row)
                exact.append(start_exact)
                need_start = False
            if char == "\n":
                need_start = True
                if physical_ok:
                    row += 1
                start_exact = physical_ok
        if need_start:
            # A newline that ends a token: the next line starts wherever the next piece starts.
            start_exact = False
    if need_start:
        lines.append(lines[-1] + 1 if lines and start_exact else (lines[-1] if lines else node.lineno))
        exact.append(False)
    if "".join(t.string for t in tokens) and len(lines) != node.value.count("\n") + 1:
        return None
    return _Text(node.value, tuple(lines), tuple(exact))


def _strip_leading(text: _Text, chars: str | None) -> _Text:
    stripped = text.value.lstrip(chars)
    removed = text.value[: len(text.value) - len(stripped)]
    drop = removed.count("\n")
    return _Text(stripped, text.lines[drop:], (False, *text.exact[drop + 1 :]) if drop < len(text.lines) else ())


def _strip_trailing(text: _Text, chars: str | None) -> _Text:
    stripped = text.value.rstrip(chars)
    keep = stripped.count("\n") + 1
    return _Text(stripped, text.lines[:keep], text.exact[:keep])


class _Resolver:
    """Resolves expressions of one module to string texts when certain."""

    def __init__(self, module: ParsedModule, tree: ast.Module) -> None:
        self.module = module
        self.source_lines = module.text.splitlines()
        self.scopes = _Scopes(tree)
        self.aliases = import_aliases(tree)

    def text(self, node: ast.expr, depth: int = 0) -> _Text | None:
        if depth > 5:
            return None
        if isinstance(node, ast.Constant):
            return _literal_text(node, self.source_lines)
        if isinstance(node, ast.Name):
            value = self.scopes.resolve_name(node)
            return self.text(value, depth + 1) if value is not None else None
        if isinstance(node, ast.Call):
            return self._call_text(node, depth)
        return None

    def _call_text(self, node: ast.Call, depth: int) -> _Text | None:
        func = node.func
        callee = dotted(func) or ""
        if callee.endswith("dedent") and len(node.args) == 1 and not node.keywords:
            inner = self.text(node.args[0], depth + 1)
            if inner is None:
                return None
            value = textwrap.dedent(inner.value)
            if value.count("\n") != inner.value.count("\n"):
                return None
            # Columns no longer match the physical lines once the indentation is removed.
            return _Text(value, inner.lines, (False,) * len(inner.lines))
        if isinstance(func, ast.Attribute) and not node.keywords:
            if func.attr == "join" and len(node.args) == 1:
                return self._join_text(func.value, node.args[0], depth)
            if func.attr in ("strip", "lstrip", "rstrip") and len(node.args) <= 1:
                chars = None
                if node.args:
                    if not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                        return None
                    chars = node.args[0].value
                inner = self.text(func.value, depth + 1)
                if inner is None:
                    return None
                if func.attr in ("strip", "lstrip"):
                    inner = _strip_leading(inner, chars)
                if func.attr in ("strip", "rstrip"):
                    inner = _strip_trailing(inner, chars)
                return inner
        returned = self.scopes.resolve_method(node)
        if returned is not None:
            return self.text(returned, depth + 1)
        return None

    def _join_text(self, separator: ast.expr, items: ast.expr, depth: int) -> _Text | None:
        if not (isinstance(separator, ast.Constant) and separator.value == "\n"):
            return None
        if not isinstance(items, ast.List | ast.Tuple):
            return None
        parts = [self.text(item, depth + 1) for item in items.elts]
        if not parts or any(p is None for p in parts):
            return None
        values: list[str] = []
        lines: list[int] = []
        exact: list[bool] = []
        for part in parts:
            assert part is not None
            values.append(part.value)
            lines.extend(part.lines)
            exact.extend(part.exact)
        return _Text("\n".join(values), tuple(lines), tuple(exact))

    def string(self, node: ast.expr) -> str | None:
        text = self.text(node)
        return text.value if text is not None else None

    def path(self, node: ast.expr) -> str | None:
        """A workspace-relative posix path for an asset argument, when certain."""
        resolved = self._path(node, 0)
        if resolved is None:
            return None
        normal = posixpath.normpath(resolved)
        if normal.startswith("/") or normal == ".." or normal.startswith("../"):
            return None
        return normal

    def _path(self, node: ast.expr, depth: int) -> str | None:
        if depth > 5:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return self.module.relpath
            value = self.scopes.resolve_name(node)
            return self._path(value, depth + 1) if value is not None else None
        if isinstance(node, ast.Call):
            callee = dotted(node.func) or ""
            args = node.args
            if node.keywords:
                return None
            if callee in ("os.path.join", "path.join", "posixpath.join") and args:
                parts = [self._path(arg, depth + 1) for arg in args]
                if any(p is None for p in parts):
                    return None
                return posixpath.join(*[p for p in parts if p is not None])
            if callee in ("os.path.dirname", "path.dirname") and len(args) == 1:
                inner = self._path(args[0], depth + 1)
                return posixpath.dirname(inner) if inner is not None else None
            if callee in ("os.path.abspath", "os.path.realpath", "path.abspath", "str") and len(args) == 1:
                return self._path(args[0], depth + 1)
            if callee in ("Path", "pathlib.Path") and len(args) == 1:
                return self._path(args[0], depth + 1)
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute") and not args:
                return self._path(node.func.value, depth + 1)
            return None
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self._path(node.value, depth + 1)
            return posixpath.dirname(inner) if inner is not None else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            left = self._path(node.left, depth + 1)
            right = self._path(node.right, depth + 1)
            return posixpath.join(left, right) if left is not None and right is not None else None
        return None


# ----------------------------------------------------------------------------------------------- functions


def _code_kind(node: ast.expr, aliases: dict[str, str]) -> tuple[str, ast.Call] | None:
    """``("inline" | "asset", call)`` for ``Code.from_inline(...)``, ``InlineCode(...)``, ``Code.from_asset(...)``."""
    if not isinstance(node, ast.Call):
        return None
    name = canonical(node.func, aliases) or ""
    if name.endswith("Code.from_inline") or name.endswith("InlineCode") or name.endswith("Code.inline"):
        return "inline", node
    if name.endswith("Code.from_asset") or name.endswith("AssetCode") or name.endswith("Code.asset"):
        return "asset", node
    return None


def _is_lambda_code_callee(name: str) -> bool:
    """aws_lambda's Code (or a bare ``Code`` whose import is missing), not e.g. aws_synthetics' Code."""
    return name.split(".")[0] in ("aws_lambda", "Code", "AssetCode")


def _asset_ref(resolver: _Resolver, call: ast.Call) -> AssetRef | None:
    if not call.args:
        return None
    arg = call.args[0]
    written = ast.get_source_segment(resolver.module.text, arg) or ""
    return AssetRef(resolver.module.relpath, call.lineno, call.col_offset + 1, written, resolver.path(arg))


def _inline(resolver: _Resolver, call: ast.Call) -> InlineCode | None:
    arg: ast.expr | None = call.args[0] if call.args else None
    for keyword in call.keywords:
        if keyword.arg == "code":
            arg = keyword.value
    if arg is None:
        return None
    text = resolver.text(arg)
    if text is None:
        return None
    return InlineCode(resolver.module.relpath, text.value, text.lines, text.exact, arg.lineno)


def _runtime(
    resolver: _Resolver, node: ast.expr
) -> tuple[str | None, str | None]:
    if isinstance(node, ast.Name):
        bound = resolver.scopes.resolve_name(node)
        if bound is not None:
            node = bound
    if isinstance(node, ast.Call):
        name = canonical(node.func, resolver.aliases) or ""
        if name.endswith("Runtime") and node.args:
            return None, resolver.string(node.args[0])
        return None, None
    name = canonical(node, resolver.aliases) or ""
    parts = name.split(".")
    if len(parts) >= 2 and parts[-2] == "Runtime":
        return parts[-1], None
    return None, None


def _environment(resolver: _Resolver, node: ast.expr) -> tuple[EnvEntry, ...]:
    if isinstance(node, ast.Name):
        bound = resolver.scopes.resolve_name(node)
        if bound is None:
            return ()
        node = bound
    if not isinstance(node, ast.Dict):
        return ()
    entries: list[EnvEntry] = []
    for key in node.keys:
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            entries.append(EnvEntry(key.value, key.lineno, key.col_offset + 1))
    return tuple(entries)


def find_lambda_functions(module: ParsedModule) -> list[LambdaFunction]:
    """Every Lambda function definition in one parsed module (none when it does not parse)."""
    if module.tree is None:
        return []
    resolver = _Resolver(module, module.tree)
    found: list[LambdaFunction] = []
    for node in walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        kind = _function_kind(canonical(node.func, resolver.aliases))
        if kind is None:
            continue
        found.append(_function(resolver, node, kind))
    found.sort(key=lambda f: (f.line, f.column))
    return found


def _function(resolver: _Resolver, node: ast.Call, kind: str) -> LambdaFunction:
    fields: dict[str, object] = {}
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg == "code":
            code = value
            if isinstance(code, ast.Name):
                bound = resolver.scopes.resolve_name(code)
                code = bound if bound is not None else code
            classified = _code_kind(code, resolver.aliases)
            if classified is not None and classified[0] == "inline":
                fields["inline"] = _inline(resolver, classified[1])
            elif classified is not None:
                fields["asset"] = _asset_ref(resolver, classified[1])
        elif keyword.arg == "entry" and kind == "PythonFunction":
            path = resolver.path(value)
            written = ast.get_source_segment(resolver.module.text, value) or ""
            fields["asset"] = AssetRef(resolver.module.relpath, value.lineno, value.col_offset + 1, written, path)
        elif keyword.arg == "index" and kind == "PythonFunction":
            fields["index"] = resolver.string(value)
        elif keyword.arg == "handler":
            fields["handler"] = resolver.string(value)
            fields["handler_line"] = value.lineno
        elif keyword.arg == "runtime":
            fields["runtime"], fields["runtime_id"] = _runtime(resolver, value)
            fields["runtime_line"] = value.lineno
        elif keyword.arg == "environment":
            fields["environment"] = _environment(resolver, value)
    return LambdaFunction(
        relpath=resolver.module.relpath,
        line=node.lineno,
        column=node.col_offset + 1,
        kind=kind,
        construct_id=resolver.string(node.args[1]) if len(node.args) >= 2 else None,
        **fields,  # type: ignore[arg-type]
    )


def find_asset_refs(module: ParsedModule) -> list[AssetRef]:
    """Every ``Code.from_asset(...)`` of aws_lambda in a module (functions and layers alike)."""
    if module.tree is None:
        return []
    resolver = _Resolver(module, module.tree)
    refs: list[AssetRef] = []
    for node in walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        name = canonical(node.func, resolver.aliases) or ""
        classified = _code_kind(node, resolver.aliases)
        if classified is None or classified[0] != "asset" or not _is_lambda_code_callee(name):
            continue
        ref = _asset_ref(resolver, node)
        if ref is not None:
            refs.append(ref)
    refs.sort(key=lambda r: (r.line, r.column))
    return refs


# ----------------------------------------------------------------------------------------------- context


@dataclass(frozen=True)
class LambdaFacts:
    functions: tuple[LambdaFunction, ...]
    assets: tuple[AssetRef, ...]


def lambda_facts(ctx: SourceContext) -> LambdaFacts:
    """The Lambda functions and asset references of every non-generated module (computed once per context)."""
    cached = ctx.facts.get(_FACTS_KEY)
    if isinstance(cached, LambdaFacts):
        return cached
    functions: list[LambdaFunction] = []
    assets: list[AssetRef] = []
    for relpath, module in sorted(ctx.modules.items()):
        source = ctx.workspace.files.get(relpath)
        if source is not None and source.generated:
            continue
        functions.extend(find_lambda_functions(module))
        assets.extend(find_asset_refs(module))
    facts = LambdaFacts(tuple(functions), tuple(assets))
    ctx.facts[_FACTS_KEY] = facts
    return facts


def inline_is_python(function: LambdaFunction) -> bool:
    """Whether to check the inline code as Python: the runtime says so, or (runtime unknown) the code looks like it."""
    if function.inline is None:
        return False
    verdict = function.is_python
    if verdict is not None:
        return verdict
    text = function.inline.text
    looks_js = any(marker in text for marker in ("exports.", "=>", "require(", "function ", "const "))
    return not looks_js and ("def " in text or "import " in text)


def asset_handler(function: LambdaFunction) -> str | None:
    """``module.function`` the runtime imports for an asset function: ``handler=`` as written, or for a
    ``PythonFunction`` its ``index`` file (default ``index.py``) and ``handler`` (default ``handler``)."""
    if function.kind == "PythonFunction":
        index = function.index or "index.py"
        return f"{index.removesuffix('.py').replace('/', '.')}.{function.handler or 'handler'}"
    return function.handler


def handler_files(asset_path: str, module: str) -> tuple[str, str]:
    """The workspace files that can hold handler module ``module`` of an asset folder: a file, else a package."""
    stem = f"{asset_path}/{module.replace('.', '/')}"
    return f"{stem}.py", f"{stem}/__init__.py"


def describe(function: LambdaFunction) -> str:
    """How a message names a function: ``Lambda "OrderFn"`` or ``the Lambda function``."""
    return f'Lambda "{function.construct_id}"' if function.construct_id else "the Lambda function"


@functools.lru_cache(maxsize=256)
def parse_inline(text: str) -> ast.Module | SyntaxError:
    """The inline code's tree, or the ``SyntaxError`` Lambda would raise importing it."""
    try:
        return ast.parse(text, filename="index.py")
    except SyntaxError as error:
        return error
    except ValueError as error:
        syntax = SyntaxError(str(error))
        syntax.lineno = 1
        return syntax


@functools.cache
def runtime_data() -> dict[str, Any]:
    """``data/lambda_runtimes.json``: lifecycle dates per runtime id, CDK names, reserved environment variables."""
    resource = importlib.resources.files("iacreview.data").joinpath("lambda_runtimes.json")
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data


def runtime_id(function: LambdaFunction) -> str | None:
    """``python3.8`` for ``Runtime.PYTHON_3_8`` (or ``Runtime("python3.8")``); None when unknown."""
    if function.runtime_id:
        return function.runtime_id
    if function.runtime:
        names: dict[str, str] = runtime_data()["cdk_names"]
        return names.get(function.runtime)
    return None
