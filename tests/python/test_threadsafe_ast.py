"""Parsing from several threads: every ``ast.parse`` of the process goes through one lock once iacreview is imported,
and the locked parse gives the trees the original gives."""

from __future__ import annotations

import ast
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import iacreview  # noqa: F401  # installs the lock
from iacreview import threadsafe_ast

SOURCE = "\n".join(f"def f{i}(x):\n    return [[(y, {{'k': [z for z in x]}}) for y in x] for _ in x]"
                   for i in range(50))


def test_ast_parse_is_the_locked_one_and_gives_the_same_tree() -> None:
    assert threadsafe_ast.installed()
    assert ast.dump(ast.parse(SOURCE)) == ast.dump(ast.parse.__wrapped__(SOURCE))  # type: ignore[attr-defined]


def test_parses_never_overlap() -> None:
    inside = 0
    most = 0
    guard = threading.Lock()
    original = threadsafe_ast._ORIGINAL

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.001)  # hand the GIL to the other threads: without the lock they would enter now
        try:
            return original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            with guard:
                inside -= 1

    threadsafe_ast._ORIGINAL = counting  # type: ignore[assignment]
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            trees = list(pool.map(lambda _: ast.parse(SOURCE), range(60)))
    finally:
        threadsafe_ast._ORIGINAL = original
    assert most == 1 and len({ast.dump(t) for t in trees}) == 1
