"""The warm synth worker's child process: import ``aws_cdk`` once, then run many apps, one per request.

Run as ``python worker_child.py`` by ``iacreview.synth.worker`` inside the same sandbox as a one-shot synth
(scrubbed environment, network namespace, limits, own process group). Standard library only: it must not import
iacreview, so the apps it runs see nothing of the analyzer.

Protocol: one JSON object per line on stdin (``entry``, ``cwd``, ``env``), one JSON object per line back on the
original stdout (``returncode``, ``stdout``, ``stderr``, ``seconds``). The first line sent back says the worker is
ready. Each app runs as ``python entry.py`` would see it:

- ``__main__`` is the entry (``runpy``), ``sys.argv[0]`` the entry, the working directory the workspace root,
  ``sys.path`` starts with the entry's folder then the workspace root (what ``PYTHONPATH`` gives a plain child);
- ``os.environ`` is exactly the environment a plain child would get, restored afterwards;
- the modules the app imported from outside the installed libraries are purged afterwards, and workspace module
  names that shadow an already imported library module are hidden during the run;
- Node was started once with the worker's environment, so the two variables aws-cdk-lib's ``App`` reads from
  ``process.env`` (``CDK_OUTDIR``, ``CDK_CONTEXT_JSON``) are passed to ``App`` explicitly instead, with the same
  precedence: an explicit ``outdir`` wins, environment context overrides ``context=`` and ``post_cli_context``
  overrides both;
- the traceback is printed as Python prints an uncaught exception, without this file's or ``runpy``'s frames.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import io
import itertools
import json
import os
import runpy
import sys
import sysconfig
import tempfile
import time
from typing import Any

OUTPUT_CAP = 64 * 1024
# Submodules most answers import: loading their Python bindings once is part of the warm start.
PRELOAD = (
    "aws_cdk.aws_iam",
    "aws_cdk.aws_s3",
    "aws_cdk.aws_lambda",
    "aws_cdk.aws_dynamodb",
    "aws_cdk.aws_apigateway",
    "aws_cdk.aws_ec2",
    "aws_cdk.aws_logs",
    "aws_cdk.aws_kms",
    "aws_cdk.aws_sns",
    "aws_cdk.aws_sqs",
    "aws_cdk.aws_cloudwatch",
    "aws_cdk.aws_rds",
    "aws_cdk.aws_secretsmanager",
    "aws_cdk.aws_events",
    "aws_cdk.aws_events_targets",
    "aws_cdk.aws_cloudfront",
    "aws_cdk.aws_ecs",
    "aws_cdk.aws_elasticloadbalancingv2",
    "aws_cdk.aws_stepfunctions",
    "aws_cdk.aws_ssm",
)
# Never hidden or purged: the worker itself depends on them.
_CORE = frozenset({"aws_cdk", "constructs", "jsii", "typeguard", "publication", "cattrs", "attrs", "attr"})
_HERE = os.path.abspath(__file__)
_RUNPY = os.path.abspath(runpy.__file__ or "runpy.py")
_LIBRARY_ROOTS = tuple(
    os.path.abspath(p) + os.sep
    for p in {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
)


class _Capture(io.TextIOBase):
    """A text stream (with a ``buffer`` for bytes, as jsii writes Node's stderr there) keeping the tail only."""

    def __init__(self) -> None:
        self._data = bytearray()
        self.buffer = self  # jsii writes bytes to sys.stderr.buffer

    def write(self, text: Any) -> int:
        data = text if isinstance(text, bytes | bytearray) else str(text).encode("utf-8", errors="replace")
        self._data += data
        if len(self._data) > 2 * OUTPUT_CAP:
            del self._data[: len(self._data) - OUTPUT_CAP]
        return len(text)

    def writable(self) -> bool:
        return True

    def text(self) -> str:
        return bytes(self._data[-OUTPUT_CAP:]).decode("utf-8", errors="replace")


def _is_library(module: object) -> bool:
    path = getattr(module, "__file__", None)
    return isinstance(path, str) and os.path.abspath(path).startswith(_LIBRARY_ROOTS)


def _patch_app(cdk: Any) -> None:
    """``App`` gets ``CDK_OUTDIR``/``CDK_CONTEXT_JSON`` from the app's ``os.environ`` (Node's is the worker's)."""
    original = cdk.App.__init__

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("outdir") is None and os.environ.get("CDK_OUTDIR"):
            kwargs["outdir"] = os.environ["CDK_OUTDIR"]
        raw = os.environ.get("CDK_CONTEXT_JSON")
        if raw:
            kwargs["post_cli_context"] = {**json.loads(raw), **(kwargs.get("post_cli_context") or {})}
        original(self, *args, **kwargs)

    cdk.App.__init__ = __init__


def _ours(filename: str) -> bool:
    return filename.startswith("<frozen runpy") or os.path.abspath(filename) in (_HERE, _RUNPY)


def _strip(exc: BaseException, seen: set[int]) -> None:
    """Unlink this file's and runpy's frames from the traceback of ``exc`` and of the exceptions it chains."""
    if id(exc) in seen:
        return
    seen.add(id(exc))
    kept = []
    tb = exc.__traceback__
    while tb is not None:
        if not _ours(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    for outer, inner in itertools.pairwise(kept):
        outer.tb_next = inner
    if kept:
        kept[-1].tb_next = None
    exc.__traceback__ = kept[0] if kept else None
    for chained in (exc.__cause__, exc.__context__):
        if chained is not None:
            _strip(chained, seen)


def _print_uncaught(exc: BaseException) -> None:
    """Print ``exc`` to ``sys.stderr`` with the interpreter's own display (it adds "Did you mean" hints)."""
    _strip(exc, set())
    sys.__excepthook__(type(exc), exc, exc.__traceback__)


def _shadowed(folders: list[str]) -> set[str]:
    """Top-level names the workspace defines (``x.py``, ``x/``) that are already imported from elsewhere."""
    names: set[str] = set()
    for folder in folders:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            name = entry[:-3] if entry.endswith(".py") else entry
            if name.isidentifier() and name in sys.modules and name not in _CORE:
                names.add(name)
    return names


def _take(names: set[str]) -> dict[str, Any]:
    taken = {}
    for key in list(sys.modules):
        if key.split(".", 1)[0] in names:
            taken[key] = sys.modules.pop(key)
    return taken


def _site_hook(cwd: str, cdk: Any) -> None:
    """What ``site`` does at a plain child's start-up: import ``sitecustomize`` from ``PYTHONPATH`` (the root).

    iacreview's own hook (cdk-nag packs) waits for ``aws_cdk`` to be imported and then applies ``_patch`` to it;
    here ``aws_cdk`` is already imported, so ``_patch`` is applied at once and the import finder it installed is
    dropped (``run_app`` restores ``sys.meta_path`` and the ``App`` class after the app anyway).
    """
    path = os.path.join(cwd, "sitecustomize.py")
    if not os.path.isfile(path):
        return
    finders = list(sys.meta_path)
    spec = importlib.util.spec_from_file_location("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)
    patch = getattr(module, "_patch", None)
    if callable(patch):
        sys.meta_path[:] = finders
        patch(cdk)


def _restore_class(cls: Any, saved: dict[str, Any]) -> None:
    for name in set(vars(cls)) - set(saved):
        delattr(cls, name)
    for name, value in saved.items():
        if vars(cls).get(name) is not value:
            setattr(cls, name, value)


def _node_cwd(folder: str) -> None:
    """Tell Node (its preload hook reads this file) which folder relative paths are relative to."""
    target = os.environ.get("IACREVIEW_NODE_CWD_FILE") or _BASE_ENV.get("IACREVIEW_NODE_CWD_FILE")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(folder)


_BASE_ENV: dict[str, str] = {}


def run_app(request: dict[str, Any], base_path: list[str], cdk: Any) -> dict[str, Any]:
    entry = os.path.abspath(request["entry"])
    cwd = request["cwd"]
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_path = list(sys.path)
    saved_streams = sys.stdout, sys.stderr
    saved_finders = list(sys.meta_path)
    saved_app = {k: v for k, v in vars(cdk.App).items() if k not in ("__dict__", "__weakref__")}
    before = set(sys.modules)
    hidden = _take(_shadowed([os.path.dirname(entry), cwd]))
    out, err = _Capture(), _Capture()
    started = time.perf_counter()
    returncode = 0
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        tempfile.tempdir = None
        os.chdir(cwd)
        _node_cwd(cwd)
        sys.path[:] = [os.path.dirname(entry), cwd, *base_path]
        sys.stdout, sys.stderr = out, err
        try:
            _site_hook(cwd, cdk)
            runpy.run_path(entry, run_name="__main__")
        except SystemExit as exit_:
            code = exit_.code
            if code is None or isinstance(code, int):
                returncode = code or 0
            else:
                print(code, file=err)
                returncode = 1
        except BaseException as exc:  # the app's failure is the result
            _print_uncaught(exc)
            returncode = 1
    finally:
        sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        _node_cwd(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        tempfile.tempdir = None
        sys.path[:] = saved_path
        sys.meta_path[:] = saved_finders
        _restore_class(cdk.App, saved_app)
        for name in set(sys.modules) - before:
            if not _is_library(sys.modules[name]) or name.split(".", 1)[0] in hidden:
                del sys.modules[name]
        sys.modules.update(hidden)
    return {
        "returncode": returncode,
        "stdout": out.text(),
        "stderr": err.text(),
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    _BASE_ENV.update(os.environ)
    base_path = [p for p in sys.path if p and os.path.abspath(p) != os.path.dirname(_HERE)]
    sys.path[:] = base_path
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # stray writes to fd 1 must not corrupt the protocol
    started = time.perf_counter()
    cdk = importlib.import_module("aws_cdk")  # starts Node and loads aws-cdk-lib once
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    _patch_app(cdk)
    reply.write(json.dumps({"ready": True, "seconds": time.perf_counter() - started}) + "\n")
    reply.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        result = run_app(json.loads(line), base_path, cdk)
        reply.write(json.dumps(result) + "\n")
        reply.flush()


if __name__ == "__main__":
    main()
