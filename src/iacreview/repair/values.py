"""Repairs of values with exactly one meaning: an enum member spelled as the AWS docs or a number of days name it,
and a call whose missing arguments have one obvious value.

The values come from ``data/repair_values.json`` (``scripts/update_repair_data.py``): ``RetentionDays`` member ->
days is read from the installed aws-cdk-lib; the synonyms and obvious arguments are a short hand-kept list. Enum
errors name no type (``AttributeError: THIRTY_DAYS``), so the member is looked up on the node at the failing line,
and Python's own hint is never trusted for enums (``THIRTY_DAYS`` -> ``THREE_DAYS`` would change the meaning).
"""

from __future__ import annotations

import ast
import functools
import json
import re
from importlib import resources
from typing import Any

from iacreview.repair.edits import Span, replace_span
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import (
    ApiOracle,
    AppliedRepair,
    append_argument,
    innermost_nodes,
    load_failing,
    write_checked,
)
from iacreview.sources.workspace import Workspace
from iacreview.threadsafe_ast import parse_shared, walk

_ENUM_ERROR = re.compile(r"AttributeError: (?P<name>[A-Z][A-Z0-9_]*)(?:\. Did you mean: '\w+'\?)?$")
_NOT_VALID = re.compile(r"ValueError: (?P<value>-?\d+) is not a valid (?P<enum>\w+)")
_MISSING_KWARGS = re.compile(
    r"TypeError: (?P<callee>[\w.]+)\(\) missing \d+ required keyword-only arguments?: (?P<names>.+)$"
)
_NUMBER_WORDS = {
    "ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6, "SEVEN": 7, "EIGHT": 8, "NINE": 9, "TEN": 10,
    "ELEVEN": 11, "TWELVE": 12, "THIRTEEN": 13, "FOURTEEN": 14, "FIFTEEN": 15, "SIXTEEN": 16, "SEVENTEEN": 17,
    "EIGHTEEN": 18, "NINETEEN": 19, "TWENTY": 20, "THIRTY": 30, "FORTY": 40, "FIFTY": 50, "SIXTY": 60,
    "SEVENTY": 70, "EIGHTY": 80, "NINETY": 90, "HUNDRED": 100,
}
_UNIT_DAYS = {"DAY": 1, "DAYS": 1, "WEEK": 7, "WEEKS": 7}


@functools.cache
def repair_values() -> dict[str, Any]:
    text = resources.files("iacreview.data").joinpath("repair_values.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def days_in_name(name: str) -> int | None:
    """``THIRTY_DAYS`` -> 30, ``TWENTY_ONE_DAYS`` -> 21, ``2_WEEKS`` -> 14; None for months and years (not exact)."""
    *words, unit = name.split("_")
    if unit not in _UNIT_DAYS or not words:
        return None
    if len(words) == 1 and words[0].isdigit():
        return int(words[0]) * _UNIT_DAYS[unit]
    if any(w not in _NUMBER_WORDS for w in words):
        return None
    total = 0
    for word in words:
        value = _NUMBER_WORDS[word]
        total = total * value if value == 100 else total + value
    return total * _UNIT_DAYS[unit]


def _retention_member(days: int) -> str | None:
    members = [name for name, value in repair_values()["retention_days"].items() if value == days]
    return members[0] if len(members) == 1 else None


def _enum_replacement(enum_name: str, member: str) -> str | None:
    synonym = repair_values()["enum_synonyms"].get(enum_name, {}).get(member)
    if isinstance(synonym, str):
        return synonym
    if enum_name == "RetentionDays":
        days = days_in_name(member)
        return _retention_member(days) if days is not None else None
    return None


def _receiver_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def repair_enum_member(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``BillingMode.ON_DEMAND`` -> ``PAY_PER_REQUEST``; ``RetentionDays.THIRTY_DAYS`` -> ``ONE_MONTH``."""
    match = _ENUM_ERROR.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or failure.line is None:
        return None
    relpath, source, tree = loaded
    name = match.group("name")
    nodes = [
        n for n in innermost_nodes(tree, failure.line)
        if isinstance(n, ast.Attribute) and n.attr == name and _receiver_name(n.value) is not None
    ]
    enums = {_receiver_name(n.value) for n in nodes}
    if not nodes or len(enums) != 1:
        return None
    enum_name = next(iter(enums))
    replacement = _enum_replacement(enum_name or "", name)
    options = oracle.attribute_options(relpath, source, nodes[0])
    if replacement is None or (options is not None and replacement not in options):
        return None
    edited = source
    for node in sorted(nodes, key=lambda n: (n.end_lineno or 0, n.end_col_offset or 0), reverse=True):
        end_line, end_col = node.end_lineno or node.lineno, node.end_col_offset or 0
        edited = replace_span(edited, Span(end_line, end_col - len(name), end_line, end_col), replacement)
    if write_checked(workspace, relpath, edited):
        what = f"replaced `{enum_name}.{name}` by `{enum_name}.{replacement}` (the same value)"
        return AppliedRepair("enum-member", relpath, nodes[0].lineno, what, failure.error)
    return None


def _retention_text(source: str, call: ast.Call) -> str | None:
    """``logs.RetentionDays(7)`` -> ``logs.RetentionDays.ONE_WEEK``; a name or attribute argument -> a lookup by
    days that also passes member names through, so it is right for every value the argument may hold."""
    func = ast.get_source_segment(source, call.func)
    argument = call.args[0]
    text = ast.get_source_segment(source, argument)
    if func is None or text is None or "\n" in text:
        return None
    if isinstance(argument, ast.Constant):
        member = _retention_member(argument.value) if isinstance(argument.value, int) else None
        return f"{func}.{member}" if member else None
    if not isinstance(argument, ast.Name | ast.Attribute | ast.Subscript):
        return None  # evaluated twice below: only side-effect-free shapes
    table = {days: name for name, days in repair_values()["retention_days"].items()}
    return f"{func}[{table!r}.get({text}, {text})]"


def repair_enum_value(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``RetentionDays(7)`` (jsii enums are looked up by member name): name the member with that many days, at
    every such call in the file (each would fail the same way)."""
    match = _NOT_VALID.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or match.group("enum") != "RetentionDays" or not loaded or failure.line is None:
        return None
    relpath, source, tree = loaded
    failing = [
        n for n in innermost_nodes(tree, failure.line)
        if isinstance(n, ast.Call) and _receiver_name(n.func) == "RetentionDays"
    ]
    calls = [
        n for n in walk(tree)
        if isinstance(n, ast.Call) and _receiver_name(n.func) == "RetentionDays" and len(n.args) == 1
        and not n.keywords
    ]
    if len(failing) != 1 or failing[0] not in calls:
        return None
    edits = [(call, _retention_text(source, call)) for call in calls]
    if any(text is None for call, text in edits if call is failing[0]):
        return None
    edited = source
    for call, text in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        if text is not None:
            edited = replace_span(edited, Span.of(call), text)
    if write_checked(workspace, relpath, edited):
        count = sum(text is not None for _, text in edits)
        what = f"looked `RetentionDays` up by its number of days at {count} call(s) (jsii enums take member names)"
        return AppliedRepair("enum-member", relpath, failing[0].lineno, what, failure.error)
    return None


def repair_obvious_arguments(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """``AccessLogFormat.json_with_standard_fields()`` takes nine required include-this-field flags: all True."""
    match = _MISSING_KWARGS.search(failure.error)
    loaded = load_failing(workspace, failure)
    if not match or not loaded or failure.line is None:
        return None
    entry = repair_values()["obvious_arguments"].get(match.group("callee"))
    if entry is None:
        return None
    relpath, source, tree = loaded
    names = re.findall(r"'(\w+)'", match.group("names"))
    method = match.group("callee").rsplit(".", 1)[-1]
    calls = [
        n for n in innermost_nodes(tree, failure.line)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == method
    ]
    if len(calls) != 1 or not names or calls[0].args:
        return None
    call = calls[0]
    given = {k.arg for k in call.keywords}
    if given & set(names) or None in given:
        return None
    added = ", ".join(f"{name}={entry['value']}" for name in names)
    if write_checked(workspace, relpath, append_argument(source, call, added)):
        what = f"passed {added} to `{match.group('callee')}` ({entry['why']})"
        return AppliedRepair("obvious-argument", relpath, call.lineno, what, failure.error)
    return None


# Placeholder tokens an answer leaves for the user to fill in. An account token names a 12-digit account; any
# other ``YOUR_...``/``<...>`` token stands for a name.
_ACCOUNT_TOKEN = re.compile(
    r"YOUR_(?:AWS_)?ACCOUNT(?:_ID|_NUMBER)?\b|<(?:your[-_])?(?:aws[-_])?account(?:[-_](?:id|number))?>"
    r"|(?<![\w-])ACCOUNT[-_](?:ID|NUMBER)(?![\w-])",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"YOUR_[A-Z0-9_]+\b|<[A-Za-z][\w-]*>")
# A validation that names the value it refused: ``Invalid S3 bucket name (value: logs-YOUR_ACCOUNT_ID)``.
_REFUSED_VALUE = re.compile(r"(?P<what>Invalid [\w ]+?)\s*\(value: (?P<value>[^)]*)\)|(?P<account>[Aa]ccount)")
_DUMMY_ACCOUNT = "123456789012"


def _placeholder_in(error: str) -> tuple[str, str] | None:
    """``(token, dummy)`` when the refused value holds exactly one placeholder token of a known kind."""
    match = _REFUSED_VALUE.search(error)
    if match is None:
        return None
    value = match.group("value") if match.group("value") is not None else error
    accounts = set(_ACCOUNT_TOKEN.findall(value))
    names = set(_NAME_TOKEN.findall(value)) - accounts
    if len(accounts) + len(names) != 1:
        return None
    if accounts:
        return accounts.pop(), _DUMMY_ACCOUNT
    token = names.pop()
    if "bucket name" not in (match.group("what") or "").lower():
        return None  # a name token elsewhere has no single valid dummy
    return token, token.strip("<>").lower().replace("_", "-")


def _context_hits(workspace: Workspace, token: str) -> list[str]:
    return [k for k, v in workspace.context.items() if isinstance(v, str) and token in v]


def _python_hits(workspace: Workspace, token: str) -> dict[str, list[int]]:
    """Lines of the answer's Python files where a string literal holds ``token``."""
    hits: dict[str, list[int]] = {}
    for relpath, source in sorted(workspace.files.items()):
        if source.generated or not relpath.endswith(".py") or not workspace.path(relpath).is_file():
            continue
        try:
            tree = parse_shared(workspace.read(relpath))
        except SyntaxError:
            continue
        lines = sorted({
            line
            for n in walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and token in n.value
            for line in range(n.lineno, (n.end_lineno or n.lineno) + 1)
        })
        if lines:
            hits[relpath] = lines
    return hits


def repair_placeholder_value(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    """A placeholder the answer left in a value (``YOUR_ACCOUNT_ID``) fails a validation: put a valid dummy of the
    same kind in its place (a 12-digit account; a lowercase name in a bucket name), wherever that token is written.

    Refused when the refused value holds no token or several, when the token is of no known kind, and when the
    token is not written literally anywhere (the value was computed: no single place to change).
    """
    found = _placeholder_in(failure.error)
    if found is None:
        return None
    token, dummy = found
    keys = _context_hits(workspace, token)
    files = _python_hits(workspace, token)
    if not keys and not files:
        return None
    for key in keys:
        value = workspace.context[key]
        assert isinstance(value, str)
        workspace.context[key] = value.replace(token, dummy)
    for relpath, numbers in files.items():
        lines = workspace.read(relpath).splitlines(keepends=True)
        for number in numbers:
            lines[number - 1] = lines[number - 1].replace(token, dummy)
        if not write_checked(workspace, relpath, "".join(lines)):
            return None
    where, line = _first_place(workspace, keys, files, token)
    places = [f"context `{k}`" for k in keys] + [f"{r}" for r in files]
    what = f"replaced the placeholder `{token}` by `{dummy}` ({', '.join(places)})"
    return AppliedRepair("placeholder-value", where, line, what, failure.error)


def _first_place(workspace: Workspace, keys: list[str], files: dict[str, list[int]], token: str) -> tuple[str, int]:
    """Where the repair is shown: the first Python line, else the cdk.json line that holds the token."""
    if files:
        relpath = next(iter(files))
        return relpath, files[relpath][0]
    if "cdk.json" in workspace.files and workspace.path("cdk.json").is_file():
        for number, text in enumerate(workspace.read("cdk.json").splitlines(), start=1):
            if token in text:
                return "cdk.json", number
    return "cdk.json", 1
