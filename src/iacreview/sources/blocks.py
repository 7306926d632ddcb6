"""The fenced code blocks of a Markdown answer, with their lines and the names the answer gives them.

markdown-it-py gives each fence its line range (``token.map``), which is what lets a finding in an extracted file
be reported at the ``.md`` line the user sees. Blocks inside a reasoning section that precedes the answer
(``### Reasoning Trace`` ... ``### Answer``, ``<thinking>`` ... ``</thinking>``) are drafts, not the answer, and
are dropped here. A fence that swallowed others, or several files pasted into one block, is cut into its pieces
(``split.py``); an answer with no fenced Python is searched for unfenced code (``bare.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from iacreview.sources import bare, naming, split

_REASONING_HEADING = re.compile(
    r"^\W*(?:reasoning(?:\s+trace)?|thinking|thoughts?|thought\s+process|chain[\s-]+of[\s-]+thought|"
    r"internal\s+reasoning|scratch\s*pad)\b",
    re.IGNORECASE,
)
_ANSWER_HEADING = re.compile(r"^\W*(?:final\s+)?(?:answer|solution|response|implementation)\b", re.IGNORECASE)
_OPEN_TAG = re.compile(r"^\s*<(thinking|reasoning|think)>", re.IGNORECASE)

_PYTHON = {"python", "py", "python3", "py3", "ipython", "python3.11", "python3.12"}
_JSON = {"json", "jsonc", "json5"}
_YAML = {"yaml", "yml"}
_TEXT = {"", "txt", "text", "plaintext", "plain", "requirements", "pip", "ini", "cfg", "toml"}
_PYTHON_START = re.compile(
    r"^\s*(?:#!.*python|from\s+[\w.]+\s+import\s|import\s+[\w.]+|class\s+\w+|def\s+\w+\(|\"\"\"[\w/.-]+\.py\b)")


@dataclass
class Block:
    """One fenced block of the answer."""

    fence_line: int  # 1-based line of the opening fence
    first_line: int  # 1-based line of the block's first code line
    last_line: int  # 1-based line of its last non-blank code line (the fence line when empty)
    content: str
    lang: str  # python | json | yaml | text | shell | other
    closed: bool
    name: str | None = None
    how: str = ""  # how the name was found, for assumptions


def classify(info: str, content: str) -> str:
    """The block's language from its info string, or from its first line when it has none."""
    word = info.strip().split()[0].lower().strip("{}.") if info.strip() else ""
    if word in _PYTHON:
        return "python"
    if word in {"bash", "sh", "shell", "console", "zsh", "powershell", "ps", "cmd", "shell-session"}:
        return "shell"
    # Python under another label (or none) is still Python: answers mislabel fences.
    first = next((line for line in content.splitlines() if line.strip()), "")
    if _PYTHON_START.match(first):
        return "python"
    if word in _JSON:
        return "json"
    if word in _YAML:
        return "yaml"
    if word in _TEXT:
        return "text"
    return "other"


def _compatible(name: str, lang: str) -> bool:
    ext = naming.extension(name)
    if ext == "py":
        return lang == "python"
    if ext == "json":
        return lang in ("json", "text")
    if ext in ("yaml", "yml", "template"):
        return lang in ("yaml", "json", "text")
    return lang == "text"


def _reasoning_ranges(tokens: list[object], lines: list[str]) -> list[tuple[int, int]]:
    """0-based [start, end) line ranges of reasoning that precedes an answer heading."""
    ranges: list[tuple[int, int]] = []
    headings: list[tuple[int, str]] = []
    for i, tok in enumerate(tokens):
        if getattr(tok, "type", "") == "heading_open" and getattr(tok, "map", None):
            headings.append((tok.map[0], getattr(tokens[i + 1], "content", "")))  # type: ignore[attr-defined]
    for i, (line, text) in enumerate(headings):
        if _REASONING_HEADING.match(text):
            end = next((ln for ln, t in headings[i + 1:] if _ANSWER_HEADING.match(t)), None)
            if end is not None:  # no answer heading: the "reasoning" is the answer, keep it
                ranges.append((line, end))
            break
    for i, line_text in enumerate(lines):
        match = _OPEN_TAG.match(line_text)
        if match:
            closing = f"</{match.group(1).lower()}>"
            end = next((j for j in range(i, len(lines)) if closing in lines[j].lower()), None)
            if end is not None:
                ranges.append((i, end + 1))
    return ranges


@dataclass
class Answer:
    """What the Markdown holds: the answer's blocks and its prose (used to prefer names the prose mentions)."""

    blocks: list[Block]
    prose: str
    skipped_reasoning_blocks: int


def _is_closed(lines: list[str], start: int, end: int, markup: str) -> bool:
    if end - 1 <= start or end > len(lines):
        return False
    last = lines[end - 1].strip().lstrip(">").strip()
    return last.startswith(markup[0] * len(markup)) and not last.strip(markup[0]).strip()


def _name_block(block: Block, candidates: list[tuple[str | None, str]], mentioned: list[str]) -> None:
    """Give ``block`` the first usable name; a bare name gets the fuller path a nearby name or mention gives."""
    usable = [(name, how) for name, how in candidates if name and _compatible(name, block.lang)]
    if not usable:
        return
    name, how = usable[0]
    # ``# tap_stack.py`` under ``## File: lib/tap_stack.py`` (or after "Updated lib/tap_stack.py"): the fuller
    # path says where it goes.
    fuller = [c for c in usable[1:] if c[0].replace("\\", "/").endswith("/" + name)]
    fuller += [(m, "the line before the block") for m in mentioned if m.replace("\\", "/").endswith("/" + name)]
    if "/" not in name and fuller:
        name, how = fuller[0]
    block.name, block.how = name, how


def _fence_blocks(tok: object, lines: list[str], near: tuple[str | None, list[str]],
                  heading_name: str | None) -> list[Block]:
    """The blocks of one fence token: usually one, more when the fence swallowed others (``split.py``)."""
    start, end = tok.map  # type: ignore[attr-defined]
    markup: str = tok.markup  # type: ignore[attr-defined]
    closed = _is_closed(lines, start, end, markup)
    out: list[Block] = []
    for n, piece in enumerate(split.split_block(tok.content, markup, closed, tok.info)):  # type: ignore[attr-defined]
        content = piece.content
        lang = classify(piece.info if piece.info is not None else tok.info, content)  # type: ignore[attr-defined]
        fence_line = start + 1 + (piece.fence + 1 if piece.fence is not None else 0)
        first_line = start + 2 + piece.start
        code_lines = content.rstrip().splitlines()
        last = first_line - 1 + len(code_lines) if code_lines else first_line - 1
        block = Block(fence_line, first_line, last, content, lang, piece.closed)
        first = n == 0
        _name_block(block, [
            (naming.from_first_line(content) if lang in ("python", "text", "yaml") else None, "a path comment"),
            (near[0] if first else piece.label, "the line before the block"),
            (heading_name if first else None, "the heading"),
        ], near[1] if first else [])
        out.append(block)
    return out


def _bare_blocks(lines: list[str], blocked: list[tuple[int, int]]) -> list[Block]:
    """Unfenced Python (``bare.py``), named by its first line or the line before it."""
    out: list[Block] = []
    for region in bare.find_regions(lines, blocked):
        before = next((lines[i] for i in range(region.first - 1, -1, -1) if lines[i].strip()), "")
        block = Block(region.first + 1, region.first + 1, region.last + 1, region.content, "python", True,
                      how="unfenced")
        _name_block(block, [
            (naming.from_first_line(region.content), "a path comment"),
            (naming.from_paragraph(before), "the line before the code"),
        ], naming.names_in(before))
        out.append(block)
    return out


def extract(text: str) -> Answer:
    """Every code block of the answer (reasoning drafts dropped) with the name the answer gives it."""
    md = MarkdownIt("commonmark")
    tokens = md.parse(text)
    lines = text.splitlines()
    skip = _reasoning_ranges(list(tokens), lines)
    blocks: list[Block] = []
    prose: list[str] = []
    skipped = 0
    fences: list[tuple[int, int]] = []
    heading_name: str | None = None
    # (name from a paragraph/HTML comment, names it mentions, line after it)
    near: tuple[str | None, list[str], int] = (None, [], -10)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading = tokens[i + 1].content
            prose.append(heading)
            heading_name = naming.from_heading(heading)
            near = (None, [], -10)
        elif tok.type == "paragraph_open" and tok.map:
            paragraph = tokens[i + 1].content
            prose.append(paragraph)
            near = (naming.from_paragraph(paragraph), naming.names_in(paragraph), tok.map[1])
        elif tok.type == "html_block" and tok.map:
            near = (naming.from_html_comment(tok.content), [], tok.map[1])
        elif tok.type == "fence" and tok.map:
            start = tok.map[0]
            fences.append((tok.map[0], tok.map[1]))
            if any(a <= start < b for a, b in skip):
                skipped += 1
                continue
            close = start - near[2] <= 1
            found = _fence_blocks(tok, lines, (near[0] if close else None, near[1] if close else []), heading_name)
            if heading_name and any(b.name == heading_name for b in found):
                heading_name = None  # a heading names the first block of its kind after it
            elif heading_name and found and _compatible(heading_name, found[0].lang):
                heading_name = None
            near = (None, [], -10)
            blocks.extend(found)
    if not any(b.lang == "python" for b in blocks):
        unfenced = _bare_blocks(lines, fences + skip)
        if unfenced:
            blocks = sorted(blocks + unfenced, key=lambda b: b.fence_line)
    return Answer(blocks, "\n".join(prose), skipped)
