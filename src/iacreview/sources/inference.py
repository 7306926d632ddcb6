"""Names for the answer's Python blocks that the answer itself does not name.

Inference reads the code of all blocks together, never runs it. In order:

1. a block that creates an ``App`` and calls ``synth()`` is the entry point: the file the ``cdk.json`` ``app``
   command runs, else ``app.py`` when the prose mentions it, else ``tap.py`` (the dataset's convention);
2. a block defining names another block imports (``from lib.tap_stack import TapStack``) is that module;
3. a block defining a ``Stack`` (or ``Construct``) subclass is ``lib/<snake_case_of_class>.py``;
4. a Lambda handler (``def handler(event, context)``) is the file of a ``Code.from_asset("lambda/x")`` +
   ``handler="index.handler"`` pair elsewhere: ``lambda/x/index.py``.

Every inference is explained in the returned reason so that the workspace can record it as an assumption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from iacreview.sources import layout

_ASSET = re.compile(r"""Code\.from_asset\(\s*(?:path\s*=\s*)?[rf]?["']([^"']+)["']""")
_HANDLER = re.compile(r"""\bhandler\s*=\s*["']([\w.]+)\.(\w+)["']""")
_HANDLER_DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)\s*\(\s*event\b", re.MULTILINE)
_STACK_BASE = re.compile(r"(?:^|\.)(?:Nested)?Stack$|(?:^|\.)Construct$")


@dataclass(frozen=True)
class Named:
    relpath: str
    reason: str


@dataclass(frozen=True)
class HandlerRef:
    """A Lambda asset folder and the handler module/function the code configures for it."""

    folder: str
    module: str
    function: str


def handler_refs(texts: list[str]) -> list[HandlerRef]:
    """``Code.from_asset("dir")`` paired with the nearest ``handler="mod.fn"`` after it in the same call."""
    refs: list[HandlerRef] = []
    for text in texts:
        for asset in _ASSET.finditer(text):
            window = text[max(0, asset.start() - 600): asset.end() + 600]
            handlers = list(_HANDLER.finditer(window))
            if not handlers:
                continue
            middle = asset.start() - max(0, asset.start() - 600)
            best = min(handlers, key=lambda m: abs(m.start() - middle))
            folder = PurePosixPath(asset.group(1).replace("\\", "/")).as_posix().removeprefix("./")
            refs.append(HandlerRef(folder, best.group(1).replace(".", "/"), best.group(2)))
    return refs


def entry_name(app_command_entry: str | None, prose: str) -> tuple[str, str]:
    if app_command_entry:
        return app_command_entry, f"the cdk.json app command runs {app_command_entry}"
    if re.search(r"(?<![\w/])app\.py\b", prose):
        return "app.py", "the answer's text mentions app.py"
    return "tap.py", "no name given; tap.py is the conventional entry"


def infer(
    text: str,
    imported: dict[str, str],
    handlers: list[HandlerRef],
    taken: set[str],
    entry: tuple[str, str],
) -> Named | None:
    """A name for one unnamed Python block, or None when nothing in the code says what it is.

    ``imported`` maps a name imported somewhere to the module path that import expects (``TapStack`` ->
    ``lib/tap_stack.py``); ``taken`` holds paths already given to named blocks.
    """
    if layout.is_entry(text):
        name, why = entry
        return Named(name, f"entry point (creates App() and calls synth()); {why}")
    defined = layout.defined_names(text)
    for name in sorted(defined):
        target = imported.get(name)
        if target and target not in taken:
            return Named(target, f"defines {name}, which another file imports from {target}")
    for cls, bases in layout.classes_with_bases(text):
        if any(_STACK_BASE.search(b.strip()) for b in bases.split(",")):
            target = f"lib/{layout.snake_case(cls)}.py"
            if target not in taken:
                return Named(target, f"defines the construct class {cls}")
    functions = set(_HANDLER_DEF.findall(text))
    for ref in handlers:
        target = f"{ref.folder}/{ref.module}.py"
        if ref.function in functions and target not in taken:
            return Named(target, f"defines {ref.function}(event, ...), the handler of Code.from_asset('{ref.folder}')")
    return None
