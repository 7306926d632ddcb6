"""Prompt actions: a least-privilege prompt that names the IAM actions to grant, and code that grants more.

"The policy grants s3:GetObject and s3:ListBucket ... use least-privilege policies" fixes what may be granted. An
answer whose policy statements list further actions of the same service (``s3:PutObject``, ``s3:GetObjectVersion``,
``s3:*``) grants more than was asked. The actions are read from the code as written (string literals in
``actions=[...]`` and ``add_actions(...)``), so the check also holds for a policy the template never shows (one that
is created but not attached, or an answer that does not synthesize).

Precision first: only services the prompt names actions of are checked, an action the prompt mentions anywhere is
never extra (a prompt wildcard such as ``s3:Get*`` covers what it matches), and nothing is reported unless the prompt
asks for least privilege. Grants made by methods (``bucket.grant_read(fn)``) have no literal and are not judged.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from iacreview.model import Finding, Location
from iacreview.rules.comparison import PROMPT_ACTIONS
from iacreview.rules.template_helpers import action_matches
from iacreview.threadsafe_ast import parse_shared, walk

_ACTION = re.compile(r"(?<![\w/:.-])([a-z][a-z0-9-]{1,30}):([A-Z][A-Za-z0-9]*\*?|\*)(?![\w:/])")
_LITERAL = re.compile(r"^([a-z][a-z0-9-]{1,30}):([A-Za-z0-9]*\*?)$")
_LEAST_PRIVILEGE = re.compile(r"least[- ]privilege", re.IGNORECASE)


class SourceFile(Protocol):
    """A Python file of the candidate as the user gave it (``verify.evidence.SourceText`` is one)."""

    @property
    def relpath(self) -> str: ...

    @property
    def text(self) -> str: ...

    def location(self, line: int) -> Location | None: ...


_Source = TypeVar("_Source", bound=SourceFile)


def code_lines(sources: Iterable[_Source]) -> Iterator[tuple[_Source, int, str]]:
    """(file, line number, the line without its comment) for every line of the files: a comment that names a
    construct or a setting does not write it."""
    for source in sources:
        for number, line in enumerate(source.text.splitlines(), start=1):
            yield source, number, line.split("#", 1)[0]


@dataclass(frozen=True)
class GrantedAction:
    action: str
    relpath: str
    line: int


def requested_actions(prompt: str) -> dict[str, set[str]]:
    """Service -> the actions the prompt names, e.g. ``{"s3": {"GetObject", "ListBucket"}}``."""
    found: dict[str, set[str]] = {}
    for service, action in _ACTION.findall(prompt):
        found.setdefault(service, set()).add(action)
    return found


def granted_actions(source: SourceFile) -> Iterator[GrantedAction]:
    """Action literals the code grants its own roles: items of an ``actions=`` keyword and arguments of
    ``add_actions``; not those of a statement that denies them or names principals (a resource policy)."""
    try:
        tree = parse_shared(source.text)
    except (SyntaxError, ValueError):
        return
    found: list[GrantedAction] = []
    for call in (n for n in walk(tree) if isinstance(n, ast.Call)):
        if _denies(call) or any(k.arg == "principals" for k in call.keywords):
            continue  # denied, or a resource policy's statement (a service writing logs to a bucket, say)
        values: list[ast.expr] = [k.value for k in call.keywords if k.arg == "actions"]
        if isinstance(call.func, ast.Attribute) and call.func.attr == "add_actions":
            values += call.args
        for value in values:
            items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str) and _LITERAL.match(item.value):
                    found.append(GrantedAction(item.value, source.relpath, item.lineno))
    yield from sorted(found, key=lambda g: g.line)


def _denies(call: ast.Call) -> bool:
    """A statement with ``effect=Effect.DENY`` (or ``"Deny"``): its actions are taken away, not granted."""
    for keyword in call.keywords:
        if keyword.arg == "effect":
            value = keyword.value
            text = value.attr if isinstance(value, ast.Attribute) else value.value if isinstance(
                value, ast.Constant) else ""
            return str(text).lower() == "deny"
    return False


def _allowed(action: str, requested: set[str]) -> bool:
    service = action.split(":", 1)[0]
    return any(action_matches(f"{service}:{r}", action) for r in requested)


def prompt_action_failures(prompt: str, sources: Sequence[SourceFile]) -> list[Finding]:
    """One finding at the first extra action, naming every action granted beyond the prompt's list."""
    if not _LEAST_PRIVILEGE.search(prompt):
        return []
    requested = requested_actions(prompt)
    if not requested:
        return []
    extra: list[tuple[GrantedAction, SourceFile]] = []
    for source in sources:
        for granted in granted_actions(source):
            service = granted.action.split(":", 1)[0]
            if service in requested and not _allowed(granted.action, requested[service]):
                extra.append((granted, source))
    if not extra:
        return []
    first, source = min(extra, key=lambda pair: (pair[0].relpath, pair[0].line))
    names = list(dict.fromkeys(g.action for g, _ in extra))
    asked = sorted(f"{s}:{a}" for s, actions in requested.items() if s in {n.split(':')[0] for n in names}
                   for a in actions)
    message = (f"The prompt asks for least privilege and names {', '.join(f'`{a}`' for a in asked)}; the code "
               f"also grants {', '.join(f'`{n}`' for n in names)}.")
    return [Finding.from_rule(PROMPT_ACTIONS, message, source.location(first.line), evidence=", ".join(names))]
