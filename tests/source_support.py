"""A candidate Python file for the checks that read the code as written (``compare.prompt_actions.SourceFile``)."""

from __future__ import annotations

from dataclasses import dataclass

from iacreview.model import Location


@dataclass(frozen=True)
class Source:
    relpath: str
    text: str
    first_line: int = 1  # where line 1 of the file is in MODEL_RESPONSE.md

    def location(self, line: int) -> Location | None:
        return Location("MODEL_RESPONSE.md", self.first_line + line - 1)
