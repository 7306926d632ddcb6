"""Loading a CloudFormation template file (JSON or YAML) with the line of every resource.

YAML short-form intrinsics (``!Ref``, ``!Sub``, ``!GetAtt a.b`` ...) become their long JSON forms (``{"Ref": ..}``,
``{"Fn::Sub": ..}``, ``{"Fn::GetAtt": ["a", "b"]}``), so rules see one shape whatever the user wrote. Dates stay
strings (``AWSTemplateFormatVersion: 2010-09-09`` is a version, not a date).

YAML is parsed to a node graph first (``compose``), which gives the line of each logical id and lets hostile
documents be refused before they are built: aliases that expand into too many nodes ("billion laughs"),
recursive aliases and nesting deeper than ``MAX_DEPTH``. JSON is parsed with ``json`` and its resource lines come
from a small scanner, because JSON indented with tabs is not valid YAML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from iacreview.errors import InputError
from iacreview.sources.detect import read_text
from iacreview.template.model import Template

MAX_DEPTH = 100
# Nodes a document may expand to through aliases; real templates are far below this.
MAX_NODES = 200_000

_FN_TAGS = ("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
            "And", "Equals", "If", "Not", "Or", "Contains", "EachMemberEquals", "ValueOf", "ToJsonString", "Length")


class _Loader(yaml.SafeLoader):
    """SafeLoader + CloudFormation short forms; a subclass so the global SafeLoader is left untouched."""


def _construct_value(loader: yaml.SafeLoader, node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    return None


def _fn(name: str) -> Callable[[yaml.SafeLoader, Node], Any]:
    def construct(loader: yaml.SafeLoader, node: Node) -> Any:
        return {name: _construct_value(loader, node)}

    return construct


def _get_att(loader: yaml.SafeLoader, node: Node) -> Any:
    value = _construct_value(loader, node)
    if isinstance(value, str):
        resource, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    return {"Fn::GetAtt": value}


def _string(loader: yaml.SafeLoader, node: Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("!Ref", _fn("Ref"))
_Loader.add_constructor("!Condition", _fn("Condition"))
_Loader.add_constructor("!GetAtt", _get_att)
for _name in _FN_TAGS:
    _Loader.add_constructor(f"!{_name}", _fn(f"Fn::{_name}"))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _string)


def _check_graph(root: Node, display: str) -> None:
    """Refuse documents that nest deeper than MAX_DEPTH or expand (through aliases) beyond MAX_NODES."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    # Iterative post-order walk: shared (aliased) nodes are measured once and their size counted per use.
    stack: list[tuple[Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if sizes[key] > MAX_NODES:
                raise InputError(display, f"YAML aliases expand to more than {MAX_NODES} nodes; refused",
                                 line=node.start_mark.line + 1)
            if depths[key] > MAX_DEPTH:
                raise InputError(display, f"nesting deeper than {MAX_DEPTH} levels; refused",
                                 line=node.start_mark.line + 1)
            continue
        if key in sizes:
            continue
        if key in active:
            raise InputError(display, "recursive YAML alias; refused", line=node.start_mark.line + 1)
        active.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)


def _yaml_resource_lines(root: Node) -> dict[str, int]:
    if not isinstance(root, MappingNode):
        return {}
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "Resources" and isinstance(value, MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value.value if isinstance(k, ScalarNode)}
    return {}


def _flow_depth_exceeded(text: str) -> int | None:
    """Line where flow brackets (``[`` / ``{``) nest deeper than MAX_DEPTH, found by a cheap scan.

    PyYAML's composer recurses per level, so a document of thousands of nested brackets would first spend
    seconds hitting Python's recursion limit; this refuses it before parsing. Quoted text is skipped.
    """
    depth = 0
    line = 1
    quote = ""
    for ch in text:
        if ch == "\n":
            line += 1
            if quote == "'":  # single-quoted scalars may span lines; double-quoted too, but rarely in templates
                continue
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'" and depth:
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif ch in "]}" and depth:
            depth -= 1
    return None


def _load_yaml(text: str, display: str) -> tuple[Any, dict[str, int]]:
    deep_at = _flow_depth_exceeded(text)
    if deep_at is not None:
        raise InputError(display, f"nesting deeper than {MAX_DEPTH} levels; refused", line=deep_at)
    try:
        # The reader rejects control characters in its constructor, before any parsing.
        loader = _Loader(text)
    except yaml.YAMLError as exc:
        raise InputError(display, f"invalid YAML: {exc}") from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputError(display, "template is empty")
        _check_graph(root, display)
        body = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(display, f"invalid YAML: {exc.problem or exc.context}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(display, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError(display, f"nesting deeper than {MAX_DEPTH} levels; refused") from None
    finally:
        loader.dispose()
    return body, _yaml_resource_lines(root)


def json_resource_lines(text: str, display: str) -> dict[str, int]:
    """Line of each key of the top-level ``Resources`` object of a JSON text, by a small scanner.

    Also enforces MAX_DEPTH before ``json.loads`` would recurse.
    """
    lines: dict[str, int] = {}
    line = 1
    depth = 0
    # Per open container: is it an object, and is it the top-level Resources object.
    stack: list[tuple[bool, bool]] = []
    expecting_key = False
    last_key: str | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == '"':
            start_line = line
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            raw = text[i: j + 1]
            if stack and stack[-1][0] and expecting_key:
                try:
                    key = json.loads(raw)
                except ValueError:
                    key = raw.strip('"')
                last_key = key
                if stack[-1][1]:
                    lines.setdefault(key, start_line)
                expecting_key = False
            line += raw.count("\n")
            i = j
        elif ch in "{[":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(display, f"nesting deeper than {MAX_DEPTH} levels; refused", line=line)
            is_resources = ch == "{" and len(stack) == 1 and last_key == "Resources"
            stack.append((ch == "{", is_resources))
            expecting_key = ch == "{"
            last_key = None if ch == "[" else last_key
        elif ch in "}]":
            depth -= 1
            if stack:
                stack.pop()
        elif ch == ",":
            expecting_key = bool(stack and stack[-1][0])
        elif ch == ":" and stack and stack[-1][0]:
            expecting_key = False
        i += 1
    return lines


def _load_json(text: str, display: str) -> tuple[Any, dict[str, int]]:
    lines = json_resource_lines(text, display)
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(display, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise InputError(display, f"nesting deeper than {MAX_DEPTH} levels; refused") from None
    return body, lines


def load_template_text(text: str, display: str, *, name: str | None = None) -> Template:
    """A Template from JSON or YAML text; ``display`` is the path findings will name."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(display, "template is empty")
    if text.lstrip().startswith(("{", "[")):
        body, lines = _load_json(text, display)
    else:
        body, lines = _load_yaml(text, display)
    if not isinstance(body, dict):
        raise InputError(display, "not a CloudFormation template: the top level is not a mapping")
    if "Resources" not in body and "AWSTemplateFormatVersion" not in body:
        raise InputError(display, "not a CloudFormation template (no top-level Resources or AWSTemplateFormatVersion)")
    stem = name or Path(display).stem or "template"
    return Template(name=stem, body=body, path=display, synthesized=False, resource_lines=lines)


def load_template(path: Path, display: str) -> Template:
    """A Template from a user's file (size/encoding limits as for every input)."""
    return load_template_text(read_text(path, display), display, name=path.stem)
