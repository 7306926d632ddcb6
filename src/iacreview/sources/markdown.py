"""A Markdown answer as a Workspace: its code blocks become files, each line mapped back to the ``.md``.

Steps: extract the blocks (``blocks.py``), flag a truncated answer (SYN001), name every block (the answer's own
names first, then ``inference.py``), refuse names that leave the workspace (SEC100), keep the last complete
version of a repeated file, move modules to where the code's imports expect them, add the ``__init__.py`` files
those imports need, and pick the entry point and region. Every guess is written to ``workspace.assumptions``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from iacreview.model import Finding, Location
from iacreview.rules.security import path_escape
from iacreview.rules.syntax import truncated_answer
from iacreview.sources import inference, layout
from iacreview.sources.blocks import Answer, Block, extract
from iacreview.sources.detect import looks_like_template
from iacreview.sources.workspace import InputKind, SourceFile, Workspace
from iacreview.threadsafe_ast import parse_shared

# Syntax errors that mean "the text ended too early" rather than "the text is wrong".
_EOF_MESSAGES = ("was never closed", "unexpected eof", "unterminated triple-quoted", "eof while scanning",
                 "unexpected end of")
_REQUIREMENT = re.compile(r"^\s*(?:aws-cdk-lib|constructs|aws-cdk\.)[\w.-]*\s*(?:[=<>~!]=?|$)", re.MULTILINE)
_EXTERNAL = frozenset(sys.stdlib_module_names) | {"aws_cdk", "constructs", "boto3", "botocore", "jsii", "pytest"}


@dataclass
class _File:
    relpath: str
    block: Block
    language: str
    explicit: bool  # named by the answer (not inferred)


def _lang_of(relpath: str) -> str:
    ext = relpath.rsplit(".", 1)[-1].lower()
    return {"py": "python", "json": "json", "yaml": "yaml", "yml": "yaml", "template": "yaml"}.get(ext, "text")


# First components of absolute paths that point into the system, not at the project (``/etc/cron.d/x``).
_SYSTEM_DIRS = frozenset({"etc", "usr", "var", "tmp", "root", "home", "opt", "proc", "sys", "dev", "boot", "srv",
                          "mnt", "media", "run", "sbin", "lib64", "Users", "Windows", "System", "Library",
                          "private", "Volumes"})


def safe_relpath(name: str) -> str | None:
    """The workspace-relative form of a name, or None when it leaves the project.

    Refused: ``..`` anywhere, home paths (``~/.aws/x``), drive paths (``C:\\x``) and absolute paths into system
    directories (``/etc/x``). A root-anchored project path (``/lib/tap_stack.py``) is how answers write "from the
    project root"; it is read that way (the caller records the assumption).
    """
    text = name.strip().replace("\\", "/")
    if not text or text.startswith("~") or PureWindowsPath(name).drive:
        return None
    parts = [p for p in PurePosixPath(text).parts if p not in ("", ".", "/")]
    if not parts or ".." in parts:
        return None
    if text.startswith("/") and parts[0] in _SYSTEM_DIRS:
        return None
    return "/".join(parts)


def _parse_error(block: Block) -> str | None:
    """Why the block's code does not parse (Python, JSON or YAML), or None when it parses or cannot be judged."""
    try:
        if block.lang == "python":
            parse_shared(block.content)
        elif block.lang == "json":
            json.loads(block.content)
        elif block.lang == "yaml":
            yaml.safe_load(block.content)
    except SyntaxError as exc:
        return f"{exc.msg} (line {exc.lineno} of the block)"
    except ValueError as exc:  # json.JSONDecodeError
        return str(exc)
    except yaml.YAMLError as exc:
        return str(exc).splitlines()[0]
    except (RecursionError, MemoryError):
        return None
    return None


def _unclosed_is_cut(block: Block, text: str) -> str | None:
    """Why an unclosed final fence is a cut, not just a missing closing fence; None when the code is whole.

    Answers often leave the last fence open after complete code, and a stray fence over closing prose opens a
    "block" of text: neither is truncation. Code that does not parse, or that stops mid-word with no final
    newline (``alarm = cloudwatch``), is.
    """
    if block.lang not in ("python", "json", "yaml"):
        return None
    error = _parse_error(block)
    if error:
        return error
    if block.lang == "python" and not text.endswith("\n") and (text[-1:].isalnum() or text[-1:] in "_."):
        return "the text stops mid-word"
    return None


def truncation(answer: Answer, display: str, text: str) -> Finding | None:
    """SYN001 when the answer stops mid-code: an unclosed final fence over cut code, or a last Python block cut
    mid-statement (the error is an unexpected end, or sits on the block's last line)."""
    if not answer.blocks:
        return None
    last = answer.blocks[-1]
    if not last.closed:
        why = _unclosed_is_cut(last, text)
        if why is None:
            return None
        return Finding.from_rule(
            truncated_answer.META,
            f"The answer ends inside the code block opened at line {last.fence_line} (the fence is never closed): "
            f"{why}.",
            Location(display, last.last_line),
            evidence=(last.content.rstrip().splitlines() or [""])[-1].strip()[:200],
        )
    python = [b for b in answer.blocks if b.lang == "python" and b.content.strip()]
    if not python:
        return None
    block = python[-1]
    try:
        parse_shared(block.content)
    except SyntaxError as exc:
        message = (exc.msg or "").lower()
        n_lines = len(block.content.rstrip().splitlines())
        at_end = (exc.lineno or 0) >= n_lines
        if any(m in message for m in _EOF_MESSAGES) or (at_end and "indent" not in message):
            return Finding.from_rule(
                truncated_answer.META,
                f"The last Python block (line {block.first_line}) is cut off: {exc.msg}.",
                Location(display, block.last_line),
                evidence=block.content.rstrip().splitlines()[-1].strip()[:200],
            )
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


def _context_from(block: Block) -> tuple[dict[str, object], str | None] | None:
    """``(context, entry file of the app command)`` of a cdk.json block; None when it is not one."""
    try:
        data = json.loads(block.content)
    except ValueError:
        return None
    if not isinstance(data, dict) or not ("app" in data or "context" in data):
        return None
    context = data.get("context")
    app = data.get("app")
    entry = layout.entry_from_app_command(app) if isinstance(app, str) else None
    return (dict(context) if isinstance(context, dict) else {}), entry


def _complete(block: Block) -> bool:
    """A version of a file that parses and looks whole (has imports), not a fragment shown for illustration."""
    if block.lang != "python":
        return block.closed
    tree = layout.parse(block.content)
    return tree is not None and any(type(n).__name__ in ("Import", "ImportFrom") for n in tree.body)


class _Builder:
    def __init__(self, answer: Answer, display: str, workspace: Workspace) -> None:
        self.answer = answer
        self.display = display
        self.ws = workspace
        self.app_entry: str | None = None

    def at(self, block: Block) -> str:
        return f"{self.display}:{block.fence_line}"

    def assume(self, text: str) -> None:
        self.ws.assumptions.append(text)

    def name_blocks(self) -> list[_File]:
        files: list[_File] = []
        pending: list[Block] = []
        template_count = 0
        for block in self.answer.blocks:
            if not block.content.strip():
                continue
            name = block.name
            if name is not None:
                relpath = safe_relpath(name)
                if relpath is None:
                    self.ws.findings.append(Finding.from_rule(
                        path_escape.META,
                        f"The block at line {block.fence_line} is named '{name}', a path outside the project; "
                        "it was not written and is not reviewed.",
                        Location(self.display, block.fence_line),
                        evidence=name,
                    ))
                    continue
                if name.strip().startswith(("/", "\\")):
                    self.assume(f"{relpath}: the answer names it '{name}'; read as a path from the project root "
                                f"(block at {self.at(block)})")
                name = relpath
            base = PurePosixPath(name).name if name else ""
            if block.lang == "json" and (base == "cdk.json" or name is None):
                parsed = _context_from(block)
                if parsed is not None and (base == "cdk.json" or not looks_like_template(block.content)):
                    self.ws.context.update(parsed[0])
                    self.app_entry = parsed[1] or self.app_entry
                    # Kept (never executed) so errors about its context can point at their line in the answer.
                    self.ws.add_file(SourceFile("cdk.json", self.display, block.first_line, language="json"),
                                     block.content)
                    continue
            if block.lang == "python":
                if name and name.endswith(".py"):
                    files.append(_File(name, block, "python", explicit=True))
                else:
                    pending.append(block)
            elif block.lang in ("json", "yaml", "text") and looks_like_template(block.content):
                if not name:
                    template_count += 1
                    ext = "json" if block.content.lstrip().startswith("{") else "yaml"
                    name = f"template.{ext}" if template_count == 1 else f"template_{template_count}.{ext}"
                    self.assume(f"{name}: unnamed CloudFormation template block at {self.at(block)}")
                files.append(_File(name, block, _lang_of(name), explicit=True))
            elif block.lang == "text" and (base.startswith("requirements") or (not name and _REQUIREMENT.search(
                    block.content))):
                if not name:
                    name = "requirements.txt"
                    self.assume(f"requirements.txt: unnamed block of package pins at {self.at(block)}")
                files.append(_File(name, block, "text", explicit=True))
        files.extend(self.infer_names(pending, files))
        return files

    def infer_names(self, pending: list[Block], named: list[_File]) -> list[_File]:
        if not pending:
            return []
        texts = [f.block.content for f in named if f.language == "python"] + [b.content for b in pending]
        imported: dict[str, str] = {}
        for text in texts:
            for imp in layout.imports_of(text):
                if imp.level == 0 and imp.module and imp.module.split(".")[0] not in _EXTERNAL:
                    for n in imp.names:
                        imported.setdefault(n, layout.module_path(imp.module))
        handlers = inference.handler_refs(texts)
        taken = {f.relpath for f in named}
        # A bare name (``tap_stack.py``) will be moved to where imports expect it: that place is taken too.
        named_bases = {PurePosixPath(f.relpath).name for f in named if "/" not in f.relpath}
        taken |= {t for t in imported.values() if PurePosixPath(t).name in named_bases}
        entry = inference.entry_name(self.app_entry, self.answer.prose)
        out: list[_File] = []
        for block in pending:
            guess = inference.infer(block.content, imported, handlers, taken, entry)
            if guess is None:
                self.assume(f"Python block at {self.at(block)} has no file name and is not an entry point, "
                            "an imported module, a stack or a Lambda handler; it was not used")
                continue
            if safe_relpath(guess.relpath) is None:
                continue
            self.assume(f"{guess.relpath}: named by inference for the block at {self.at(block)} ({guess.reason})")
            out.append(_File(guess.relpath, block, "python", explicit=False))
            if not layout.is_entry(block.content):
                taken.add(guess.relpath)
        return out

    def deduplicate(self, files: list[_File]) -> dict[str, _File]:
        groups: dict[str, list[_File]] = {}
        for f in files:
            groups.setdefault(f.relpath, []).append(f)
        chosen: dict[str, _File] = {}
        for relpath, versions in groups.items():
            if len(versions) == 1:
                chosen[relpath] = versions[0]
                continue
            complete = [v for v in versions if _complete(v.block)]
            winner = (complete or versions)[-1]
            lines = ", ".join(str(v.block.fence_line) for v in versions)
            self.assume(f"{relpath}: given {len(versions)} times (blocks at lines {lines}); the last complete one, "
                        f"at {self.at(winner.block)}, is used")
            chosen[relpath] = winner
        return chosen

    def relocate(self, files: dict[str, _File]) -> dict[str, _File]:
        """Move bare-named modules (``tap_stack.py``) to where imports expect them (``lib/tap_stack.py``)."""
        moved: set[str] = set()
        for _ in range(len(files) + 1):  # a moved file's own imports may move others: repeat until stable
            if not self._relocate_once(files, moved):
                break
        return files

    def _relocate_once(self, files: dict[str, _File], moved: set[str]) -> bool:
        importers = sorted(files, key=lambda p: (not layout.is_entry(files[p].block.content), p))
        for importer in importers:
            source = files[importer]
            if source.language != "python":
                continue
            for imp in layout.imports_of(source.block.content):
                top = imp.module.split(".")[0] if imp.module else ""
                if imp.level == 0 and (not top or top in _EXTERNAL):
                    continue
                targets = layout.resolve_import(importer, imp)
                if not targets or any(t in files for t in targets):
                    continue
                stem = PurePosixPath(targets[0]).name
                candidates = [p for p, f in files.items() if "/" not in p and p == stem and p not in moved
                              and f.language == "python" and p != importer]
                if imp.names:
                    defining = [p for p in candidates
                                if set(imp.names) & layout.defined_names(files[p].block.content)]
                    candidates = defining or candidates
                if not candidates:
                    continue
                old = candidates[0]
                entry = files.pop(old)
                entry.relpath = targets[0]
                files[targets[0]] = entry
                moved.add(targets[0])
                self.assume(f"{targets[0]}: the block at {self.at(entry.block)} is named {old}, moved to where "
                            f"{importer} imports it from ({'.' * imp.level}{imp.module})")
                return True
        return False

    def package_inits(self, files: dict[str, _File]) -> list[str]:
        """Directories that imports use as packages and that lack an ``__init__.py``."""
        needed: list[str] = []
        for importer, source in files.items():
            if source.language != "python":
                continue
            for imp in layout.imports_of(source.block.content):
                for target in layout.resolve_import(importer, imp):
                    if target in files:
                        for d in layout.package_dirs(target):
                            init = f"{d}/__init__.py"
                            if init not in files and init not in needed:
                                needed.append(init)
                        break
        return needed

    def build(self) -> None:
        named = self.name_blocks()
        files = self.relocate(self.deduplicate(named))
        for relpath, f in files.items():
            self.ws.add_file(SourceFile(relpath, self.display, f.block.first_line, False, f.language),
                             f.block.content)
        for init in self.package_inits(files):
            self.ws.add_file(SourceFile(init, self.display, None, True, "python"), "")
            self.assume(f"{init}: generated empty package file (the code imports from {init.rsplit('/', 1)[0]})")
        texts = {p: f.block.content for p, f in files.items() if f.language == "python"}
        self.ws.entry = layout.choose_entry(texts, self.app_entry)
        self.ws.region = layout.find_region(texts, self.ws.entry)


def load_markdown(text: str, display: str, root: Path) -> Workspace:
    """The Workspace of a Markdown answer whose text is ``text`` (the user's path shown as ``display``)."""
    workspace = Workspace(subject=display, kind=InputKind.MARKDOWN, root=root)
    answer = extract(text)
    if answer.skipped_reasoning_blocks:
        workspace.assumptions.append(
            f"{answer.skipped_reasoning_blocks} code block(s) in the reasoning section before the answer were ignored")
    finding = truncation(answer, display, text)
    if finding is not None:
        workspace.findings.append(finding)
    _Builder(answer, display, workspace).build()
    if not any(f.language in ("python", "json", "yaml") and f.relpath != "cdk.json" for f in workspace.files.values()):
        workspace.assumptions.append(_no_code(answer))
    return workspace


def _no_code(answer: Answer) -> str:
    """Why nothing can be reviewed: the answer describes its code without giving it (said plainly, not as a
    missing entry point)."""
    if not answer.blocks:
        return "The answer contains no code: no fenced block and no unfenced Python; there is nothing to synthesize"
    kinds = sorted({b.lang for b in answer.blocks})
    return (f"The answer contains no Python code or template: its {len(answer.blocks)} code block(s) are "
            f"{', '.join(kinds)}; there is nothing to synthesize")
