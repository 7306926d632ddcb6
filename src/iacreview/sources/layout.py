"""Facts about a set of Python files that decide how they are laid out: imports, entry point, region, packages.

Used by both the Markdown and the folder loaders. Everything here reads code, never runs it. Parsing falls back to
line patterns when a file does not parse (a truncated answer still names its imports and classes).
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass
from pathlib import PurePosixPath

from iacreview.aws_regions import REGION_CODE
from iacreview.threadsafe_ast import parse_shared, walk

ENTRY_NAMES = ("tap.py", "app.py", "main.py")

_APP = re.compile(r"App\s*\(")  # cdk.App(, core.App(, and App subclasses (MyApp()).
_SYNTH = re.compile(r"\.synth\s*\(")
_CLASS = re.compile(r"^class\s+(\w+)\s*(?:\((?P<bases>[^)]*)\))?\s*:", re.MULTILINE)
_DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)", re.MULTILINE)
_ASSIGN = re.compile(r"^([A-Za-z_]\w*)\s*(?::[^=]+)?=", re.MULTILINE)
_FROM_IMPORT = re.compile(r"^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?([\w\s,]+)", re.MULTILINE)
_IMPORT = re.compile(r"^\s*import\s+([\w.]+)", re.MULTILINE)
_REGION = REGION_CODE
_REGION_KWARG = re.compile(rf"""\bregion\b["']?\s*[=:]\s*[rbuf]?["']({_REGION})["']""", re.IGNORECASE)
_REGION_DEFAULT = re.compile(rf"""["']CDK_DEFAULT_REGION["']\s*,\s*["']({_REGION})["']|["']({_REGION})["']""")


@dataclass(frozen=True)
class Import:
    """``from <dots><module> import <names>`` or ``import <module>`` (level 0, no names)."""

    module: str
    level: int
    names: tuple[str, ...]
    line: int


def parse(text: str) -> ast.Module | None:
    try:
        return parse_shared(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def imports_of(text: str) -> list[Import]:
    tree = parse(text)
    found: list[Import] = []
    if tree is None:
        for match in _FROM_IMPORT.finditer(text):
            names = tuple(n.strip().split(" as ")[0] for n in match.group(3).replace("\n", ",").split(",") if n.strip())
            line = text.count("\n", 0, match.start()) + 1
            found.append(Import(match.group(2), len(match.group(1)), names, line))
        for match in _IMPORT.finditer(text):
            found.append(Import(match.group(1), 0, (), text.count("\n", 0, match.start()) + 1))
        return found
    for node in walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.append(Import(node.module or "", node.level, tuple(a.name for a in node.names), node.lineno))
        elif isinstance(node, ast.Import):
            found.extend(Import(a.name, 0, (), node.lineno) for a in node.names)
    return found


def defined_names(text: str) -> set[str]:
    """Top-level classes, functions and assigned names a module offers to importers."""
    tree = parse(text)
    if tree is None:
        return {m.group(1) for p in (_CLASS, _DEF, _ASSIGN) for m in p.finditer(text)}
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def classes_with_bases(text: str) -> list[tuple[str, str]]:
    """(class name, bases as written) of the top-level classes."""
    return [(m.group(1), m.group("bases") or "") for m in _CLASS.finditer(text)]


def is_entry(text: str) -> bool:
    """An entry point creates an ``App`` and synthesizes it."""
    return bool(_APP.search(text) and _SYNTH.search(text))


def entry_from_app_command(command: str) -> str | None:
    """The Python file a ``cdk.json`` ``app`` command runs (``python3 app.py``, ``pipenv run python3 tap.py``).

    The command is only read, never executed: running it would execute the user's code outside the sandbox.
    """
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    for word in words:
        if word.endswith(".py"):
            return PurePosixPath(word.replace("\\", "/")).as_posix().removeprefix("./")
    for i, word in enumerate(words[:-1]):
        if word == "-m":  # python -m package.app
            return words[i + 1].replace(".", "/") + ".py"
    return None


def choose_entry(texts: dict[str, str], preferred: str | None = None) -> str | None:
    """The entry among ``relpath -> text``: the preferred file if it is an entry, else the best-named entry."""
    entries = [p for p, t in texts.items() if p.endswith(".py") and is_entry(t)]
    if preferred in entries:
        return preferred
    if not entries:
        return None

    def rank(relpath: str) -> tuple[int, int, str]:
        name = PurePosixPath(relpath).name
        named = ENTRY_NAMES.index(name) if name in ENTRY_NAMES else len(ENTRY_NAMES)
        tests = 1 if relpath.startswith("test") or "/test" in relpath else 0
        return (tests, named + relpath.count("/") * 10, relpath)

    return min(entries, key=rank)


def find_region(texts: dict[str, str], entry: str | None) -> str | None:
    """A literal region in the code (``region="us-west-2"``), looking in the entry first."""
    ordered = ([entry] if entry in texts else []) + sorted(p for p in texts if p != entry)
    for relpath in ordered:
        if not relpath or not relpath.endswith(".py"):
            continue
        match = _REGION_KWARG.search(texts[relpath])
        if match:
            return match.group(1).lower()
    for relpath in ordered:
        if relpath and relpath.endswith(".py"):
            match = _REGION_DEFAULT.search(texts[relpath])
            if match:
                return (match.group(1) or match.group(2)).lower()
    return None


def module_path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def resolve_import(importer: str, imp: Import) -> list[str]:
    """Workspace paths an import may refer to: ``a/b.py`` then ``a/b/__init__.py`` (relative imports resolved)."""
    if imp.level:
        base = PurePosixPath(importer).parent
        for _ in range(imp.level - 1):
            base = base.parent
        parts = [p for p in imp.module.split(".") if p]
        stem = base.joinpath(*parts) if parts else base
    else:
        if not imp.module:
            return []
        stem = PurePosixPath(*imp.module.split("."))
    text = stem.as_posix()
    if text in ("", "."):
        return []
    return [f"{text}.py", f"{text}/__init__.py"]


def package_dirs(relpath: str) -> list[str]:
    """The directories of ``relpath`` from the top down (``lib/a/x.py`` -> ``lib``, ``lib/a``)."""
    parts = PurePosixPath(relpath).parts[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def snake_case(name: str) -> str:
    """``TapStack`` -> ``tap_stack``; ``S3BucketStack`` -> ``s3_bucket_stack``."""
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", text)
    return text.lower()
