"""What failed, in terms the repairs can act on: the workspace file and line of the deepest user frame."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iacreview.sources.workspace import Workspace

_FRAME = re.compile(r'File "(?P<path>[^"]+)", line (?P<line>\d+)')


@dataclass(frozen=True)
class Failure:
    error: str
    relpath: str | None
    line: int | None


_WORKSPACE_ROOT = re.compile(r"/iacreview-[^/]+/(?P<rel>.+)$")


def _workspace_relpath(path: str, workspace: Workspace) -> str | None:
    """A frame's file as a workspace path. A cached synth result names the temp dir of an earlier, identical
    workspace, so a path inside any iacreview workspace is matched by its relative part."""
    rel = workspace.relpath_of(path)
    if rel is not None:
        return rel
    match = _WORKSPACE_ROOT.search(path)
    if match and match.group("rel") in workspace.files:
        return match.group("rel")
    return None


def parse_failure(error: str | None, traceback: str, workspace: Workspace) -> Failure:
    """The last traceback frame that lies inside the workspace is where the user's code called into the failure."""
    relpath: str | None = None
    line: int | None = None
    for match in _FRAME.finditer(traceback):
        rel = _workspace_relpath(match.group("path"), workspace)
        if rel is not None:
            relpath, line = rel, int(match.group("line"))
    return Failure(error=error or "", relpath=relpath, line=line)
