"""The fenced code blocks of a Markdown answer, with their lines and the names the answer gives them.

markdown-it-py gives each fence its line range (``token.map``), which is what lets a finding in an extracted file
be reported at the ``.md`` line the user sees. Blocks inside a reasoning section that precedes the answer
(``### Reasoning Trace`` ... ``### Answer``, ``<thinking>`` ... ``</thinking>``) are drafts, not the answer, and
are dropped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from iacreview.sources import naming

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


def extract(text: str) -> Answer:
    """Every fenced block of the answer (reasoning drafts dropped) with the name the answer gives it."""
    md = MarkdownIt("commonmark")
    tokens = md.parse(text)
    lines = text.splitlines()
    skip = _reasoning_ranges(list(tokens), lines)
    blocks: list[Block] = []
    prose: list[str] = []
    skipped = 0
    heading_name: str | None = None
    near: tuple[str | None, int] = (None, -10)  # (name from a paragraph/HTML comment, line after it)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading = tokens[i + 1].content
            prose.append(heading)
            heading_name = naming.from_heading(heading)
            near = (None, -10)
        elif tok.type == "paragraph_open" and tok.map:
            paragraph = tokens[i + 1].content
            prose.append(paragraph)
            near = (naming.from_paragraph(paragraph), tok.map[1])
        elif tok.type == "html_block" and tok.map:
            near = (naming.from_html_comment(tok.content), tok.map[1])
        elif tok.type == "fence" and tok.map:
            start, end = tok.map
            if any(a <= start < b for a, b in skip):
                skipped += 1
                continue
            content = tok.content
            lang = classify(tok.info, content)
            code_lines = content.rstrip().splitlines()
            last = start + 1 + len(code_lines) if code_lines else start + 1
            block = Block(start + 1, start + 2, last, content, lang, _is_closed(lines, start, end, tok.markup))
            candidates = [
                (naming.from_first_line(content) if lang in ("python", "text", "yaml") else None, "a path comment"),
                (near[0] if start - near[1] <= 1 else None, "the line before the block"),
                (heading_name, "the heading"),
            ]
            usable = [(name, how) for name, how in candidates if name and _compatible(name, lang)]
            if usable:
                name, how = usable[0]
                # ``# tap_stack.py`` under ``## File: lib/tap_stack.py``: the fuller path says where it goes.
                fuller = [c for c in usable[1:] if c[0].replace("\\", "/").endswith("/" + name)]
                if "/" not in name and fuller:
                    name, how = fuller[0]
                block.name, block.how = name, how
            if heading_name and _compatible(heading_name, lang):
                heading_name = None  # a heading names the first block of its kind after it
            near = (None, -10)
            blocks.append(block)
    return Answer(blocks, "\n".join(prose), skipped)
