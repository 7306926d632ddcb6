"""Read a failed synth's stderr: the exception line, a short error class, and the user's line.

Python prints the last traceback after any chained ones ("The above exception was the direct cause ..."), so
only the last ``Traceback (most recent call last):`` block counts. Its frames name files; the deepest frame in a
user file of the workspace is where the fix goes (frames in aws_cdk/jsii are the library's, the generated
harness is ours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iacreview.model import Location
from iacreview.sources.workspace import Workspace

_TRACEBACK = "Traceback (most recent call last):"
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)')
_EXCEPTION = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::\s?(?P<message>.*))?$")
EVIDENCE_LINES = 8


@dataclass(frozen=True)
class Frame:
    file: str
    line: int


@dataclass(frozen=True)
class ParsedError:
    """The last traceback of a child's stderr."""

    exception: str  # "AttributeError: type object 'Runtime' has no attribute 'PYTHON_3_13X'"
    exception_type: str  # "AttributeError" (module prefix removed)
    frames: tuple[Frame, ...]
    traceback: str  # the last traceback block as printed
    evidence: str  # its last lines: what a reader needs to see the failure


def parse_stderr(stderr: str) -> ParsedError | None:
    """The last traceback in ``stderr``, or None when there is none (killed, exited silently)."""
    start = stderr.rfind(_TRACEBACK)
    if start < 0:
        # A SyntaxError in the script itself is printed without the "Traceback" header.
        start = _last_bare_frame(stderr)
        if start < 0:
            return None
    block = stderr[start:].rstrip()
    lines = block.splitlines()
    frames: list[Frame] = []
    last_frame_index = 0
    for index, text in enumerate(lines):
        match = _FRAME.match(text)
        if match:
            frames.append(Frame(match["file"], int(match["line"])))
            last_frame_index = index
    exception = _exception_line(lines[last_frame_index + 1 :])
    exception_type = exception.split(":", 1)[0].rsplit(".", 1)[-1].strip() if exception else ""
    evidence_start = max(0, len(lines) - EVIDENCE_LINES)
    return ParsedError(
        exception=exception,
        exception_type=exception_type,
        frames=tuple(frames),
        traceback=block,
        evidence="\n".join(lines[evidence_start:]),
    )


def _last_bare_frame(stderr: str) -> int:
    offset = -1
    for match in re.finditer(r'^  File "[^"]+", line \d+\s*$', stderr, re.MULTILINE):
        offset = match.start()
    return offset


def _exception_line(after_last_frame: list[str]) -> str:
    """The first unindented ``Type: message`` line after the last frame (source and caret lines are indented)."""
    for index, text in enumerate(after_last_frame):
        if text and not text[0].isspace() and _EXCEPTION.match(text):
            line = text.strip()
            if line.endswith(":"):  # "Validation failed with the following errors:" -- the errors follow, indented
                details = [t.strip() for t in after_last_frame[index + 1 : index + 6] if t[:1].isspace() and t.strip()]
                line = " ".join([line, *details])
            return line
    rest = [t.strip() for t in after_last_frame if t.strip()]
    return rest[-1] if rest else ""


def classify(exception: str, frames: tuple[Frame, ...] = ()) -> str:
    """A short bucket for the failure; the repair ladder and reports group by it."""
    kind = exception.split(":", 1)[0].rsplit(".", 1)[-1].strip()
    message = exception.split(":", 1)[1] if ":" in exception else ""
    if kind in ("SyntaxError", "IndentationError", "TabError"):
        return "SyntaxError"
    if kind == "TypeError":
        return "unexpected-keyword" if "unexpected keyword argument" in message else "TypeError"
    if kind == "AttributeError":
        if "has no setter" in message or "can't set attribute" in message or "object has no setter" in message:
            return "read-only-property"
        return "AttributeError"
    if kind in ("NameError", "UnboundLocalError"):
        return "NameError"
    if kind in ("ImportError", "ModuleNotFoundError"):
        return "ImportError"
    if kind in ("JSIIError", "JavaScriptError") or (kind == "RuntimeError" and _from_jsii(frames)):
        return "jsii-validation"
    return "other"


def _from_jsii(frames: tuple[Frame, ...]) -> bool:
    return any("/jsii/" in f.file.replace("\\", "/") for f in frames)


def user_location(workspace: Workspace, frames: tuple[Frame, ...]) -> Location | None:
    """The user's place of the deepest frame in a workspace file the user wrote (generated files last resort)."""
    generated: Location | None = None
    for frame in reversed(frames):
        relpath = workspace.relpath_of(frame.file)
        if relpath is None:
            continue
        source = workspace.files.get(relpath)
        if source is not None and source.generated:
            generated = generated or workspace.locate(relpath, frame.line)
            continue
        return workspace.locate(relpath, frame.line)
    return generated
