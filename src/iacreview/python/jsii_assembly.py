"""Read a jsii assembly (the ``.jsii`` type system of a jsii library) from an installed Python wheel.

jsii wheels ship the npm tarball of the library under ``<module>/_jsii/<name>@<version>.jsii.tgz``. Its
``package/.jsii`` is either the assembly itself or, for large libraries such as aws-cdk-lib, a small redirect
document (schema ``jsii/file-redirect``) naming a gzip-compressed file next to it. Reading the tarball needs no
Node and never imports the library (importing ``aws_cdk`` would start a Node process).
"""

from __future__ import annotations

import gzip
import json
import keyword
import re
import tarfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

_REDIRECT_SCHEMA = "jsii/file-redirect"
_MAX_REDIRECTS = 4


class AssemblyNotFound(Exception):
    """The distribution is not installed or carries no jsii tarball."""


@dataclass(frozen=True)
class AssemblyFile:
    """Where the jsii tarball of one installed distribution lives."""

    distribution: str
    version: str
    tarball: Path


def find_assembly(distribution: str) -> AssemblyFile:
    """Locate the ``*.jsii.tgz`` of an installed distribution through its RECORD (no import)."""
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError as error:
        raise AssemblyNotFound(f"{distribution} is not installed") from error
    for entry in dist.files or ():
        parts = PurePosixPath(str(entry)).parts
        if len(parts) >= 2 and parts[-2] == "_jsii" and parts[-1].endswith(".jsii.tgz"):
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                return AssemblyFile(distribution, dist.version, path)
    raise AssemblyNotFound(f"{distribution} {dist.version} carries no jsii assembly tarball")


def read_assembly(tarball: Path) -> dict[str, Any]:
    """The assembly JSON inside an npm tarball, following ``jsii/file-redirect`` documents."""
    with tarfile.open(tarball, "r:gz") as archive:
        name, compression = "package/.jsii", None
        for _ in range(_MAX_REDIRECTS):
            member = archive.extractfile(name)
            if member is None:
                raise AssemblyNotFound(f"{tarball}: no {name}")
            raw = member.read()
            if compression == "gzip":
                raw = gzip.decompress(raw)
            document: dict[str, Any] = json.loads(raw)
            if document.get("schema") != _REDIRECT_SCHEMA:
                return document
            compression = document.get("compression")
            if compression not in (None, "gzip"):
                raise AssemblyNotFound(f"{tarball}: unsupported compression {compression!r}")
            # The redirect target is relative to the directory of the redirect document.
            name = str(PurePosixPath(name).parent / str(document["filename"]))
    raise AssemblyNotFound(f"{tarball}: too many redirects")


# ---------------------------------------------------------------------------------------------------------------
# Python names. jsii-pacmak derives the Python spelling of every member from its TypeScript name; the rules below
# mirror its ``toSnakeCase`` (codemaker, decamelize 5) and ``toPythonIdentifier`` (keywords get a trailing ``_``).
# Checked against the generated modules: ``arnForEC2Fleet`` -> ``arn_for_ec2_fleet``, ``POP3S`` -> ``POP3_S``.
# ---------------------------------------------------------------------------------------------------------------

PYTHON_KEYWORDS = frozenset(keyword.kwlist)
_LOWER_UPPER = re.compile(r"([a-z\d])([A-Z])")
_UPPER_RUN = re.compile(r"([A-Z]+)([A-Z][a-z]+)")


# codemaker spells these units as one word: ``memoryLimitMiB`` -> ``memory_limit_mib``.
_ABBREVIATIONS = (("KiB", "Kib"), ("MiB", "Mib"), ("GiB", "Gib"))


def snake_case(name: str) -> str:
    """``grantReadWrite`` -> ``grant_read_write``; ``PRIVATE_5G`` -> ``private_5_g`` (constants re-upper later)."""
    for abbreviation, word in _ABBREVIATIONS:
        name = name.replace(abbreviation, word)
    return _UPPER_RUN.sub(r"\1_\2", _LOWER_UPPER.sub(r"\1_\2", name)).lower()


def python_identifier(name: str) -> str:
    return f"{name}_" if name in PYTHON_KEYWORDS else name


def python_member_name(name: str, *, constant: bool = False, protected: bool = False) -> str:
    """The Python name of a method, property or parameter (constants are upper-cased, protected get ``_``).

    Pass ``protected`` only for instance members: protected static members keep their plain name.
    """
    value = python_identifier(snake_case(name))
    if constant:
        value = value.upper()
    return f"_{value}" if protected else value


# ---------------------------------------------------------------------------------------------------------------
# Records: the plain-data form of the index (tuples, dicts, strings, bools) so that it marshals and loads quickly.
# ---------------------------------------------------------------------------------------------------------------
# type record:   (kind, module, qualname, bases, abstract, deprecated, members, nested, initializer)
#   kind         "class" | "interface" | "struct" | "enum"
#   bases        base class first (classes), then interfaces
#   members      {python name: member record}
#   nested       {name: fqn} types declared inside this type (``CfnBucket.CorsRuleProperty``)
#   initializer  signature record, or None when the class declares none (look at its base)
# member record: (kind, static, readonly, type fqn, optional, deprecated, signature, returns fqn)
#   kind         "method" | "property" | "enum_member"
# signature:     (positional, struct fqn, struct optional)  positional = ((name, optional, variadic), ...); keyword
#                arguments come from the struct (its fields, flattened) when the last parameter is one.

TypeRecord = tuple[Any, ...]


def _type_fqn(ref: Any) -> str | None:
    if isinstance(ref, dict):
        fqn = ref.get("fqn")
        return fqn if isinstance(fqn, str) else None
    return None


def _deprecated(node: dict[str, Any]) -> str | None:
    docs = node.get("docs") or {}
    text = docs.get("deprecated")
    if text is None and docs.get("stability") == "deprecated":
        return ""
    return str(text) if text is not None else None


def _signature(callable_: dict[str, Any], types: dict[str, Any]) -> tuple[Any, ...]:
    params = list(callable_.get("parameters") or [])
    struct: str | None = None
    struct_optional = False
    if params:
        last_fqn = _type_fqn(params[-1].get("type"))
        last = types.get(last_fqn or "")
        # jsii-pacmak lifts a trailing struct into keyword arguments, unless it is variadic (``*port_mappings``).
        if last is not None and last.get("kind") == "interface" and last.get("datatype") and not params[-1].get(
            "variadic"
        ):
            struct, struct_optional = last_fqn, bool(params[-1].get("optional"))
            params = params[:-1]
    field_names = _struct_field_names(struct, types) if struct else set()
    positional = tuple(
        (_positional_name(p["name"], field_names), bool(p.get("optional")), bool(p.get("variadic"))) for p in params
    )
    return (positional, struct, struct_optional)


def _positional_name(name: str, field_names: set[str]) -> str:
    """A positional parameter that shares its name with a keyword field gets a ``_`` (``id`` -> ``id_``)."""
    python = python_member_name(name)
    return f"{python}_" if python in field_names else python


def _struct_field_names(fqn: str, types: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    queue, seen = [fqn], set()
    while queue:
        current = queue.pop()
        if current in seen or current not in types:
            continue
        seen.add(current)
        node = types[current]
        names.update(python_member_name(p["name"]) for p in node.get("properties") or [])
        queue.extend(node.get("interfaces") or [])
    return names


def _method_record(method: dict[str, Any], types: dict[str, Any]) -> tuple[Any, ...]:
    returns = method.get("returns") or {}
    return (
        "method",
        bool(method.get("static")),
        True,
        None,
        False,
        _deprecated(method),
        _signature(method, types),
        _type_fqn(returns.get("type")),
    )


def _property_record(prop: dict[str, Any]) -> tuple[Any, ...]:
    return (
        "property",
        bool(prop.get("static")),
        bool(prop.get("immutable")),
        _type_fqn(prop.get("type")),
        bool(prop.get("optional")),
        _deprecated(prop),
        None,
        None,
    )


def type_records(assembly: dict[str, Any], all_types: dict[str, Any]) -> dict[str, TypeRecord]:
    """Convert every type of one assembly into a record keyed by its jsii fqn."""
    name = str(assembly["name"])
    root_module = str(assembly["targets"]["python"]["module"])
    submodules = {
        fqn: str(sub.get("targets", {}).get("python", {}).get("module") or "")
        for fqn, sub in (assembly.get("submodules") or {}).items()
    }
    records: dict[str, TypeRecord] = {}
    nested: dict[str, dict[str, str]] = {}
    for fqn, node in assembly["types"].items():
        module, qualname = _python_place(fqn, name, root_module, submodules)
        kind = str(node["kind"])
        if kind == "interface" and node.get("datatype"):
            kind = "struct"
        bases: list[str] = []
        if node.get("base"):
            bases.append(str(node["base"]))
        bases.extend(str(i) for i in node.get("interfaces") or [])
        members: dict[str, tuple[Any, ...]] = {}
        for member in node.get("members") or []:  # enum members keep their assembly spelling
            members[python_identifier(member["name"])] = (
                "enum_member", True, True, fqn, False, _deprecated(member), None, None,
            )
        for prop in node.get("properties") or []:
            protected = bool(prop.get("protected")) and not prop.get("static")
            py = python_member_name(prop["name"], constant=bool(prop.get("const")), protected=protected)
            members[py] = _property_record(prop)
        for method in node.get("methods") or []:
            protected = bool(method.get("protected")) and not method.get("static")
            py = python_member_name(method["name"], protected=protected)
            members[py] = _method_record(method, all_types)
        initializer = _signature(node["initializer"], all_types) if "initializer" in node else None
        records[fqn] = (
            kind, module, qualname, tuple(bases), bool(node.get("abstract")), _deprecated(node), members, {},
            initializer,
        )
        if "." in qualname:
            parent_fqn = fqn.rsplit(".", 1)[0]
            nested.setdefault(parent_fqn, {})[qualname.rsplit(".", 1)[1]] = fqn
    for parent_fqn, children in nested.items():
        if parent_fqn in records:
            records[parent_fqn][7].update(children)
    return records


def _python_place(fqn: str, assembly: str, root_module: str, submodules: dict[str, str]) -> tuple[str, str]:
    """(Python module, qualified name inside it) of a jsii type; the longest submodule prefix wins."""
    parts = fqn.split(".")
    for cut in range(len(parts) - 1, 1, -1):
        module = submodules.get(".".join(parts[:cut]))
        if module:
            return module, ".".join(parts[cut:])
    return root_module, fqn[len(assembly) + 1 :]


def module_table(assembly: dict[str, Any]) -> dict[str, str]:
    """{jsii submodule fqn: Python module} plus the assembly root."""
    table = {str(assembly["name"]): str(assembly["targets"]["python"]["module"])}
    for fqn, sub in (assembly.get("submodules") or {}).items():
        module = sub.get("targets", {}).get("python", {}).get("module")
        if module:
            table[fqn] = str(module)
    return table
