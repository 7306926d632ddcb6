"""An index of the installed aws-cdk-lib (and constructs) API in Python spelling, built offline from jsii assemblies.

The static API layer asks it questions such as "does ``aws_cdk.aws_s3`` have ``Bucket``?", "which keyword arguments
does ``Bucket.__init__`` take?" or "is ``Stack.region`` read-only?". The index is built once per pair of installed
versions (about a second) and cached as ``marshal`` data: the type table maps each jsii fqn to the still-encoded
bytes of its record, which is decoded only when a type is first asked about, so loading stays well under 0.1 s.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from iacreview.config import Config
from iacreview.python.jsii_assembly import AssemblyNotFound, find_assembly, module_table, read_assembly, type_records

FORMAT = 4
DISTRIBUTIONS = ("aws-cdk-lib", "constructs")


@dataclass(frozen=True)
class Param:
    name: str
    optional: bool
    variadic: bool


@dataclass(frozen=True)
class Signature:
    """A Python call signature: positional parameters, then keyword-only fields of ``struct`` (jsii kwargs)."""

    positional: tuple[Param, ...]
    struct: str | None
    struct_optional: bool


@dataclass(frozen=True)
class Member:
    name: str
    kind: str  # "method" | "property" | "enum_member"
    static: bool
    readonly: bool
    type: str | None
    optional: bool
    deprecated: str | None
    signature: Signature | None
    returns: str | None


@dataclass(frozen=True)
class TypeInfo:
    fqn: str
    kind: str  # "class" | "interface" | "struct" | "enum"
    module: str
    qualname: str
    bases: tuple[str, ...]
    abstract: bool
    deprecated: str | None
    members: dict[str, Member]
    nested: dict[str, str]
    initializer: Signature | None

    @property
    def name(self) -> str:
        """The class name Python shows in messages (``Bucket``, ``LifecycleConfigurationProperty``)."""
        return self.qualname.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class ModuleRef:
    module: str


@dataclass(frozen=True)
class TypeRef:
    fqn: str


Symbol = ModuleRef | TypeRef


def _signature(raw: Any) -> Signature | None:
    if raw is None:
        return None
    positional, struct, struct_optional = raw
    return Signature(tuple(Param(n, o, v) for n, o, v in positional), struct, struct_optional)


class CdkIndex:
    """Read-only queries over the index data; decoded types are memoised per instance."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.versions: dict[str, str] = data["versions"]
        self._modules: dict[str, tuple[dict[str, str], dict[str, str]]] = data["modules"]
        self._types: dict[str, bytes] = data["types"]
        self._decoded: dict[str, TypeInfo] = {}

    # modules -------------------------------------------------------------------------------------------------
    def has_module(self, module: str) -> bool:
        return module in self._modules

    def module_attribute(self, module: str, name: str) -> Symbol | None:
        entry = self._modules.get(module)
        if entry is None:
            return None
        types, submodules = entry
        if name in types:
            return TypeRef(types[name])
        if name in submodules:
            return ModuleRef(submodules[name])
        return None

    def module_attributes(self, module: str) -> list[str]:
        types, submodules = self._modules.get(module, ({}, {}))
        return [*types, *submodules]

    def modules_defining(self, name: str) -> list[str]:
        """Modules that have a type of this name (``SnsAction`` -> ``aws_cdk.aws_cloudwatch_actions``)."""
        return sorted(module for module, (types, _) in self._modules.items() if name in types)

    # types ---------------------------------------------------------------------------------------------------
    def type(self, fqn: str) -> TypeInfo | None:
        info = self._decoded.get(fqn)
        if info is None:
            raw = self._types.get(fqn)
            if raw is None:
                return None
            kind, module, qualname, bases, abstract, deprecated, members, nested, init = marshal.loads(raw)
            info = TypeInfo(
                fqn=fqn,
                kind=kind,
                module=module,
                qualname=qualname,
                bases=tuple(bases),
                abstract=abstract,
                deprecated=deprecated,
                members={
                    name: Member(name, k, s, ro, t, opt, dep, _signature(sig), ret)
                    for name, (k, s, ro, t, opt, dep, sig, ret) in members.items()
                },
                nested=nested,
                initializer=_signature(init),
            )
            self._decoded[fqn] = info
        return info

    def lineage(self, fqn: str) -> Iterator[TypeInfo]:
        """The type, its base classes (nearest first, as Python's MRO finds them), then every interface, each once."""
        seen: set[str] = set()
        chain: list[TypeInfo] = []
        current: str | None = fqn
        while current and current not in seen:
            seen.add(current)
            info = self.type(current)
            if info is None:
                break
            chain.append(info)
            current = info.bases[0] if info.kind == "class" and info.bases and self._is_class(info.bases[0]) else None
        yield from chain
        queue = [base for info in chain for base in info.bases if base not in seen]
        while queue:
            current = queue.pop(0)
            if current in seen:
                continue
            seen.add(current)
            info = self.type(current)
            if info is not None:
                yield info
                queue.extend(info.bases)

    def is_complete(self, fqn: str) -> bool:
        """True when every ancestor is in the index (so "no such member" is a certain answer)."""
        return all(base in self._types for info in self.lineage(fqn) for base in info.bases)

    def find_member(self, fqn: str, name: str) -> tuple[TypeInfo, Member] | None:
        for info in self.lineage(fqn):
            member = info.members.get(name)
            if member is not None:
                return info, member
        return None

    def member_names(self, fqn: str) -> set[str]:
        names: set[str] = set()
        for info in self.lineage(fqn):
            names.update(info.members)
            names.update(info.nested)
        return names

    def nested_type(self, fqn: str, name: str) -> str | None:
        info = self.type(fqn)
        return info.nested.get(name) if info else None

    def initializer(self, fqn: str) -> tuple[TypeInfo, Signature] | None:
        """The constructor Python runs: the class's own or the nearest base class's (None when private)."""
        current: str | None = fqn
        while current:
            info = self.type(current)
            if info is None or info.kind != "class":
                return None
            if info.initializer is not None:
                return info, info.initializer
            current = info.bases[0] if info.bases and self._is_class(info.bases[0]) else None
        return None

    def _is_class(self, fqn: str) -> bool:
        info = self.type(fqn)
        return info is not None and info.kind == "class"

    def is_subclass(self, fqn: str, ancestor: str) -> bool:
        return any(info.fqn == ancestor for info in self.lineage(fqn))

    def struct_fields(self, fqn: str) -> dict[str, Member]:
        """Every field of a struct, inherited ones included (these are the Python keyword arguments)."""
        fields: dict[str, Member] = {}
        for info in self.lineage(fqn):
            for name, member in info.members.items():
                if member.kind == "property" and not member.static:
                    fields.setdefault(name, member)
        return fields

    def __len__(self) -> int:
        return len(self._types)


# building and caching ------------------------------------------------------------------------------------------


def installed_versions() -> dict[str, str] | None:
    """Versions from package metadata (the RECORD listing is only read when building)."""
    versions = _installed_versions()
    return dict(versions) if versions is not None else None


@lru_cache(maxsize=1)
def _installed_versions() -> dict[str, str] | None:
    """Read once per process: finding a distribution's metadata searches every ``sys.path`` entry (milliseconds, and
    every review asks), and the installed versions do not change while the process runs."""
    try:
        return {name: metadata.version(name) for name in DISTRIBUTIONS}
    except metadata.PackageNotFoundError:
        return None


def build_index_data() -> dict[str, Any]:
    """Read both assemblies and produce the plain data that ``CdkIndex`` wraps (about a second)."""
    assemblies = [read_assembly(find_assembly(name).tarball) for name in DISTRIBUTIONS]
    all_types: dict[str, Any] = {}
    for assembly in assemblies:
        all_types.update(assembly["types"])
    modules: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    types: dict[str, bytes] = {}
    for assembly in assemblies:
        table = module_table(assembly)
        for python_module in table.values():
            modules.setdefault(python_module, ({}, {}))
        for python_module in table.values():
            parent, _, last = python_module.rpartition(".")
            if parent in modules:
                modules[parent][1][last] = python_module
        for fqn, record in type_records(assembly, all_types).items():
            module, qualname = record[1], record[2]
            if "." not in qualname:
                modules.setdefault(module, ({}, {}))[0][qualname] = fqn
            types[fqn] = marshal.dumps(record)
    versions = {str(a["name"]): str(a["version"]) for a in assemblies}
    return {"format": FORMAT, "versions": versions, "modules": modules, "types": types}


def default_cache_dir(config: Config) -> Path:
    if config.cache_dir:
        return Path(config.cache_dir)
    import platformdirs

    return Path(platformdirs.user_cache_dir("iacreview"))


def cache_path(config: Config, versions: dict[str, str]) -> Path:
    stem = "-".join(f"{name}-{versions[name]}" for name in DISTRIBUTIONS)
    return default_cache_dir(config) / f"cdk-index-{stem}-f{FORMAT}.marshal"


def write_index(data: dict[str, Any], path: Path) -> None:
    """Write atomically so that concurrent runs never read a half-written cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            marshal.dump(data, stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Indexes already read in this process, by (path, mtime, size): a corpus run reviews many answers per process and
# the index (read-only, decoded lazily) is the same for all of them.
_READ: dict[tuple[str, int, int], CdkIndex] = {}


def read_index(path: Path) -> CdkIndex | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _READ:
        return _READ[key]
    index = _read_index_file(path)
    if index is not None:
        _READ.clear()  # one live index per process is enough
        _READ[key] = index
    return index


def _read_index_file(path: Path) -> CdkIndex | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return CdkIndex(data)


def load_index(config: Config) -> CdkIndex | None:
    """The index of the installed versions, from the cache or built (and cached) now; None if unavailable."""
    versions = installed_versions()
    if versions is None:
        return None
    path = cache_path(config, versions)
    index = read_index(path)
    if index is not None and index.versions == versions:
        return index
    try:
        data = build_index_data()
    except (AssemblyNotFound, OSError, ValueError, KeyError):
        return None
    with contextlib.suppress(OSError):  # an unwritable cache only costs a rebuild next time
        write_index(data, path)
    return CdkIndex(data)
