"""What kind of input the user gave, and reading it safely.

Every input is read through ``read_text`` so the same limits apply everywhere: a size cap (a review never needs
more than a few megabytes of source, and a cap keeps a stray binary from being parsed), UTF-8 only, and an error
that names the file and the byte offset where decoding failed, so the user can find and fix it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from iacreview.errors import InputError
from iacreview.sources.workspace import InputKind

MAX_FILE_BYTES = 5 * 1024 * 1024

# Directories never copied from a project folder nor searched for Python files.
SKIPPED_DIRS = frozenset({"cdk.out", ".git", "node_modules", "__pycache__", ".venv", "venv", ".mypy_cache",
                          ".pytest_cache", ".ruff_cache", ".tox", ".idea", ".vscode"})

# Files whose presence marks a folder as a CDK (Python) project.
PROJECT_MARKERS = ("cdk.json", "app.py", "tap.py", "main.py")

TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
MARKDOWN_SUFFIXES = (".md", ".markdown")

# A top-level key of a CloudFormation template, in YAML (``Resources:``) or JSON (``"Resources": {``) form.
_TEMPLATE_KEY = re.compile(
    r"^(?:Resources|AWSTemplateFormatVersion)\s*:"  # YAML, at column 0
    r"|[\"'](?:Resources|AWSTemplateFormatVersion)[\"']\s*:",  # JSON (any indentation) or a quoted YAML key
    re.MULTILINE,
)


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, or an ``InputError`` for a missing, unreadable, oversized or empty file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(display, "no such file or directory") from None
    except OSError as exc:
        raise InputError(display, f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise InputError(display, f"file is {size} bytes, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(display, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(display, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # grew between stat and read
        raise InputError(display, f"file is over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit")
    return data


def decode(data: bytes, display: str) -> str:
    """UTF-8 text (a leading BOM dropped); invalid bytes are reported with their offset and line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(display, f"invalid UTF-8 at byte offset {exc.start}", line=line) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path, display: str, *, allow_empty: bool = False) -> str:
    """Read a user's file as UTF-8 text with the input limits applied."""
    text = decode(read_bytes(path, display), display)
    if not allow_empty and not text.strip():
        raise InputError(display, "file is empty")
    return text


def looks_like_template(text: str) -> bool:
    """True when a JSON/YAML text has a top-level ``Resources`` or ``AWSTemplateFormatVersion`` key.

    A line scan rather than a parse: detection must not pay for (or be attacked through) a full YAML load; the
    loader validates the document properly afterwards.
    """
    return _TEMPLATE_KEY.search(text) is not None


def folder_has_python(root: Path) -> bool:
    """Whether a folder holds a CDK marker file or any ``.py`` file (skipped directories not searched)."""
    if any((root / marker).is_file() for marker in PROJECT_MARKERS):
        return True
    for _dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        if any(name.endswith(".py") for name in filenames):
            return True
    return False


def detect_kind(path: Path, display: str) -> InputKind:
    """The kind of input at ``path``; ``InputError`` when it is missing or none of the kinds iacreview reads."""
    if path.is_dir():
        if folder_has_python(path):
            return InputKind.PROJECT
        raise InputError(display, "folder holds no CDK app (no cdk.json, app.py, tap.py, main.py or .py file)")
    if not path.exists():
        raise InputError(display, "no such file or directory")
    suffix = path.suffix.lower()
    if suffix == ".py":
        return InputKind.PYTHON
    if suffix in MARKDOWN_SUFFIXES:
        return InputKind.MARKDOWN
    if suffix in TEMPLATE_SUFFIXES:
        text = read_text(path, display)
        if looks_like_template(text):
            return InputKind.TEMPLATE
        raise InputError(display, "not a CloudFormation template (no top-level Resources or AWSTemplateFormatVersion)")
    raise InputError(display, "not a recognised input: expected a folder, a .py file, a Markdown answer (.md) or a "
                              "CloudFormation template (.json/.yaml/.yml/.template)")
