"""A project folder or a single ``.py`` file as a Workspace: files copied as they are, lines map one to one.

The copy is what later layers (and synthesis, which writes ``cdk.out``) work on, so the user's files are never
modified. Build output, VCS data, virtualenvs and dependencies are skipped; a symlink is copied only when it
points inside the folder (following it elsewhere could read, and then report, files the user did not give).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from iacreview.errors import InputError
from iacreview.sources import layout
from iacreview.sources.detect import MAX_FILE_BYTES, SKIPPED_DIRS, decode, read_bytes, read_text
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

# A project larger than this is not something to review file by file; the rest is skipped and said so.
MAX_FILES = 5000

_LANGUAGES = {".py": "python", ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".template": "yaml"}


def _origin(display: str, relpath: str) -> str:
    return os.path.join(display, *relpath.split("/"))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _project_files(folder: Path) -> tuple[list[str], list[str]]:
    """(relpaths to copy, reasons for what was skipped)."""
    keep: list[str] = []
    skipped: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            relpath = path.relative_to(folder).as_posix()
            if path.is_symlink() and not _inside(path, folder):
                skipped.append(f"{relpath}: symlink to a file outside the folder, not copied")
                continue
            try:
                size = path.stat().st_size
            except OSError:
                skipped.append(f"{relpath}: cannot be read, not copied")
                continue
            if size > MAX_FILE_BYTES:
                skipped.append(f"{relpath}: over 5 MB, not copied")
                continue
            if len(keep) >= MAX_FILES:
                skipped.append(f"files after the first {MAX_FILES} were not copied")
                return keep, skipped
            keep.append(relpath)
    return keep, skipped


def _read_cdk_json(path: Path, display: str, workspace: Workspace) -> str | None:
    """Context into the workspace; returns the entry file the ``app`` command names (never run)."""
    try:
        data = json.loads(read_text(path, display))
    except InputError:
        raise
    except ValueError as exc:
        workspace.assumptions.append(f"{display}: not valid JSON ({exc}); its context was ignored")
        return None
    if not isinstance(data, dict):
        return None
    context = data.get("context")
    if isinstance(context, dict):
        workspace.context.update(context)
    app = data.get("app")
    return layout.entry_from_app_command(app) if isinstance(app, str) else None


def load_folder(folder: Path, display: str, root: Path) -> Workspace:
    """Copy a project folder into ``root`` (a fresh temp dir) and describe it as a Workspace."""
    workspace = Workspace(subject=display, kind=InputKind.PROJECT, root=root)
    relpaths, skipped = _project_files(folder)
    workspace.assumptions.extend(skipped)
    texts: dict[str, str] = {}
    for relpath in relpaths:
        source = folder / relpath
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        language = _LANGUAGES.get(Path(relpath).suffix.lower(), "other")
        if language == "python":
            text = decode(read_bytes(source, _origin(display, relpath)), _origin(display, relpath))
            texts[relpath] = text
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        workspace.files[relpath] = SourceFile(relpath, _origin(display, relpath), 1, False, language)
    preferred = None
    if (folder / "cdk.json").is_file():
        preferred = _read_cdk_json(folder / "cdk.json", _origin(display, "cdk.json"), workspace)
        if preferred and preferred not in texts:
            workspace.assumptions.append(f"cdk.json runs {preferred}, which is not in the folder")
    workspace.entry = layout.choose_entry(texts, preferred)
    workspace.region = layout.find_region(texts, workspace.entry)
    return workspace


def load_python_file(path: Path, display: str, root: Path) -> Workspace:
    """A single ``.py`` file: the workspace holds just that file, under its own name."""
    workspace = Workspace(subject=display, kind=InputKind.PYTHON, root=root)
    text = read_text(path, display)
    relpath = path.name
    workspace.add_file(SourceFile(relpath, display, 1, False, "python"), text)
    workspace.entry = relpath if layout.is_entry(text) else None
    workspace.region = layout.find_region({relpath: text}, workspace.entry)
    return workspace
