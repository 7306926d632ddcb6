"""The last rung of the ladder: take out the statement that fails, and the statements that use what it made.

When no certain fix exists (a method the class does not have, props the construct rejects, the answer's own logic),
a reviewer who wants to see the rest of the stack comments the failing statement out and synthesizes again. This
rung does that on the copy: the failing statement inside a function body becomes ``pass`` (lines are kept), and so
does every later statement of that function that reads a name it bound (``fn = Function(...)`` gone means
``bucket.grant_read(fn)`` goes too).

The template that comes out is *partial*: the excised code may have configured resources that are still there (a
dropped ``bucket.add_lifecycle_rule(...)`` leaves a bucket without lifecycle rules). So the repair also records the
statements that create what the excised code touched (``guarded``): template findings on those resources are
withheld, because the template no longer shows them as the answer wrote them. When the excised code touched the
stack itself (``Tags.of(self)``), stack-wide findings are withheld as well.

Excision never applies at module level (where the app and its stacks are created), to ``super().__init__``, to a
``return`` or ``raise``, or to errors that a later synth cannot get past (syntax, imports, timeouts).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from iacreview.repair.edits import Span, parses, replace_span
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import ApiOracle, AppliedRepair, NoOracle
from iacreview.sources.workspace import Workspace
from iacreview.threadsafe_ast import parse_shared, walk

# Errors raised while a statement runs, which taking the statement out gets past.
_EXCISABLE = frozenset({
    "AttributeError", "TypeError", "RuntimeError", "ValueError", "KeyError", "IndexError", "NameError",
    "UnboundLocalError", "JSIIError", "JavaScriptError",
})
_ERROR_CLASS = re.compile(r"^(?:[\w.]+\.)?(?P<name>\w+):")
_NEVER = (ast.Return, ast.Raise, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom,
          ast.Global, ast.Nonlocal, ast.Pass)
_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class ExcisedRepair(AppliedRepair):
    """An excision, with what the template may now show wrongly (see the module docstring)."""

    # (relpath, first line, last line) of the statements creating what the excised code touched.
    guarded: tuple[tuple[str, int, int], ...] = ()
    # The excised code touched the stack itself: its stack-wide findings are not reliable either.
    stack_touched: bool = False
    excised_lines: tuple[int, ...] = ()
    # Names the excised statements bound (``x``, ``self.x``): a later error about one of them may come from excising.
    bound: tuple[str, ...] = ()


def repair_excise_statement(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    del oracle  # needs no API knowledge
    if failure.relpath is None or failure.line is None or not _excisable_error(failure.error):
        return None
    source_file = workspace.files.get(failure.relpath)
    if source_file is None or source_file.generated or source_file.language != "python":
        return None
    source = workspace.read(failure.relpath)
    try:
        tree = parse_shared(source)
    except SyntaxError:
        return None
    found = _failing_statement(tree, failure.line)
    if found is None:
        return None
    function, statement = found
    if _refused(statement):
        return None
    excised = _with_dependents(function, statement)
    if any(_refused(s) for s in excised):
        return None
    elsewhere = _readers_in_other_methods(tree, function, excised)
    edited = source
    for node in sorted([*excised, *(s for _, group in elsewhere for s in group)],
                       key=lambda s: (s.lineno, s.col_offset), reverse=True):
        edited = replace_span(edited, Span.of(node), "pass")
    if edited == source or not parses(edited):
        return None
    workspace.path(failure.relpath).write_text(edited, encoding="utf-8")
    touched, stack_touched = _touched(excised, function, tree)
    for method, group in elsewhere:
        more, stack_too = _touched(group, method, tree)
        touched, stack_touched = touched | more, stack_touched or stack_too
    guarded = tuple((failure.relpath, start, end) for start, end in _creating_spans(touched, tree))
    other_lines = sorted({s.lineno for _, group in elsewhere for s in group})
    lines = tuple(sorted({s.lineno for s in excised} | set(other_lines)))
    first = source.splitlines()[statement.lineno - 1].strip()
    later = [str(workspace.locate(failure.relpath, s.lineno).line) for s in sorted(excised, key=lambda s: s.lineno)
             if s.lineno != statement.lineno]
    also = f" and {len(later)} later statement(s) using what it made (line {', '.join(later)})" if later else ""
    if other_lines:
        shown = ", ".join(str(workspace.locate(failure.relpath, line).line) for line in other_lines)
        also += f" and {len(other_lines)} statement(s) of other methods reading it (line {shown})"
    excised = [*excised, *(s for _, group in elsewhere for s in group)]
    return ExcisedRepair(
        kind="excise",
        relpath=failure.relpath,
        line=statement.lineno,
        what=f"took out `{_shorten(first)}`{also}",
        why=f"no certain fix for {failure.error.splitlines()[0] if failure.error else 'the error'}; the rest of "
            "the stack is reviewed without it",
        guarded=guarded,
        stack_touched=stack_touched,
        excised_lines=lines,
        bound=tuple(sorted(set().union(*(_bound(s) for s in excised)))),
    )


_INVALID_CONSTRUCT = re.compile(r"\[(?P<path>[\w-]+(?:/[\w.-]+)+)\] ")


def repair_excise_invalid_construct(
    workspace: Workspace, failure: Failure, oracle: ApiOracle
) -> AppliedRepair | None:
    """``Validation failed ... [Stack/Api] The REST API doesn't contain any methods``, raised by ``app.synth()``:
    take out the statement creating each construct named (found by its literal id, once in the whole answer)."""
    del oracle
    if "Validation failed" not in failure.error and "ValidationFailed" not in failure.error:
        return None
    names = {m.group("path").rsplit("/", 1)[-1] for m in _INVALID_CONSTRUCT.finditer(failure.error)}
    if not names:
        return None
    for name in sorted(names):
        found = _created_once(workspace, name)
        if found is None:
            return None
        relpath, line = found
        applied = repair_excise_statement(workspace, Failure(failure.error, relpath, line), NoOracle())
        if applied is not None:
            return applied  # one construct per rung: the next synth says whether the others still fail
    return None


_TOKEN_ID = re.compile(r"ID components may not include unresolved tokens: (?P<prefix>[^$\s]*)\$\{Token\[")


def repair_excise_token_id(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``ID components may not include unresolved tokens: LambdaError-${Token[...]}``, raised by ``app.synth()``: a
    construct id built from a deploy-time value (``f"LambdaError-{fn.function_name}"``). Take out the one statement
    creating a construct whose id is an f-string starting with that text."""
    del oracle
    match = _TOKEN_ID.search(failure.error)
    if match is None or not match.group("prefix"):
        return None
    found = _created_with_prefix(workspace, match.group("prefix"))
    if found is None:
        return None
    relpath, line = found
    return repair_excise_statement(workspace, Failure(failure.error, relpath, line), NoOracle())


def _created_with_prefix(workspace: Workspace, prefix: str) -> tuple[str, int] | None:
    """The one user line creating a construct whose id is an f-string that starts with ``prefix`` and formats a
    value right after it."""
    def matches(construct_id: ast.expr) -> bool:
        parts = construct_id.values if isinstance(construct_id, ast.JoinedStr) else []
        return len(parts) >= 2 and isinstance(parts[0], ast.Constant) and parts[0].value == prefix \
            and isinstance(parts[1], ast.FormattedValue)

    places = _construct_lines(workspace, matches)
    return places[0] if places is not None and len(set(places)) == 1 else None


def _created_once(workspace: Workspace, construct_id: str) -> tuple[str, int] | None:
    """The one user line that creates a construct with this literal id (``X(self, "Api", ...)``)."""
    places = _construct_lines(workspace, lambda node: isinstance(node, ast.Constant) and node.value == construct_id)
    return places[0] if places is not None and len(places) == 1 else None


def _construct_lines(workspace: Workspace, wanted: Callable[[ast.expr], bool]) -> list[tuple[str, int]] | None:
    """(file, line) of every user call ``X(scope, <id>, ...)`` whose id ``wanted`` accepts; None when a user file
    does not parse (the place cannot be known)."""
    places: list[tuple[str, int]] = []
    for source in workspace.python_files():
        if source.generated:
            continue
        try:
            tree = parse_shared(workspace.read(source.relpath))
        except (SyntaxError, OSError):
            return None
        places += [(source.relpath, node.lineno) for node in walk(tree)
                   if isinstance(node, ast.Call) and len(node.args) >= 2 and wanted(node.args[1])]
    return places


def may_come_from(error: str, repairs: list[ExcisedRepair]) -> bool:
    """Whether a synth error met after these excisions could be their doing: a validation error (a construct left
    incomplete) or an error naming something the excised code would have made."""
    if "Validation" in error or "validation" in error:
        return True
    names = {name.removeprefix("self.") for r in repairs for name in r.bound}
    quoted = set(re.findall(r"'(\w+)'", error))
    return bool(names & quoted)


_MISSING_NAME = re.compile(
    r"^(?:NameError: name '(?P<name>\w+)' is not defined|"
    r"AttributeError: '\w+' object has no attribute '(?P<attribute>\w+)')")


def comes_from(error: str, repairs: list[ExcisedRepair]) -> bool:
    """The error is the excisions' own doing: a name or ``self`` attribute they took out is missing. Such an error
    says nothing about the answer (the answer binds that name), so it is not reported."""
    match = _MISSING_NAME.match(error.strip())
    if match is None:
        return False
    bound = {name.removeprefix("self.") for r in repairs for name in r.bound}
    return (match.group("name") or match.group("attribute")) in bound


def _excisable_error(error: str) -> bool:
    match = _ERROR_CLASS.match(error.strip())
    return bool(match and match.group("name") in _EXCISABLE)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _failing_statement(tree: ast.Module, line: int) -> tuple[_FunctionNode, ast.stmt] | None:
    """The innermost statement holding ``line`` inside a function body (module-level statements are refused)."""
    for node in tree.body:
        found = _within(node, line, None)
        if found is not None:
            return found
    return None


def _within(node: ast.stmt, line: int, function: _FunctionNode | None) -> tuple[_FunctionNode, ast.stmt] | None:
    if not node.lineno <= line <= (node.end_lineno or node.lineno):
        return None
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if line < node.body[0].lineno:  # a decorator or a default value: not a statement of the body
            return None
        function = node
    for child in _child_statements(node):
        found = _within(child, line, function)
        if found is not None:
            return found
    if function is None or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return None
    return function, node


def _child_statements(node: ast.AST) -> Iterator[ast.stmt]:
    for name in ("body", "orelse", "finalbody"):
        for child in getattr(node, name, []) or []:
            if isinstance(child, ast.stmt):
                yield child
    for handler in getattr(node, "handlers", []) or []:
        yield from handler.body
    for case in getattr(node, "cases", []) or []:
        yield from case.body


def _refused(statement: ast.stmt) -> bool:
    if isinstance(statement, _NEVER):
        return True
    for node in walk(statement):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "synth":
                return True
            if isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call) \
                    and isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
                return True
            if (isinstance(func, ast.Name) and func.id == "App") or (isinstance(func, ast.Attribute)
                                                                     and func.attr == "App"):
                return True
    return False


def _bound(statement: ast.stmt) -> set[str]:
    """Names a statement binds: ``x`` for locals, ``self.x`` for attributes of self."""
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = list(statement.targets)
    elif isinstance(statement, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
        targets = [statement.target]
    elif isinstance(statement, ast.With | ast.AsyncWith):
        targets = [i.optional_vars for i in statement.items if i.optional_vars is not None]
    out: set[str] = set()
    for target in targets:
        for node in walk(target):
            if isinstance(node, ast.Name):
                out.add(node.id)
            elif isinstance(node, ast.Attribute) and _dotted(node) is not None:
                out.add(str(_dotted(node)))
    return out


def _dotted(node: ast.expr) -> str | None:
    """``self.x`` for an attribute of self (only one level: that is how constructs are kept)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return f"self.{node.attr}"
    return None


def _reads(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for child in walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            out.add(child.id)
        elif isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Load):
            dotted = _dotted(child)
            if dotted is not None:
                out.add(dotted)
    return out


def _header(statement: ast.stmt) -> list[ast.AST]:
    """The parts of a compound statement that run before its body (what a body statement cannot be blamed for)."""
    if isinstance(statement, ast.For | ast.AsyncFor):
        return [statement.iter]
    if isinstance(statement, ast.If | ast.While):
        return [statement.test]
    if isinstance(statement, ast.With | ast.AsyncWith):
        return [i.context_expr for i in statement.items]
    return []


def _is_compound(statement: ast.stmt) -> bool:
    return any(True for _ in _child_statements(statement))


def _with_dependents(function: _FunctionNode, failing: ast.stmt) -> list[ast.stmt]:
    """The failing statement and every later statement of the function that reads what the excised ones bound."""
    excised = [failing]
    bound = _bound(failing) - {"self"}
    for statement in _later_statements(function.body, failing):
        if not bound:
            break
        parts = _header(statement) if _is_compound(statement) else [statement]
        if any(_reads(part) & bound for part in parts):
            if any(statement is e or _contains(e, statement) for e in excised):
                continue
            excised.append(statement)
            bound |= _bound(statement) - {"self"}
    return [s for s in excised if not any(o is not s and _contains(o, s) for o in excised)]


def _readers_in_other_methods(
    tree: ast.Module, function: _FunctionNode, excised: list[ast.stmt]
) -> list[tuple[_FunctionNode, list[ast.stmt]]]:
    """The statements of the class's other methods that read a ``self`` attribute only the excised code set.

    Each would raise ``AttributeError`` when it runs (``self.service`` was never set), one synth at a time; they go
    in the same step, with what they make in turn. Nothing is taken when the class sets attributes in ways this
    cannot follow (``setattr``, ``__dict__``, class-level names of the same name) or when a reader cannot be taken
    out (a ``return``): the synth meets those as before."""
    cls = next((n for n in walk(tree) if isinstance(n, ast.ClassDef) and function in n.body), None)
    if cls is None or not _library_bases(cls) or _sets_attributes_indirectly(cls):
        return []
    lost = {n for s in excised for n in _bound(s) if n.startswith("self.")}
    lost -= _attributes_set_outside(cls, excised)
    groups: list[tuple[_FunctionNode, list[ast.stmt]]] = []
    methods = [m for m in cls.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef) and m is not function]
    changed = True
    while lost and changed:
        changed = False
        for method in methods:
            taken = [s for _, group in groups for s in group]
            for statement in _all_statements(method.body):
                parts = _header(statement) if _is_compound(statement) else [statement]
                if not any(_reads(part) & lost for part in parts) or any(
                        statement is t or _contains(t, statement) for t in taken):
                    continue
                group = _with_dependents(method, statement)
                if any(_refused(s) for s in group):
                    return []
                groups.append((method, group))
                taken += group
                made = {n for s in group for n in _bound(s) if n.startswith("self.")}
                new = made - lost - _attributes_set_outside(cls, [*excised, *taken])
                changed = changed or bool(new)
                lost |= new
    return groups


def _all_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a body (simple ones and compound headers, depth first), nested definitions left out."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        yield statement
        if _is_compound(statement):
            yield from _all_statements(list(_child_statements(statement)))


# Bases whose instances get no attribute a user's class sets itself (an answer's own base class might set it too).
_LIBRARY_BASES = frozenset({"Stack", "NestedStack", "Construct", "Stage"})


def _library_bases(cls: ast.ClassDef) -> bool:
    names = [b.attr if isinstance(b, ast.Attribute) else b.id if isinstance(b, ast.Name) else "" for b in cls.bases]
    return bool(names) and all(name in _LIBRARY_BASES for name in names)


def _sets_attributes_indirectly(cls: ast.ClassDef) -> bool:
    for node in walk(cls):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"setattr", "vars"}:
            return True
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return True
    return False


def _attributes_set_outside(cls: ast.ClassDef, excised: list[ast.stmt]) -> set[str]:
    """``self.x`` names bound by the class's statements outside ``excised``, and its class-level names."""
    out = {f"self.{t.id}" for s in cls.body if isinstance(s, ast.Assign | ast.AnnAssign)
           for t in (s.targets if isinstance(s, ast.Assign) else [s.target]) if isinstance(t, ast.Name)}
    out |= {f"self.{s.name}" for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)}
    for node in walk(cls):
        if isinstance(node, ast.stmt) and not any(node is e or _contains(e, node) for e in excised):
            out |= {n for n in _bound(node) if n.startswith("self.")}
    return out


def _contains(outer: ast.stmt, inner: ast.AST) -> bool:
    return any(node is inner for node in walk(outer))


def _later_statements(body: list[ast.stmt], failing: ast.stmt) -> Iterator[ast.stmt]:
    """Statements (simple ones and compound headers, depth first) that start after the failing one ends."""
    end = failing.end_lineno or failing.lineno
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if statement.lineno > end:
            yield statement
        if _is_compound(statement):
            yield from _later_statements(list(_child_statements(statement)), failing)


def _touched(excised: list[ast.stmt], function: _FunctionNode, tree: ast.Module) -> tuple[set[str], bool]:
    """What the excised code read and may have changed: names of the function and ``self`` attributes."""
    local = _function_names(function)
    made = set().union(*(_bound(s) for s in excised))
    touched: set[str] = set()
    stack_touched = False
    for statement in excised:
        for name in _reads(statement) - made:
            if name.startswith("self.") or name in local:
                touched.add(name)
        stack_touched = stack_touched or _self_passed_on(statement)
    parameters = {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}
    for name in sorted(touched & parameters):
        touched.discard(name)
        callers = _argument_names(tree, function, name)
        if callers is None:
            stack_touched = True  # what the parameter stands for is not known here: be conservative
        touched |= callers or set()
    return touched, stack_touched


def _function_names(function: _FunctionNode) -> set[str]:
    names = {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}
    for node in walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names - {"self"}


def _self_passed_on(statement: ast.stmt) -> bool:
    """``self`` handed to something other than as a construct's scope (``Tags.of(self)``, ``x.apply(self)``)."""
    scopes: set[int] = set()
    for node in walk(statement):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id == "self" and _looks_like_construct(node.func):
            scopes.add(id(node.args[0]))
    for node in walk(statement):
        if isinstance(node, ast.Name) and node.id == "self" and id(node) not in scopes:
            parent_is_attribute = any(isinstance(p, ast.Attribute) and p.value is node for p in walk(statement))
            if not parent_is_attribute:
                return True
    return False


def _looks_like_construct(func: ast.expr) -> bool:
    """A class call (``s3.Bucket``, ``Bucket``): CDK constructs take their scope first."""
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name[:1].isupper() and name not in {"Tags", "Aspects", "RemovalPolicies", "Annotations", "Stack"}


def _argument_names(tree: ast.Module, function: _FunctionNode, parameter: str) -> set[str] | None:
    """What callers in this file pass for ``parameter`` (names and ``self`` attributes), None when not all known."""
    params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    is_method = bool(params) and params[0] == "self"
    position = params.index(parameter) if parameter in params else None
    if is_method and position is not None:
        position -= 1
    out: set[str] = set()
    calls = 0
    for node in walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name != function.name:
            continue
        calls += 1
        argument: ast.expr | None = None
        if position is not None and position < len(node.args):
            argument = node.args[position]
        for keyword in node.keywords:
            if keyword.arg == parameter:
                argument = keyword.value
        if argument is None:
            continue
        if isinstance(argument, ast.Name):
            out.add(argument.id)
        elif _dotted(argument) is not None:
            out.add(str(_dotted(argument)))
        else:
            return None
    return out if calls else None


def _creating_spans(touched: set[str], tree: ast.Module) -> list[tuple[int, int]]:
    """The statements that bind the touched names: locals anywhere in the file's functions, ``self.x`` anywhere."""
    spans: list[tuple[int, int]] = []
    for node in walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and _bound(node) & touched:
            spans.append((node.lineno, node.end_lineno or node.lineno))
    return sorted(set(spans))


# For the other rungs that take code out (``alpha``): the same dependency and withholding logic.
with_dependents = _with_dependents
touched_names = _touched
creating_spans = _creating_spans
statement_bindings = _bound
refused_statement = _refused
child_statements = _child_statements
contains = _contains
