"""Errors the user can fix. They carry a message naming the file (and line) and never surface as tracebacks."""

from __future__ import annotations


class IacReviewError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits 2."""


class InputError(IacReviewError):
    """The input cannot be used (missing, unreadable, too large, not a recognised kind)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class ConfigError(IacReviewError):
    """A configuration value is invalid."""
