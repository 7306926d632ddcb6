"""One fenced block that holds several: a fence left open, or several files pasted into one block.

CommonMark reads two broken shapes as one block, and both hide files from the review:

1. A fence left open. The next ```` ```python ```` line cannot close it (a closing fence has no info string), so every
   following block becomes part of the first. A line inside a block that is an opening fence with a language, made
   of the same character and at least as long as the block's own fence, is never code: the writer meant it as a
   new block. (A longer outer fence, ```` ```` ```` around ```` ``` ````, is deliberate nesting and is left alone.)
   The block is cut there; the prose lines between the end of the code and that fence (``## File: lib/x.py``,
   ``**lib/x.py**``) are dropped from the code and name the next piece.
2. Several files in one block, each opening with a file header: a path comment (``# lib/x.py``) or a module
   docstring that names the file (``\"\"\"`` then ``lib/x.py``), followed by imports. The block is cut before each
   header that comes after code.
3. A Python block that does not parse because it swallowed Markdown: a heading that names a file
   (``## 3. cdk.json``) ends the code before it and names what follows (the prose right after it is skipped).
   So does a line that is nothing but a ``.py`` path followed by imports (``2. VPC Stack`` then
   ``infrastructure/vpc_stack.py``: headings whose Markdown markers were lost); the prose before it is dropped.

Every piece keeps its line offset inside the block, so the caller maps its lines back to the ``.md``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from iacreview.sources import naming
from iacreview.threadsafe_ast import parse_shared

_INNER_FENCE = re.compile(r"^ {0,3}(?P<mark>`{3,}|~{3,})\s*(?P<info>[A-Za-z][\w+#.-]*)\s*$")
# Lines that are Markdown prose, not code, when they sit between the end of a code piece and an inner fence.
_PROSE = re.compile(r"^(?:#{1,6}\s+\S|\*\*|__|`[^`]|[-*+]\s+\S|\d+[.)]\s+\S|[A-Z][\w'’-]*\s+[A-Za-z(`*])")
_HEADING = re.compile(r"^#{2,6}\s+\S")
_INFO_OF = {"py": "python", "json": "json", "yaml": "yaml", "yml": "yaml", "template": "yaml"}
_IMPORT = re.compile(r"^(?:from\s+[\w.]+\s+import\s|import\s+[\w.]+)")
_IMPORTED = re.compile(r"^\s*from\s+([\w.]+)\s+import\s", re.MULTILINE)
_HEADER_REACH = 12  # lines after a file header within which its imports must start
_BARE_PATH = re.compile(r"^(?:[\w.-]+/)*[\w-]+\.py$")


@dataclass(frozen=True)
class Piece:
    """Part of a block's content: ``start`` is the 0-based line (within the block) of its first code line."""

    start: int
    content: str
    info: str | None  # the info string of its own inner fence; None: the block's fence
    label: str | None  # a file name given by the prose just before its inner fence
    closed: bool
    fence: int | None = None  # 0-based line (within the block) of its own inner fence or file header


def split_block(content: str, markup: str, closed: bool, info: str = "") -> list[Piece]:
    """The pieces of a block's ``content`` opened by the fence ``markup`` with ``info``; one when nothing is cut."""
    pieces: list[Piece] = []
    for piece in _split_fences(content, markup, closed, _may_hold_headings(content, info)):
        pieces.extend(_split_headers(piece))
    return pieces


def _may_hold_headings(content: str, info: str) -> bool:
    """A Python block that does not parse may have swallowed Markdown: its headings that name files are cuts."""
    word = info.strip().split()[0].lower() if info.strip() else ""
    if word not in ("", "python", "py", "python3"):
        return False
    try:
        parse_shared(content)
    except (SyntaxError, ValueError):
        return True
    except (RecursionError, MemoryError):
        return False
    return False


@dataclass(frozen=True)
class _Cut:
    line: int  # the inner fence or heading
    resume: int  # the first line of the next piece
    info: str | None
    label: str | None  # the name a heading gives (fences: found in the prose before them)


def _cuts(lines: list[str], markup: str, headings: bool) -> list[_Cut]:
    cuts: list[_Cut] = []
    for index, line in enumerate(lines):
        text = line.rstrip("\r\n")
        match = _INNER_FENCE.match(text)
        if match and match.group("mark")[0] == markup[0] and len(match.group("mark")) >= len(markup):
            cuts.append(_Cut(index, index + 1, match.group("info"), None))
            continue
        name = naming.from_heading(text.lstrip("#").strip()) if headings and _HEADING.match(text) else None
        if headings and name is None and _is_bare_path(lines, index):
            cuts.append(_Cut(index, index + 1, "python", text.strip()))
            continue
        if name is not None:
            resume = index + 1
            while resume < len(lines) and (not lines[resume].strip() or _PROSE.match(lines[resume])):
                resume += 1
            cuts.append(_Cut(index, resume, _INFO_OF.get(naming.extension(name), "text"), name))
    return cuts


def _is_bare_path(lines: list[str], index: int) -> bool:
    """A line that is only a ``.py`` path, at column 0, with prose before it and imports soon after it."""
    text = lines[index].rstrip("\r\n")
    if not _BARE_PATH.match(text) or "/" not in text:
        return False
    before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    after = [line for line in lines[index + 1: index + 1 + _HEADER_REACH] if line.strip()]
    return bool(_PROSE.match(before)) and bool(after) and bool(_IMPORT.match(after[0]))


def _split_fences(content: str, markup: str, closed: bool, headings: bool) -> list[Piece]:
    lines = content.splitlines(keepends=True)
    cuts = _cuts(lines, markup, headings)
    if not cuts:
        return [Piece(0, content, None, None, closed)]
    pieces: list[Piece] = []
    start, info, label, fence = 0, None, None, None
    for cut in cuts:
        if cut.line < start:
            continue
        end, prose_label = _prose_before(lines, start, cut.line)
        text = "".join(lines[start:end])
        if text.strip() or start == 0:
            pieces.append(Piece(start, text, info, label, True, fence))
            label = None
        # A heading then its fence: the heading's name goes to the code after the fence.
        start, info, label, fence = cut.resume, cut.info, cut.label or prose_label or label, cut.resume - 1
    pieces.append(Piece(start, "".join(lines[start:]), info, label, closed, fence))
    return pieces


def _prose_before(lines: list[str], start: int, fence: int) -> tuple[int, str | None]:
    """Where the code before an inner fence ends, and the file name the prose in between gives (if any)."""
    end = fence
    label: str | None = None
    index = fence - 1
    while index >= start:
        text = lines[index].rstrip("\r\n")
        if not text.strip():
            index -= 1
            continue
        if not _PROSE.match(text):
            break
        if label is None:
            plain = text.lstrip("#").strip()
            label = naming.from_heading(plain) if text.startswith("#") else naming.from_paragraph(plain)
        end = index
        index -= 1
    return end, label


def _split_headers(piece: Piece) -> list[Piece]:
    """Cut a piece before every file header that follows code (shape 2 above)."""
    lines = piece.content.splitlines(keepends=True)
    imported = {m.replace(".", "/") + ".py" for m in _IMPORTED.findall(piece.content)}
    cuts = [i for i in range(1, len(lines)) if _is_header(lines, i, imported) and _code_before(lines, i)]
    if not cuts:
        return [piece]
    out: list[Piece] = []
    bounds = [0, *cuts, len(lines)]
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        first = n == 0
        out.append(Piece(
            piece.start + a,
            "".join(lines[a:b]),
            piece.info,
            piece.label if first else None,
            piece.closed if b == len(lines) else True,
            piece.fence if first else piece.start + a,
        ))
    return out


def _is_header(lines: list[str], index: int, imported: set[str]) -> bool:
    """A file header at ``index``: after a blank line, at column 0, naming a ``.py`` file that either starts with
    imports or is a module the block's own code imports (``config/constants.py`` for ``from config.constants``)."""
    line = lines[index]
    if not line.strip() or line[0].isspace() or lines[index - 1].strip():
        return False
    window = lines[index: index + _HEADER_REACH]
    name = naming.from_first_line("".join(window[:4]))
    if name is None or naming.extension(name) != "py":
        return False
    return name.replace("\\", "/").lstrip("/") in imported or any(_IMPORT.match(text) for text in window[1:])


def _code_before(lines: list[str], index: int) -> bool:
    return any(text.strip() and not text.lstrip().startswith("#") for text in lines[:index])
