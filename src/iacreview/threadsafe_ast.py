"""``ast.parse`` behind a process-wide lock, so that threads never build AST objects at the same time.

CPython 3.11 keeps the depth counter of its AST object constructor in interpreter-wide state (CPython gh-106905):
two threads that parse at once can corrupt it, and a parse then fails with ``SystemError: AST constructor recursion
depth mismatch``. The corpus mode analyzes an answer's candidate and reference in two threads, and the static layer,
pyflakes, the repair ladder and the harness all parse, so the wrapper goes where every caller meets it: the
``ast`` module itself. A parse holds the lock only for its own duration, which is short next to a review.
"""

from __future__ import annotations

import ast
import threading
from typing import Any

_LOCK = threading.RLock()
_ORIGINAL = ast.parse


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
