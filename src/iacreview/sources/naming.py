"""Finding the file name an answer gives a code block.

Answers name their files in a handful of ways; each function here reads one of them and returns the name as
written (or None). They never guess: inference from the code itself lives in ``inference.py``.

- a heading: ``## File: lib/tap_stack.py``, ``### lib/tap_stack.py``, ``### 2. Foo Stack (foo_stack.py)``;
- a short paragraph right before the block that starts with the name: ``**lib/tap_stack.py**``, `` `tap.py` ``,
  ``**Path:** `lib/x.py```, ``File: app.py``;
- an HTML comment: ``<!-- file: x.py -->``;
- the block's own first line: ``# lib/tap_stack.py``, ``# File: lambda/handler.py``, or a docstring that opens
  with the name (``\"\"\"tap_stack.py``, or ``\"\"\"`` then ``lib/x.py`` / ``Network Stack (lib/x.py)``).
"""

from __future__ import annotations

import re

# A file name or path with an extension iacreview can use. Extensions are listed so that dotted Python names
# (``aws_cdk.aws_s3``) and version numbers are not mistaken for files.
_NAME = r"(?:[\w.~-]+[/\\])*[\w~-][\w.-]*\.(?:py|json|ya?ml|txt|template|cfg|toml|ini)"
_NAME_RE = re.compile(rf"(?<![\w/.-])(?:\.{{1,2}}[/\\]|/|[A-Za-z]:[/\\])?{_NAME}(?![\w])")
_LABEL = r"(?:(?:file|filename|file name|path|module)\s*[:=-]?\s*)?"
_MARKUP = re.compile(r"[*`\"']|(?<!\w)__?|__?(?!\w)")

# ``# lib/tap_stack.py`` / ``# File: lambda/handler.py`` / ``// x.py`` on the first line of a block.
_COMMENT_NAME = re.compile(rf"^\s*(?:#|//)\s*{_LABEL}(?P<name>\S+)\s*(?:[-–—:(].*)?$", re.IGNORECASE)
# A docstring whose first line is the file name: ``\"\"\"tap_stack.py`` or ``\"\"\"lib/tap_stack.py - the stack``.
_DOCSTRING_NAME = re.compile(rf"^\s*[rRuU]?(?:\"\"\"|''')\s*{_LABEL}(?P<name>[^\s\"']+)\s*(?:[-–—:(].*)?$",
                             re.IGNORECASE)
_BARE_QUOTES = re.compile(r"^\s*[rRuU]?(?:\"\"\"|\'\'\')\s*$")
_PATH_LINE = re.compile(rf"^\s*{_LABEL}(?P<name>[^\s\"']+)\s*(?:[-–—:(].*)?$", re.IGNORECASE)
# A docstring title that ends with the file in parentheses: ``Network Stack (stacks/network_stack.py)``.
_TITLE_LINE = re.compile(rf"^\s*(?:\d+[.)]\s*)?[A-Za-z][\w .,&/-]*\((?P<name>{_NAME})\)\s*$")
_HTML_NAME = re.compile(rf"<!--\s*{_LABEL}(?P<name>\S+?)\s*-->", re.IGNORECASE)


def _valid(candidate: str) -> str | None:
    candidate = candidate.strip().strip("*`\"'").rstrip(":,.")
    return candidate if _NAME_RE.fullmatch(candidate) else None


def names_in(text: str) -> list[str]:
    """Every file name mentioned in ``text``, in order, without duplicates."""
    seen: list[str] = []
    for match in _NAME_RE.finditer(text):
        if match.group(0) not in seen:
            seen.append(match.group(0))
    return seen


def from_heading(text: str) -> str | None:
    """The file a heading names: the one file name it mentions (none or several: no name)."""
    found = names_in(text)
    return found[0] if len(found) == 1 else None


def from_paragraph(text: str) -> str | None:
    """The file a short paragraph right before a block names, when the paragraph starts with the name.

    Prose that merely mentions a file ("settings are read in `app.py`:") is not a name: such paragraphs usually
    introduce a fragment of that file, and naming the fragment would replace the real file.
    """
    first = text.strip().splitlines()[0] if text.strip() else ""
    plain = _MARKUP.sub("", first).strip()
    match = re.match(rf"{_LABEL}(?P<name>\S+?)(?::)?(?:\s+(?:[-–—:(].*|\(.*)?)?$", plain, re.IGNORECASE)
    if match is None:
        return None
    return _valid(match.group("name"))


def from_html_comment(text: str) -> str | None:
    match = _HTML_NAME.search(text)
    return _valid(match.group("name")) if match else None


def from_first_line(content: str) -> str | None:
    """The name a block gives itself on its first non-blank line (path comment or docstring).

    A docstring whose opening quotes stand alone names the file on its next line (``\"\"\"`` then ``lib/x.py``, or a
    title ending with the file in parentheses: ``Network Stack (stacks/network_stack.py)``).
    """
    lines = content.splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("#!"):  # shebang: the name may follow on the next line
            continue
        if _BARE_QUOTES.match(line):
            following = next((text for text in lines[index + 1:] if text.strip()), "")
            found = [_valid(m.group("name")) for m in (_PATH_LINE.match(following), _TITLE_LINE.match(following)) if m]
            return next((name for name in found if name), None)
        for pattern in (_COMMENT_NAME, _DOCSTRING_NAME):
            match = pattern.match(line)
            if match:
                return _valid(match.group("name"))
        return None
    return None


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
