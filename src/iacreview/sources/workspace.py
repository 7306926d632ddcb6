"""A Workspace: the user's input laid out as real files in a temp dir, with a map back to the original lines.

Every later layer (static analysis, synth, rules) works on the files under ``root`` and reports places through
``Workspace.locate``, which turns ``(relative path, line)`` in the workspace into a ``Location`` in what the user
gave: a line of the ``MODEL_RESPONSE.md``, or the line of the original ``.py`` / template file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from iacreview.model import Finding, Location


class InputKind(StrEnum):
    MARKDOWN = "markdown"
    PROJECT = "project"
    PYTHON = "python"
    TEMPLATE = "template"


@dataclass
class SourceFile:
    """One file of the workspace and where its lines come from.

    ``origin`` is the user's path of the file the lines come from (the ``.md`` for an extracted block).
    ``first_line`` is the line of ``origin`` that holds line 1 of this file (for a fenced block: the line after
    the opening fence); ``None`` when the file was generated (harness, placeholders) and has no original lines.
    """

    relpath: str
    origin: str
    first_line: int | None = 1
    generated: bool = False
    language: str = "python"

    def to_origin(self, line: int) -> Location | None:
        if self.first_line is None:
            return None
        return Location(self.origin, self.first_line + line - 1)


@dataclass
class Workspace:
    """The files of one subject under ``root`` (a temp dir owned by the workspace, removed by ``cleanup``)."""

    subject: str
    kind: InputKind
    root: Path
    files: dict[str, SourceFile] = field(default_factory=dict)
    entry: str | None = None
    # Findings raised while loading (refused paths, truncated answer, unnamed blocks ...).
    findings: list[Finding] = field(default_factory=list)
    # Assumptions made while laying out the files (inferred names, moved modules, generated harness).
    assumptions: list[str] = field(default_factory=list)
    # Region found in the code (e.g. ``env=Environment(region="us-west-2")``), used for synth.
    region: str | None = None
    # CDK context from a cdk.json that came with the input (never its ``app`` command).
    context: dict[str, object] = field(default_factory=dict)

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def python_files(self) -> list[SourceFile]:
        return [f for f in self.files.values() if f.language == "python"]

    def read(self, relpath: str) -> str:
        return self.path(relpath).read_text(encoding="utf-8")

    def locate(self, relpath: str, line: int, column: int | None = None) -> Location:
        """Map a line of a workspace file to the user's input. Unknown or generated files map to the subject."""
        source = self.files.get(relpath)
        if source is not None:
            loc = source.to_origin(line)
            if loc is not None:
                return Location(loc.path, loc.line, column)
        return Location(self.subject, 1 if source is None or source.generated else line, column)

    def relpath_of(self, absolute: str | Path) -> str | None:
        """The workspace-relative path of a file under ``root`` (as seen in a traceback), else None."""
        try:
            return Path(absolute).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def add_file(self, source: SourceFile, text: str) -> None:
        target = self.path(source.relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.files[source.relpath] = source

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def copy_to(self, root: Path) -> Workspace:
        """A copy of this workspace under another root (used by the repair ladder: inputs stay untouched)."""
        shutil.copytree(self.root, root, dirs_exist_ok=True)
        return Workspace(
            subject=self.subject,
            kind=self.kind,
            root=root,
            files={k: SourceFile(**vars(v)) for k, v in self.files.items()},
            entry=self.entry,
            findings=list(self.findings),
            assumptions=list(self.assumptions),
            region=self.region,
            context=dict(self.context),
        )
