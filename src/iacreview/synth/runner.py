"""Run one CDK app in a sandboxed child process.

The child is ``sys.executable <entry>`` in the workspace root (a temp copy), wrapped by the sandbox layers of
``synth.sandbox``: resource limits (``prlimit``), new user/network/pid/mount namespaces (``unshare``) and a setup
script that caps processes and makes everything but the run's temp dirs read-only. Its environment is built from
scratch (no AWS credentials; private HOME/TMPDIR). It runs in its own session; the process group is killed at
the end of every run, and the pid namespace dies with its first process, so nothing outlives the run. Output is
capped: only the tail of each stream is kept (the traceback is at the end) and a stream past ``OUTPUT_CAP``
bytes is reported as truncated. What the sandbox stopped is listed in ``RunOutcome.blocked``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from iacreview.synth.sandbox import (
    FILE_SIZE_LIMIT,
    MEMORY_LIMIT,
    OUTPUT_CAP,
    apply_limits,
    confinement_prefix,
    isolation_prefix,
    kill_process_group,
    limits_prefix,
    scrubbed_environment,
)

__all__ = ["FILE_SIZE_LIMIT", "OUTPUT_CAP", "RunOutcome", "RunRequest", "child_environment", "run_app"]

# The tail of each stream kept for error parsing.
OUTPUT_KEEP = 64 * 1024
# After a timeout the child gets SIGINT first so Python prints where it was stuck, then the group is killed.
INTERRUPT_GRACE = 1.0


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
    # A stream was longer than OUTPUT_CAP: the middle was discarded.
    truncated: bool = False
    # What the sandbox stopped, in words ("allocating more than 3 GiB of memory", ...): SEC101.
    blocked: tuple[str, ...] = ()


def child_environment(request: RunRequest, home: Path) -> dict[str, str]:
    """The whole environment of the child: the sandbox's scrubbed base plus what the CDK app needs."""
    extra = {
        "PYTHONPATH": str(request.cwd),
        "CDK_DEFAULT_ACCOUNT": request.account,
        "CDK_DEFAULT_REGION": request.region,
        "AWS_REGION": request.region,
        "CDK_OUTDIR": str(request.outdir),
        "CDK_CONTEXT_JSON": json.dumps(dict(request.context), sort_keys=True),
    }
    if not request.validation:
        # aws-cdk-lib 2.275 core/lib/private/synthesis-validation.js: defaultValidationEnabled(app) is
        # ``app._builtinCloudFormationValidation && process.env.CDK_VALIDATION !== "false"``.
        extra["CDK_VALIDATION"] = "false"
    return scrubbed_environment(home, extra=extra, jsii_cache=request.jsii_cache)


class _Tail:
    """Reads a pipe to the end in a thread, keeping only the last ``OUTPUT_KEEP`` bytes and counting the rest."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._data = bytearray()
        # The first OUTPUT_CAP bytes too: a fork bomb's first errors are at the start, and the tail may be all
        # KeyboardInterrupt tracebacks of its hundreds of processes after the timeout.
        self._head = bytearray()
        self.total = 0
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        fd = self._stream.fileno()
        while chunk := os.read(fd, 65536):
            if self.total < OUTPUT_CAP:
                self._head += chunk[: OUTPUT_CAP - self.total]
            self.total += len(chunk)
            self._data += chunk
            if len(self._data) > 2 * OUTPUT_KEEP:
                del self._data[: len(self._data) - OUTPUT_KEEP]

    def text(self, wait: float = 2.0) -> str:
        self._thread.join(wait)
        return bytes(self._data[-OUTPUT_KEEP:]).decode("utf-8", errors="replace")

    def head(self) -> str:
        """The first ``OUTPUT_CAP`` bytes (call after ``text``)."""
        return bytes(self._head).decode("utf-8", errors="replace")


def _network_jail() -> tuple[str, ...]:
    """The namespace prefix (kept for callers of the former name; see ``sandbox.isolation_prefix``)."""
    return tuple(isolation_prefix())


def run_app(request: RunRequest) -> RunOutcome:
    """Run the entry, wait at most ``request.timeout`` seconds, and always leave no process behind."""
    request.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iacreview-home-") as home_dir:
        home = Path(home_dir)
        env = child_environment(request, home)
        report = home / ".sandbox-report"
        report.touch()
        cpu = int(request.timeout) + 30
        limits = limits_prefix(cpu)
        jail: list[str] = []
        if request.isolate_network:
            writable = [request.cwd, request.outdir, home]
            if request.jsii_cache is not None:
                writable.append(request.jsii_cache)
            jail = [*isolation_prefix(), *confinement_prefix(writable, report)]
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*limits, *jail, sys.executable, str(request.entry)],
            cwd=request.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if not limits:
            apply_limits(proc.pid, cpu_seconds=cpu)
        assert proc.stdout is not None and proc.stderr is not None
        out, err = _Tail(proc.stdout), _Tail(proc.stderr)
        timed_out = False
        try:
            proc.wait(timeout=request.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGINT)
                proc.wait(timeout=INTERRUPT_GRACE)
            except (subprocess.TimeoutExpired, ProcessLookupError, PermissionError):
                pass
        finally:
            # The Node child of jsii (and anything the app spawned) shares the group: end them all.
            kill_process_group(proc.pid)
            proc.wait()
        seconds = time.perf_counter() - started
        stdout, stderr = out.text(), err.text()
        truncated = max(out.total, err.total) > OUTPUT_CAP
        return RunOutcome(
            returncode=None if timed_out else proc.returncode,
            stdout=stdout,
            stderr=stderr,
            timed_out=timed_out,
            seconds=seconds,
            truncated=truncated,
            blocked=blocked_actions(
                err.head() + "\n" + stderr, home, report.read_text(errors="replace"), truncated=truncated
            ),
        )


_GIB = MEMORY_LIMIT / 1024**3
# (pattern in the child's stderr, what was stopped). Checked in order; each measure is reported once.
_STDERR_SIGNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^MemoryError\b|JavaScript heap out of memory|Failed to allocate memory|"
                r"Cannot allocate memory", re.M),
     f"allocating more memory than the sandbox allows ({_GIB:g} GiB per process)"),
    (re.compile(r"BlockingIOError: \[Errno 11\]|Resource temporarily unavailable|Cannot fork|"
                r"fork: retry", re.M),
     "starting more processes than the sandbox allows"),
    (re.compile(r"\[Errno 101\]|Network is unreachable|ENETUNREACH|getaddrinfo EAI_AGAIN|"
                r"Temporary failure in name resolution|\[Errno -3\]", re.M),
     "reaching the network (the sandbox has none)"),
    (re.compile(r"\[Errno 30\]|Read-only file system|EROFS", re.M),
     "writing outside its temporary directories (the rest of the filesystem is read-only)"),
    (re.compile(r"\[Errno 27\]|File too large|EFBIG", re.M),
     f"writing a file larger than {FILE_SIZE_LIMIT // 1024**2} MiB"),
)


def blocked_actions(stderr: str, home: Path, report: str, *, truncated: bool) -> tuple[str, ...]:
    """What the sandbox stopped, read from the child's stderr, the setup script's report and the output size."""
    found = [what for pattern, what in _STDERR_SIGNS if pattern.search(stderr)]
    if str(home) in stderr and ("FileNotFoundError" in stderr or "No such file" in stderr):
        found.append("reading files from the home directory (credentials, configuration): it is empty in the sandbox")
    if truncated:
        found.append(f"printing more than {OUTPUT_CAP // 1024**2} MiB of output (the rest was discarded)")
    leftover = re.search(r"^leftover (\d+)$", report, re.M)
    if leftover and int(leftover.group(1)) > 0:
        found.append(f"leaving {leftover.group(1)} process(es) running after it ended (they were killed)")
    return tuple(found)
