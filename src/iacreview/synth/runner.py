"""Run one CDK app in a sandboxed child process.

The child is ``sys.executable <entry>`` in the workspace root with a scrubbed environment: no AWS credentials,
profiles or tokens reach it (only PATH, LANG and a private HOME/TMPDIR), the account is fake and the region is
the one the code names or the default. It runs in its own session so that a timeout kills the whole process
group (Python *and* the Node process jsii started). Output is capped: only the tail of each stream is kept,
because the traceback is at the end and a runaway app must not fill memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from iacreview.synth.node import node_binary

OUTPUT_CAP = 64 * 1024
FILE_SIZE_LIMIT = 512 * 1024 * 1024
# After a timeout the child gets SIGINT first so Python prints where it was stuck, then the group is killed.
INTERRUPT_GRACE = 1.0

# jsii prints a banner for Node versions it has not tested; the wheel's Node is a known quantity.
_JSII_QUIET = {
    "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_KNOWN_BROKEN_NODE_VERSION": "1",
    # Deprecation warnings of aws-cdk-lib APIs: the static layer reports deprecated APIs with a line.
    "JSII_DEPRECATED": "quiet",
}


@dataclass(frozen=True)
class RunRequest:
    """Everything the child needs. ``outdir`` receives the cloud assembly (``CDK_OUTDIR``)."""

    entry: Path
    cwd: Path
    outdir: Path
    context: Mapping[str, object]
    account: str
    region: str
    timeout: float
    validation: bool = False
    # Persistent jsii package cache: without it every child re-extracts the aws-cdk-lib tarball.
    jsii_cache: Path | None = None
    # Run in an empty network namespace where the platform allows (synth must not reach AWS or the internet).
    isolate_network: bool = True


@dataclass(frozen=True)
class RunOutcome:
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float


def child_environment(request: RunRequest, home: Path) -> dict[str, str]:
    """The whole environment of the child: built from scratch, nothing inherited but PATH and LANG."""
    node = node_binary()
    path = os.pathsep.join([str(node.parent), os.environ.get("PATH", os.defpath)])
    env = {
        "PATH": path,
        "LANG": os.environ.get("LANG", "C.UTF-8") or "C.UTF-8",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "PYTHONPATH": str(request.cwd),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
        "JSII_NODE": str(node),
        "CDK_DEFAULT_ACCOUNT": request.account,
        "CDK_DEFAULT_REGION": request.region,
        "AWS_REGION": request.region,
        "CDK_OUTDIR": str(request.outdir),
        "CDK_CONTEXT_JSON": json.dumps(dict(request.context), sort_keys=True),
        **_JSII_QUIET,
    }
    if not request.validation:
        # aws-cdk-lib 2.275 core/lib/private/synthesis-validation.js: defaultValidationEnabled(app) is
        # ``app._builtinCloudFormationValidation && process.env.CDK_VALIDATION !== "false"``.
        env["CDK_VALIDATION"] = "false"
    if request.jsii_cache is not None:
        env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = str(request.jsii_cache)
    return env


def _limit_table(cpu_seconds: int) -> list[tuple[int, tuple[int, int]]]:
    """Resource limits of the child. No RLIMIT_AS: V8 reserves a huge address space and would die."""
    return [
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT)),
        (resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5)),
    ]


def _apply_limits(pid: int | None, cpu_seconds: int) -> None:
    """Set the limits on ``pid`` with prlimit (Linux), or on the current process (``pid`` None, in preexec_fn)."""
    for kind, value in _limit_table(cpu_seconds):
        with contextlib.suppress(ValueError, OSError):
            if pid is None:
                resource.setrlimit(kind, value)
            else:
                resource.prlimit(pid, kind, value)


# prlimit right after the fork is thread-safe (preexec_fn is not); its window is the child's interpreter start,
# before any user code or Node runs. Where prlimit does not exist the limits are set in preexec_fn.
_HAS_PRLIMIT = hasattr(resource, "prlimit")


class _Tail:
    """Reads a pipe to the end in a thread, keeping only the last ``OUTPUT_CAP`` bytes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._data = bytearray()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        fd = self._stream.fileno()
        while chunk := os.read(fd, 65536):
            self._data += chunk
            if len(self._data) > 2 * OUTPUT_CAP:
                del self._data[: len(self._data) - OUTPUT_CAP]

    def text(self, wait: float = 2.0) -> str:
        self._thread.join(wait)
        return bytes(self._data[-OUTPUT_CAP:]).decode("utf-8", errors="replace")


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


@lru_cache(maxsize=1)
def _network_jail() -> tuple[str, ...]:
    """``unshare`` arguments that give the child no network (an empty network namespace), when unprivileged
    user namespaces allow it here; else no prefix. Probed once per process: the answer cannot change."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return ()
    prefix = (unshare, "--net", "--map-root-user")
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return prefix if probe.returncode == 0 else ()


def run_app(request: RunRequest) -> RunOutcome:
    """Run the entry, wait at most ``request.timeout`` seconds, and always leave no process behind."""
    request.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iacreview-home-") as home_dir:
        home = Path(home_dir)
        (home / "tmp").mkdir()
        env = child_environment(request, home)
        cpu = int(request.timeout) + 30
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*(_network_jail() if request.isolate_network else ()), sys.executable, str(request.entry)],
            cwd=request.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=None if _HAS_PRLIMIT else lambda: _apply_limits(None, cpu),
        )
        if _HAS_PRLIMIT:
            _apply_limits(proc.pid, cpu)
        assert proc.stdout is not None and proc.stderr is not None
        out, err = _Tail(proc.stdout), _Tail(proc.stderr)
        timed_out = False
        try:
            proc.wait(timeout=request.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                proc.send_signal(signal.SIGINT)
                proc.wait(timeout=INTERRUPT_GRACE)
            except subprocess.TimeoutExpired:
                pass
        finally:
            # The Node child of jsii (and anything the app spawned) shares the group: end them all.
            _kill_group(proc.pid)
            proc.wait()
        seconds = time.perf_counter() - started
        return RunOutcome(
            returncode=None if timed_out else proc.returncode,
            stdout=out.text(),
            stderr=err.text(),
            timed_out=timed_out,
            seconds=seconds,
        )
