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


def test_parse_shared_gives_one_tree_per_text_and_the_tree_of_a_plain_parse() -> None:
    text = SOURCE + "\n# shared-parse test\n"
    first = threadsafe_ast.parse_shared(text, "a.py")
    assert threadsafe_ast.parse_shared(text, "b.py") is first
    assert ast.dump(first, include_attributes=True) == ast.dump(ast.parse(text), include_attributes=True)
    assert threadsafe_ast.parse_shared(text + "\n") is not first


def test_parse_shared_raises_for_each_call_with_the_callers_file_name() -> None:
    for name in ("one.py", "two.py"):
        try:
            threadsafe_ast.parse_shared("def broken(:\n", name)
        except SyntaxError as error:
            assert error.filename == name
        else:
            raise AssertionError("a text that does not parse must raise")


def test_parse_shared_keeps_a_bounded_number_of_trees() -> None:
    texts = [f"x = {i}  # bounded-cache test\n" for i in range(threadsafe_ast.SHARED_TREES + 5)]
    first = threadsafe_ast.parse_shared(texts[0])
    for text in texts[1:]:
        threadsafe_ast.parse_shared(text)
    assert len(threadsafe_ast._SHARED) <= threadsafe_ast.SHARED_TREES
    assert threadsafe_ast.parse_shared(texts[0]) is not first  # the oldest one was let go


def test_walk_of_a_shared_tree_is_kept_and_equals_ast_walk() -> None:
    tree = threadsafe_ast.parse_shared(SOURCE + "\n# shared-walk test\n")
    first = threadsafe_ast.walk(tree)
    assert list(first) == list(ast.walk(tree))
    assert threadsafe_ast.walk(tree) is first  # the same node list, not a second walk


def test_walk_of_other_trees_is_a_fresh_walk_each_time() -> None:
    tree = ast.parse("x = 1\n")  # a private tree its owner may change
    assert list(threadsafe_ast.walk(tree)) == list(ast.walk(tree))
    tree.body.append(ast.parse("y = 2\n").body[0])
    assert any(isinstance(n, ast.Name) and n.id == "y" for n in threadsafe_ast.walk(tree))
    subtree = threadsafe_ast.parse_shared("def f():\n    return 1\n# subtree test\n").body[0]
    assert threadsafe_ast.walk(subtree) is not threadsafe_ast.walk(subtree)


def test_walks_leave_with_their_trees() -> None:
    texts = [f"x = {i}  # walk-bound test\n" for i in range(threadsafe_ast.SHARED_TREES + 5)]
    for text in texts:
        threadsafe_ast.walk(threadsafe_ast.parse_shared(text))
    assert len(threadsafe_ast._WALKS) <= threadsafe_ast.SHARED_TREES
