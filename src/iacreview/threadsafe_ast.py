"""``ast.parse`` behind a process-wide lock, and one shared tree per source text for iacreview's own readers.

CPython 3.11 keeps the depth counter of its AST object constructor in interpreter-wide state (CPython gh-106905):
two threads that parse at once can corrupt it, and a parse then fails with ``SystemError: AST constructor recursion
depth mismatch``. The corpus mode analyzes an answer's candidate and reference in two threads, and the static layer,
pyflakes, the repair ladder and the harness all parse, so the wrapper goes where every caller meets it: the
``ast`` module itself. A parse holds the lock only for its own duration, which is short next to a review.

``parse_shared`` is for iacreview's readers of a file: the static layer, the harness planner, every step of the
repair ladder and the locator each parse the same texts again (about nine parses per text in a corpus run, a tenth
of its CPU). They only read trees, so one tree per text serves them all. It stays out of ``ast.parse`` itself: code
outside iacreview (plugins, libraries) may transform the trees it gets.

``walk`` is ``ast.walk`` with the node list of a shared tree kept next to the tree: a review walks each whole module
a few hundred times (one walk per rule, import reader and locator), and the walk was a fifth of the analyzer's CPU.
"""

from __future__ import annotations

import ast
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

_LOCK = threading.RLock()
_ORIGINAL = ast.parse
_SHARED: OrderedDict[str, ast.Module] = OrderedDict()
# The shared trees by id, each with its nodes in ``ast.walk`` order once walked; an entry leaves with its tree.
_WALKS: dict[int, tuple[ast.Module, tuple[ast.AST, ...] | None]] = {}
SHARED_TREES = 64  # texts kept; a review touches a handful of files, a ladder a few versions of each


def _parse(*args: Any, **kwargs: Any) -> Any:
    with _LOCK:
        return _ORIGINAL(*args, **kwargs)


_parse.__doc__ = _ORIGINAL.__doc__
_parse.__wrapped__ = _ORIGINAL  # type: ignore[attr-defined]


def install() -> None:
    """Make ``ast.parse`` the locked one (idempotent)."""
    ast.parse = _parse


def installed() -> bool:
    return ast.parse is _parse


def parse_shared(source: str, filename: str = "<unknown>") -> ast.Module:
    """The tree of ``source``, parsed once per text: callers share it and must not change it.

    A text that does not parse raises on every call, with ``filename`` in its error (failures are not kept)."""
    with _LOCK:
        tree = _SHARED.get(source)
        if tree is not None:
            _SHARED.move_to_end(source)
            return tree
        with warnings.catch_warnings():
            # Invalid escape sequences in model-written code are not iacreview's warnings to print.
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = _ORIGINAL(source, filename=filename)
        _SHARED[source] = tree
        _WALKS[id(tree)] = (tree, None)
        if len(_SHARED) > SHARED_TREES:
            _, dropped = _SHARED.popitem(last=False)
            _WALKS.pop(id(dropped), None)
        return tree


def walk(node: ast.AST) -> Iterable[ast.AST]:
    """``ast.walk(node)``; for a tree from ``parse_shared``, its node list computed once (such trees never change)."""
    with _LOCK:
        kept = _WALKS.get(id(node))
        if kept is None or kept[0] is not node:
            return ast.walk(node)
        nodes = kept[1]
        if nodes is None:
            nodes = tuple(ast.walk(node))
            _WALKS[id(node)] = (kept[0], nodes)
        return nodes
