"""The static API checks: every aws_cdk attribute, call and assignment checked against the installed API index.

One pass per module computes every problem (``ApiProblem``) for all five rules at once; the rule modules
(SYN010, SYN011, SYN012, DEP010, BP010) only pick theirs. Results are computed once per ``SourceContext`` and kept
in ``ctx.facts``. Messages say what Python itself would raise at synth time (``type object 'Runtime' has no
attribute 'PYTHON_3_13X'``, ``Bucket.__init__() got an unexpected keyword argument 'versioning'``), so a finding and
a failed synth agree.

Only values that ``infer`` knows for certain are checked; code under ``try: ... except AttributeError`` (or
``ImportError`` / ``Exception``) is left alone because it expects the failure.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iacreview.model import Severity
from iacreview.python.aliases import ModuleAliases, aliases_for, distribution_hint, installed_submodule
from iacreview.python.index import CdkIndex, Member, Signature, TypeInfo, TypeRef
from iacreview.python.infer import (
    ClassValue,
    InstanceValue,
    MethodValue,
    ModuleTypes,
    ModuleValue,
    UserInstanceValue,
)
from iacreview.python.jsii_assembly import snake_case
from iacreview.python.reach import runs_at_synth
from iacreview.threadsafe_ast import walk

if TYPE_CHECKING:  # rules.base imports the rule registry, whose rules import this module
    from iacreview.rules.base import SourceContext, SourceHit

FACTS_KEY = "python.api_checks"

UNKNOWN_ATTRIBUTE = "SYN010"
UNKNOWN_KEYWORD = "SYN011"
MISSING_ARGUMENT = "SYN012"
READ_ONLY_PROPERTY = "DEP010"
DEPRECATED_API = "BP010"
# The rules whose problems raise while the app runs (BP010 is advice).
_FAILS_SYNTH = frozenset({UNKNOWN_ATTRIBUTE, UNKNOWN_KEYWORD, MISSING_ARGUMENT, READ_ONLY_PROPERTY})

# Deprecated Lambda runtimes are reported by DEP023 (with the runtime schedule); BP010 leaves them to it.
_REPORTED_ELSEWHERE = frozenset({"aws-cdk-lib.aws_lambda.Runtime"})

# Private attributes the jsii runtime puts on objects (struct values): never reported as missing.
_RUNTIME_PRIVATE = frozenset({"_values"})

_GUARDING_EXCEPTIONS = frozenset({"AttributeError", "ImportError", "ModuleNotFoundError", "Exception",
                                  "BaseException", "TypeError"})


@dataclass(frozen=True)
class ApiProblem:
    rule_id: str
    relpath: str
    line: int
    column: int
    message: str
    evidence: str = ""


def suggestions(name: str, candidates: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """Close spellings of ``name`` among ``candidates`` (case-insensitive, difflib)."""
    pool = [c for c in candidates if not c.startswith("_")]
    lowered = {c.lower(): c for c in pool}
    matches = difflib.get_close_matches(name.lower(), list(lowered), n=limit, cutoff=0.6)
    return tuple(lowered[m] for m in matches)


def _elsewhere(index: CdkIndex, name: str) -> str:
    modules = index.modules_defining(name)
    if not modules:
        return ""
    return " (it is in " + " and ".join(f"'{m}'" for m in modules[:2]) + ")"


def _did_you_mean(found: tuple[str, ...]) -> str:
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{s}'" for s in found) + "?)"


_JSDOC_LINK = re.compile(r"\{@link\s+([^}\s]+)\s*\}")
_CAMEL_WORD = re.compile(r"\b[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*\b")


def _python_names(text: str) -> str:
    """Deprecation notes name TypeScript members (`addStackDependency`, ipAddresses); say them the Python way."""
    text = _JSDOC_LINK.sub(r"`\1`", " ".join(text.split()))
    return _CAMEL_WORD.sub(lambda m: snake_case(m.group(0)), text)


def api_problems(ctx: SourceContext) -> list[ApiProblem]:
    """Every API problem of every parsed module, computed once per context."""
    cached = ctx.facts.get(FACTS_KEY)
    if cached is None:
        cached = []
        index = ctx.cdk_index
        if isinstance(index, CdkIndex):
            for relpath, aliases in aliases_for(ctx).items():
                parsed = ctx.modules[relpath]
                if parsed.tree is not None:
                    cached.extend(module_problems(relpath, parsed.tree, parsed.text, aliases, index))
        ctx.facts[FACTS_KEY] = cached
    result: list[ApiProblem] = cached
    return result


def module_problems(
    relpath: str, tree: ast.Module, text: str, aliases: ModuleAliases, index: CdkIndex
) -> list[ApiProblem]:
    checker = _Checker(relpath, tree, text, aliases, index)
    checker.run()
    return sorted(checker.problems, key=lambda p: (p.line, p.column, p.rule_id))


class _Checker:
    def __init__(self, relpath: str, tree: ast.Module, text: str, aliases: ModuleAliases, index: CdkIndex) -> None:
        self.relpath = relpath
        self.tree = tree
        self.lines = text.splitlines()
        self.aliases = aliases
        self.index = index
        self.types = ModuleTypes(tree, aliases, index)
        self.problems: list[ApiProblem] = []
        self.guarded = guarded_nodes(tree)

    def add(self, rule_id: str, node: ast.AST, message: str, *, line: int | None = None,
            column: int | None = None) -> None:
        line = line if line is not None else getattr(node, "lineno", 1)
        column = column if column is not None else getattr(node, "col_offset", 0)
        evidence = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.problems.append(ApiProblem(rule_id, self.relpath, line, column + 1, message, evidence))

    def run(self) -> None:
        for problem in self.aliases.problems:
            if id(problem.node) not in self.guarded:
                hint = _elsewhere(self.index, problem.name) if problem.name else ""
                message = problem.message + (hint or _did_you_mean(problem.suggestions))
                self.add(UNKNOWN_ATTRIBUTE, problem.node, message)
        for node in walk(self.tree):
            if id(node) in self.guarded:
                continue
            if isinstance(node, ast.Attribute):
                if isinstance(node.ctx, ast.Load):
                    self.check_attribute(node)
                elif isinstance(node.ctx, ast.Store):
                    self.check_store(node)
            elif isinstance(node, ast.Call):
                self.check_call(node)
            elif isinstance(node, ast.ImportFrom):
                self.check_deprecated_import(node)

    # attributes ----------------------------------------------------------------------------------------------
    def _attr_position(self, node: ast.Attribute) -> tuple[int, int]:
        """Line and 0-based column of the attribute name itself (``s3.Bukcet`` -> the ``B``)."""
        line = node.end_lineno or node.lineno
        column = (node.end_col_offset or 0) - len(node.attr)
        return line, max(column, 0)

    def check_attribute(self, node: ast.Attribute) -> None:
        name = node.attr
        if name.startswith("__"):
            return
        base = self.types.value_of(node.value)
        if base is None:
            return
        # A user class's own ``_helper`` is as certain as a public name; the library's private internals are not.
        if name.startswith("_") and (not isinstance(base, UserInstanceValue) or name in _RUNTIME_PRIVATE):
            return
        line, column = self._attr_position(node)
        missing: str | None = None
        candidates: Iterable[str] = ()
        if isinstance(base, ModuleValue):
            symbol = self.index.module_attribute(base.module, name)
            if symbol is None and not installed_submodule(base.module, name):
                missing = f"module '{base.module}' has no attribute '{name}'" + distribution_hint(base.module, name)
                candidates = self.index.module_attributes(base.module)
            elif isinstance(symbol, TypeRef):
                self._deprecated_type(node, symbol.fqn, line, column)
        elif isinstance(base, ClassValue):
            info = self.index.type(base.fqn)
            if info is not None and self.index.is_complete(base.fqn):
                found = self.index.find_member(base.fqn, name)
                if found is None and name not in info.nested:
                    missing = f"type object '{info.name}' has no attribute '{name}'"
                    candidates = self.index.member_names(base.fqn)
                elif found is not None:
                    self._deprecated_member(node, *found, line, column)
                else:
                    self._deprecated_type(node, info.nested[name], line, column)
        elif isinstance(base, InstanceValue):
            info = self.index.type(base.fqn)
            if info is not None and base.checkable and info.kind != "enum" and self.index.is_complete(base.fqn):
                found = self.index.find_member(base.fqn, name)
                if found is None:
                    missing = f"'{info.name}' object has no attribute '{name}'"
                    candidates = self.index.member_names(base.fqn)
                else:
                    self._deprecated_member(node, *found, line, column)
        elif isinstance(base, UserInstanceValue):
            missing, candidates = self._user_attribute(base, name, node, line, column)
        if missing is not None:
            hint = _elsewhere(self.index, name) if isinstance(base, ModuleValue) else ""
            self.add(UNKNOWN_ATTRIBUTE, node, missing + (hint or _did_you_mean(suggestions(name, candidates))),
                     line=line, column=column)

    def _user_attribute(
        self, base: UserInstanceValue, name: str, node: ast.Attribute, line: int, column: int
    ) -> tuple[str | None, Iterable[str]]:
        user = self.types.classes.get(base.name)
        if (user is None or not base.exact or not user.complete or user.dynamic or user.cdk_base is None
                or self.types.uses_setattr):
            return None, ()
        if name in user.body_names or name in user.stored or name in self.types.foreign_stores:
            return None, ()
        found = self.index.find_member(user.cdk_base, name)
        if found is not None:
            self._deprecated_member(node, *found, line, column)
            return None, ()
        candidates = [*self.index.member_names(user.cdk_base), *user.body_names, *user.stored]
        return f"'{base.name}' object has no attribute '{name}'", candidates

    # assignments ---------------------------------------------------------------------------------------------
    def check_store(self, node: ast.Attribute) -> None:
        base = self.types.value_of(node.value)
        owner_name: str | None = None
        fqn: str | None = None
        # An instance known only from an annotation may be of a subclass, which still has the read-only property.
        if isinstance(base, InstanceValue):
            info = self.index.type(base.fqn)
            if info is not None and info.kind in ("class", "struct"):
                owner_name, fqn = info.name, base.fqn
        elif isinstance(base, UserInstanceValue):
            user = self.types.classes.get(base.name)
            if user is not None and user.complete and not user.dynamic and node.attr not in user.body_names:
                owner_name, fqn = base.name, user.cdk_base
        if fqn is None or owner_name is None:
            return
        found = self.index.find_member(fqn, node.attr)
        if found is None:
            return
        _, member = found
        if member.kind == "property" and member.readonly and not member.static:
            line, column = self._attr_position(node)
            self.add(READ_ONLY_PROPERTY, node,
                     f"property '{node.attr}' of '{owner_name}' object has no setter", line=line, column=column)

    # calls ---------------------------------------------------------------------------------------------------
    def check_call(self, node: ast.Call) -> None:
        target = self._callee(node)
        if target is None:
            return
        signature, display, owner_deprecated = target
        self._check_signature(node, signature, display, report_deprecated=not owner_deprecated)

    def _callee(self, node: ast.Call) -> tuple[Signature, str, bool] | None:
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "super" and not func.value.args):
            scope = self.types.scope_of.get(id(func.value.func))
            user = self.types.classes.get(scope.self_class or "") if scope is not None else None
            if user is None or user.direct_cdk_base is None:
                return None
            return self._constructor(user.direct_cdk_base)
        value = self.types.value_of(func)
        if isinstance(value, ClassValue):
            return self._constructor(value.fqn)
        if isinstance(value, MethodValue) and value.checkable and value.member.signature is not None:
            owner = self.index.type(value.owner)
            if owner is None:
                return None
            deprecated = owner.deprecated is not None or value.member.deprecated is not None
            return value.member.signature, f"{owner.qualname}.{value.member.name}", deprecated
        return None

    def _constructor(self, fqn: str) -> tuple[Signature, str, bool] | None:
        info = self.index.type(fqn)
        if info is None:
            return None
        if info.kind == "struct":
            return Signature((), fqn, False), f"{info.qualname}.__init__", info.deprecated is not None
        if info.kind != "class" or info.abstract:
            return None
        found = self.index.initializer(fqn)
        if found is None:
            return None
        owner, signature = found
        return signature, f"{owner.qualname}.__init__", info.deprecated is not None

    def _check_signature(self, node: ast.Call, signature: Signature, display: str, *, report_deprecated: bool) -> None:
        starred = any(isinstance(a, ast.Starred) for a in node.args)
        double_star = any(k.arg is None for k in node.keywords)
        params = [p for p in signature.positional if not p.variadic]
        variadic = any(p.variadic for p in signature.positional)
        fields = self.index.struct_fields(signature.struct) if signature.struct else {}
        given = len(node.args)
        if not starred and not variadic and given > len(params):
            required = sum(1 for p in params if not p.optional) + 1
            total = len(params) + 1
            takes = f"{total}" if required == total else f"from {required} to {total}"
            plural = "argument" if total == 1 else "arguments"
            verb = "was" if given + 1 == 1 else "were"
            self.add(UNKNOWN_KEYWORD, node.args[len(params)],
                     f"{display}() takes {takes} positional {plural} but {given + 1} {verb} given")
        filled = {p.name for p in params[:given]} if not starred else set()
        allowed = [p.name for p in params] + list(fields)
        for keyword in node.keywords:
            if keyword.arg is None:
                continue
            if keyword.arg in filled:
                self.add(UNKNOWN_KEYWORD, keyword, f"{display}() got multiple values for argument '{keyword.arg}'")
            elif keyword.arg not in allowed:
                self.add(UNKNOWN_KEYWORD, keyword,
                         f"{display}() got an unexpected keyword argument '{keyword.arg}'"
                         + _did_you_mean(suggestions(keyword.arg, allowed)))
            elif (report_deprecated and keyword.arg in fields and fields[keyword.arg].deprecated is not None
                  and signature.struct):
                struct = self.index.type(signature.struct)
                owner = struct.qualname if struct else signature.struct
                self.add(DEPRECATED_API, keyword,
                         f"'{keyword.arg}' ({owner}) is deprecated" + _reason(fields[keyword.arg].deprecated))
        if starred or double_star:
            return
        named = {k.arg for k in node.keywords if k.arg}
        missing_positional = [p.name for p in params[given:] if not p.optional and p.name not in named]
        if missing_positional:
            self.add(MISSING_ARGUMENT, node, _missing(display, missing_positional, "positional"))
            return
        missing_keywords = [n for n, f in fields.items() if not f.optional and n not in named]
        if missing_keywords:
            self.add(MISSING_ARGUMENT, node, _missing(display, missing_keywords, "keyword-only"))

    # deprecations --------------------------------------------------------------------------------------------
    def _deprecated_type(self, node: ast.AST, fqn: str, line: int, column: int) -> None:
        info = self.index.type(fqn)
        if info is not None and info.deprecated is not None:
            self.add(DEPRECATED_API, node, f"{info.module}.{info.qualname} is deprecated" + _reason(info.deprecated),
                     line=line, column=column)

    def _deprecated_member(self, node: ast.AST, owner: TypeInfo, member: Member, line: int, column: int) -> None:
        # A member of a deprecated type is covered by the type's own finding.
        if member.deprecated is not None and owner.deprecated is None and owner.fqn not in _REPORTED_ELSEWHERE:
            self.add(DEPRECATED_API, node,
                     f"{owner.qualname}.{member.name} is deprecated" + _reason(member.deprecated),
                     line=line, column=column)

    def check_deprecated_import(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module or not self.index.has_module(node.module):
            return
        for alias in node.names:
            symbol = self.index.module_attribute(node.module, alias.name)
            if isinstance(symbol, TypeRef):
                self._deprecated_type(node, symbol.fqn, node.lineno, node.col_offset)


def _reason(text: str | None) -> str:
    return f": {_python_names(text)}" if text else ""


def _missing(display: str, names: list[str], kind: str) -> str:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    plural = "argument" if len(names) == 1 else "arguments"
    return f"{display}() missing {len(names)} required {kind} {plural}: {listed}"


def guarded_nodes(tree: ast.Module) -> set[int]:
    """Nodes whose failure the code expects: inside ``try`` bodies whose handlers catch attribute/import/type
    errors, and ``x.name`` under ``if hasattr(x, "name"):`` (the attribute is only read when it exists)."""
    guarded: set[int] = set()
    for node in walk(tree):
        if isinstance(node, ast.Try) and any(_catches(h) for h in node.handlers):
            for statement in node.body:
                guarded.update(id(n) for n in walk(statement))
        elif isinstance(node, ast.If | ast.IfExp):
            probes = _hasattr_probes(node.test)
            body: list[ast.AST] = list(node.body) if isinstance(node.body, list) else [node.body]
            for part in body:
                for inner in walk(part):
                    if isinstance(inner, ast.Attribute) and (ast.dump(inner.value), inner.attr) in probes:
                        guarded.add(id(inner))
    return guarded


def _hasattr_probes(test: ast.expr) -> set[tuple[str, str]]:
    """(dumped object, attribute name) of every ``hasattr(obj, "name")`` the test requires to be true."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return set().union(*(_hasattr_probes(v) for v in test.values))
    if (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "hasattr"
            and len(test.args) == 2 and isinstance(test.args[1], ast.Constant) and isinstance(test.args[1].value, str)):
        return {(ast.dump(test.args[0]), test.args[1].value)}
    return set()


def _catches(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in _GUARDING_EXCEPTIONS for n in names)


def hits_for(ctx: SourceContext, rule_id: str) -> Iterator[SourceHit]:
    """The ``SourceHit``s of one rule (what each rule module's ``check`` returns).

    A problem that makes synth fail is critical only where the code runs at synth; in a file the app never
    imports or a function nothing calls it is ``high``, and the message says why (``reach``).
    """
    from iacreview.rules.base import SourceHit
    for problem in api_problems(ctx):
        if problem.rule_id == rule_id:
            severity, message = None, problem.message
            if rule_id in _FAILS_SYNTH:
                runs, why = runs_at_synth(ctx, problem.relpath, problem.line)
                if not runs:
                    severity, message = Severity.HIGH, f"{message} ({why})"
            yield SourceHit(problem.relpath, problem.line, message, problem.column, severity=severity,
                            evidence=problem.evidence)


class SourceQueries:
    """Many questions about one parsed module, its inference built once.

    The repair ladder asks about every call of a file in turn (which keywords each accepts); building the alias
    and type inference again for each question costs a whole analysis of the file per call."""

    def __init__(self, tree: ast.Module, text: str, aliases: ModuleAliases, index: CdkIndex) -> None:
        self.tree = tree
        self.aliases = aliases
        self.index = index
        self._text = text
        self._checker: _Checker | None = None

    @property
    def checker(self) -> _Checker:
        if self._checker is None:
            self._checker = _Checker("", self.tree, self._text, self.aliases, self.index)
        return self._checker

    def accepted_keywords(self, call: ast.Call) -> set[str] | None:
        """The parameter names a call (a node of this module's tree) to an aws_cdk callable accepts, or None when
        the callee is not certain."""
        return _accepted(self.checker, self.index, call)

    def attribute_candidates(self, node: ast.Attribute) -> set[str] | None:
        """``attribute_candidates`` for an attribute node of this module's tree, with the inference built once."""
        return attribute_candidates(self.tree, self.aliases, self.index, node, self.checker.types)


def _accepted(checker: _Checker, index: CdkIndex, call: ast.Call) -> set[str] | None:
    target = checker._callee(call)
    if target is None:
        return None
    signature = target[0]
    fields = index.struct_fields(signature.struct) if signature.struct else {}
    return {p.name for p in signature.positional if not p.variadic} | set(fields)


def attribute_candidates(tree: ast.Module, aliases: ModuleAliases, index: CdkIndex,
                         node: ast.Attribute, types: ModuleTypes | None = None) -> set[str] | None:
    """The attribute names the value left of ``node.attr`` has, or None when that value is not certain.

    ``types``: the module's inference when the caller already has it (it is the costly part)."""
    base = (types or ModuleTypes(tree, aliases, index)).value_of(node.value)
    if isinstance(base, ModuleValue):
        return set(index.module_attributes(base.module))
    if isinstance(base, ClassValue | InstanceValue) and index.is_complete(base.fqn):
        info = index.type(base.fqn)
        nested = set(info.nested) if info is not None else set()
        return set(index.member_names(base.fqn)) | nested
    return None
