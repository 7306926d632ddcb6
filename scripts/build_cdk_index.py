"""Rebuild the aws-cdk-lib API index of the installed versions and print its statistics.

Usage: python scripts/build_cdk_index.py [--cache-dir DIR] [--verify MODULE ...]

``--verify`` parses the generated Python of the given modules (``aws_cdk.aws_s3``, ``constructs``; parsed as text,
never imported) and compares every class's members and call signatures with the index: it proves the Python
spelling rules (snake_case, keyword-argument lifting, ``id_`` renames) on the installed version.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from importlib import metadata
from pathlib import Path

from iacreview.config import Config
from iacreview.python.index import CdkIndex, Signature, build_index_data, cache_path, read_index, write_index


def _generated_source(module: str) -> Path:
    dist = metadata.distribution("constructs" if module.startswith("constructs") else "aws-cdk-lib")
    return Path(str(dist.locate_file(module.replace(".", "/") + "/__init__.py")))


def _python_signature(function: ast.FunctionDef) -> tuple[list[str], set[str], bool]:
    args = function.args
    return [a.arg for a in args.args][1:], {a.arg for a in args.kwonlyargs}, args.vararg is not None


def _index_signature(index: CdkIndex, signature: Signature) -> tuple[list[str], set[str], bool]:
    positional = [p.name for p in signature.positional if not p.variadic]
    keywords = set(index.struct_fields(signature.struct)) if signature.struct else set()
    return positional, keywords, any(p.variadic for p in signature.positional)


def verify(index: CdkIndex, module: str) -> list[str]:
    """Differences between the index and the generated Python of one module (empty when they agree)."""
    tree = ast.parse(_generated_source(module).read_text(encoding="utf-8"))
    problems: list[str] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
            continue
        symbol = index.module_attribute(module, node.name)
        info = index.type(symbol.fqn) if symbol is not None and hasattr(symbol, "fqn") else None
        if info is None:
            problems.append(f"{module}.{node.name}: not in the index")
            continue
        defined: dict[str, ast.stmt] = {item.name: item for item in node.body if isinstance(item, ast.FunctionDef)}
        defined.update(
            {t.id: item for item in node.body if isinstance(item, ast.Assign) for t in item.targets
             if isinstance(t, ast.Name)}
        )
        for name, member in info.members.items():
            if name not in defined:
                problems.append(f"{module}.{node.name}.{name}: not in the generated class")
                continue
            generated = defined[name]
            if (member.signature is not None and isinstance(generated, ast.FunctionDef)
                    and _python_signature(generated) != _index_signature(index, member.signature)):
                problems.append(f"{module}.{node.name}.{name}: signature differs")
        init = defined.get("__init__")
        if (info.kind == "class" and info.initializer is not None and isinstance(init, ast.FunctionDef)
                and _python_signature(init) != _index_signature(index, info.initializer)):
            problems.append(f"{module}.{node.name}.__init__: signature differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--verify", nargs="*", default=[], metavar="MODULE")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = build_index_data()
    built = time.perf_counter() - started
    path = cache_path(Config(cache_dir=args.cache_dir), data["versions"])
    write_index(data, path)
    started = time.perf_counter()
    index = read_index(path)
    loaded = time.perf_counter() - started
    if index is None:
        print(f"could not read back {path}", file=sys.stderr)
        return 1
    print(f"versions: {data['versions']}")
    print(f"types: {len(index)}, modules: {len(data['modules'])}, file: {path} ({path.stat().st_size // 1024} KiB)")
    print(f"build: {built:.2f} s, load: {loaded * 1000:.1f} ms")
    failures = 0
    for module in args.verify:
        problems = verify(index, module)
        failures += len(problems)
        print(f"verify {module}: {'ok' if not problems else f'{len(problems)} differences'}")
        for problem in problems[:20]:
            print(f"  {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
