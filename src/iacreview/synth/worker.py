"""A warm synth worker: one long-lived sandboxed child that imports ``aws_cdk`` once and synthesizes many apps.

A one-shot synth spends most of its time starting Python, starting Node and loading aws-cdk-lib (measured in
``benchmarks/corpus_speed.py``); the corpus mode pays that once per worker instead of once per app. The child
(``worker_child.py``) runs in the same sandbox as ``runner.run_app``: a scrubbed environment, no network, resource
limits and its own process group. Each app gets a fresh module namespace, environment, working directory and
``sys.path`` (see the child's docstring), and the result is interpreted, mapped and cached exactly as
``synthesize`` does, so findings do not depend on which synthesizer ran.

The child is recycled after ``max_apps`` apps or when its process group grows past ``max_rss_mb`` (jsii keeps a
reference to every object an app created), and restarted after a crash or a timeout (the whole group is killed).
A recycled child is ended in the background while the next one starts. ``WarmSynthesizer`` is a drop-in
``Synthesizer`` for ``api.analyze(..., synthesizer=...)``; several threads may share one (their apps run one at a
time), and ``prestart`` starts its child ahead of the first app.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import iacreview.synth as synth_module
from iacreview.cachedir import cache_root
from iacreview.config import Config
from iacreview.sources.workspace import Workspace
from iacreview.synth import synthesize
from iacreview.synth.result import SynthResult
from iacreview.synth.runner import INTERRUPT_GRACE, RunOutcome, RunRequest, _Tail, child_environment, run_app
from iacreview.synth.sandbox import (
    apply_limits,
    confinement_prefix,
    isolation_prefix,
    kill_process_group,
    limits_prefix,
)

CHILD = Path(__file__).with_name("worker_child.py")
START_TIMEOUT = 180.0
STOP_TIMEOUT = 5.0
# Apps per child before a recycle. A start costs 2-3 s of CPU (Python, Node, aws-cdk-lib); memory is what limits a
# child's life and ``max_rss_mb`` watches it: measured on the development corpus, a child's process group grows from
# about 280 MB (warm) by about 2.3 MB per app (650 MB after 163 apps), so 400 apps stay well under 1500 MB.
MAX_APPS = 400
MAX_RSS_MB = 1500.0
# The growth is gradual, so the memory is read after every few apps: reading it scans every process in /proc.
RSS_CHECK_EVERY = 4
# Variables aws-cdk-lib reads from Node's ``process.env`` per app: the child passes them to ``App`` instead.
_PER_APP = ("CDK_OUTDIR", "CDK_CONTEXT_JSON", "PYTHONPATH")
# Node started once, in the worker's folder; aws-cdk-lib resolves relative asset paths (``Code.from_asset("lambda")``)
# with ``path.resolve``, against Node's working directory. This preload makes Node follow the app's folder: the
# child writes the folder into the file named by IACREVIEW_NODE_CWD_FILE before each app, and ``path.resolve``
# first moves Node there with ``process.chdir`` (the current one: the jsii kernel's graceful-fs wraps it to reset its
# cached ``process.cwd()``), so relative paths resolve exactly as in a one-shot child started in the workspace.
NODE_CWD_HOOK = """'use strict';
const fs = require('fs');
const path = require('path');
const file = process.env.IACREVIEW_NODE_CWD_FILE;
if (file) {
  const resolve = path.resolve;
  let current = '';
  path.resolve = function iacreviewResolve(...args) {
    let wanted = '';
    try { wanted = fs.readFileSync(file, 'utf8'); } catch (e) { wanted = ''; }
    if (wanted && wanted !== current) {
      try { process.chdir(wanted); current = wanted; } catch (e) { /* the folder is gone: stay */ }
    }
    return resolve.apply(this, args);
  };
}
"""


class WorkerError(RuntimeError):
    """The worker could not start (the caller falls back to one process per app)."""


@dataclass
class WorkerStats:
    apps: int = 0
    starts: int = 0
    recycled: int = 0
    restarts: int = 0  # after a crash or a timeout
    start_seconds: float = 0.0


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in group ``pgid`` (Python and Node), from ``/proc``; 0 elsewhere."""
    total_pages = 0
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return 0.0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        # After "(comm)": state ppid pgrp session ... field 24 of the whole line (rss) is index 21 here.
        if len(fields) > 21 and int(fields[2]) == pgid:
            total_pages += int(fields[21])
    return total_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class WarmWorker:
    """One child process; ``run`` has the contract of ``runner.run_app``."""

    def __init__(self, *, validation: bool, jsii_cache: Path | None, account: str, region: str,
                 max_apps: int = MAX_APPS, max_rss_mb: float = MAX_RSS_MB, timeout: float = 120.0) -> None:
        self.validation = validation
        self.jsii_cache = jsii_cache
        self.account = account
        self.region = region
        self.max_apps = max_apps
        self.max_rss_mb = max_rss_mb
        self.timeout = timeout
        self.stats = WorkerStats()
        self._proc: subprocess.Popen[bytes] | None = None
        self._home: tempfile.TemporaryDirectory[str] | None = None
        self._err: _Tail | None = None
        self._buffer = b""
        self._served = 0
        # One app at a time, whichever thread asks; recycled children still shutting down.
        self._lock = threading.RLock()
        self._ending: list[threading.Thread] = []

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _request(self, outdir: Path, cwd: Path, entry: Path, context: dict[str, object], region: str,
                 timeout: float) -> RunRequest:
        return RunRequest(entry=entry, cwd=cwd, outdir=outdir, context=context, account=self.account,
                          region=region, timeout=timeout, validation=self.validation, jsii_cache=self.jsii_cache)

    def start(self) -> None:
        self._home = tempfile.TemporaryDirectory(prefix="iacreview-worker-")
        home = Path(self._home.name)
        (home / "tmp").mkdir()
        base = self._request(home / "cdk.out", home, CHILD, {}, self.region, self.timeout)
        env = {k: v for k, v in child_environment(base, home).items() if k not in _PER_APP}
        (home / "node_cwd_hook.js").write_text(NODE_CWD_HOOK, encoding="utf-8")
        (home / "node_cwd").write_text(str(home), encoding="utf-8")
        env["NODE_OPTIONS"] = f"--require {home / 'node_cwd_hook.js'}"
        env["IACREVIEW_NODE_CWD_FILE"] = str(home / "node_cwd")
        # CPU is counted over the worker's life: a budget for every app it may serve.
        cpu = int(self.timeout + 30) * (self.max_apps + 1)
        limits = limits_prefix(cpu)
        # One mount namespace for many apps: their workspaces, outdirs and homes all live in the temp dir.
        writable = [Path(tempfile.gettempdir()), home]
        if self.jsii_cache is not None:
            writable.append(self.jsii_cache)
        report = home / ".sandbox-report"
        report.touch()
        jail = [*isolation_prefix(), *confinement_prefix(writable, report)]
        started = time.perf_counter()
        self._proc = subprocess.Popen(
            [*limits, *jail, sys.executable, str(CHILD)],
            cwd=home,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if not limits:
            apply_limits(self._proc.pid, cpu_seconds=cpu)
        assert self._proc.stderr is not None
        self._err = _Tail(self._proc.stderr)
        self._buffer = b""
        self._served = 0
        ready = self._read_reply(START_TIMEOUT)
        if ready is None or not ready.get("ready"):
            tail = self._err.text(0.5).strip().splitlines()[-5:]
            self.stop(kill=True)
            raise WorkerError("the synth worker did not start: " + (" | ".join(tail) or "no output"))
        self.stats.starts += 1
        self.stats.start_seconds += time.perf_counter() - started

    def ensure_started(self) -> None:
        """Start the child now if none is running (``WarmSynthesizer.prestart``)."""
        with self._lock:
            if self._proc is None:
                self.start()

    def stop(self, *, kill: bool = False, background: bool = False) -> None:
        """End the child; ``background``: in a thread, so a recycle does not wait for the old child to exit."""
        with self._lock:
            proc, home = self._proc, self._home
            self._proc, self._home = None, None
            if background:
                thread = threading.Thread(target=_end_child, args=(proc, home, kill), name="iacreview-worker-stop")
                thread.start()
                self._ending = [t for t in self._ending if t.is_alive()] + [thread]
                return
            _end_child(proc, home, kill)
            for thread in self._ending:
                thread.join()
            self._ending = []

    def _read_reply(self, timeout: float) -> dict[str, Any] | None:
        """The next JSON line from the child, or None on timeout or end of file."""
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return None
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return None
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        data: dict[str, Any] = json.loads(line)
        return data

    def run(self, request: RunRequest) -> RunOutcome:
        """Run one app in the warm child; a crash or timeout ends the child (the next call starts another)."""
        with self._lock:
            return self._run(request)

    def _run(self, request: RunRequest) -> RunOutcome:
        if self._proc is None:
            self.start()
        assert self._proc is not None and self._proc.stdin is not None
        request.outdir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="iacreview-home-") as home_dir:
            home = Path(home_dir)
            (home / "tmp").mkdir()
            message = {"entry": str(request.entry), "cwd": str(request.cwd),
                       "env": child_environment(request, home)}
            try:
                self._proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
                self._proc.stdin.flush()
            except OSError:
                return self._crashed(started)
            reply = self._read_reply(request.timeout)
            if reply is None and self._proc.poll() is None:
                return self._timed_out(started)
            if reply is None:
                return self._crashed(started)
        self._served += 1
        self.stats.apps += 1
        if self._served >= self.max_apps or (
            self._served % RSS_CHECK_EVERY == 0 and group_rss_mb(self._proc.pid) > self.max_rss_mb
        ):
            self.stats.recycled += 1
            self.stop(background=True)
        return RunOutcome(returncode=int(reply["returncode"]), stdout=str(reply["stdout"]),
                          stderr=str(reply["stderr"]), timed_out=False, seconds=time.perf_counter() - started)

    def _timed_out(self, started: float) -> RunOutcome:
        """SIGINT first so Python prints where the app was stuck, then the group is killed."""
        assert self._proc is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, signal.SIGINT)
        reply = self._read_reply(INTERRUPT_GRACE)
        self.stats.restarts += 1
        self.stop(kill=True)
        stderr = str(reply["stderr"]) if reply else ""
        return RunOutcome(returncode=None, stdout="", stderr=stderr, timed_out=True,
                          seconds=time.perf_counter() - started)

    def _crashed(self, started: float) -> RunOutcome:
        """The child died during the app (``os._exit``, a signal): its exit status and stderr are the result."""
        assert self._proc is not None and self._err is not None
        returncode = self._proc.wait()
        stderr = self._err.text()
        self.stats.restarts += 1
        self.stop(kill=True)
        return RunOutcome(returncode=returncode, stdout="", stderr=stderr, timed_out=False,
                          seconds=time.perf_counter() - started)


def _end_child(proc: subprocess.Popen[bytes] | None, home: tempfile.TemporaryDirectory[str] | None,
               kill: bool) -> None:
    if proc is not None:
        if not kill and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(STOP_TIMEOUT)
        kill_process_group(proc.pid)  # Node (and anything an app spawned) shares the group
        proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
    if home is not None:
        home.cleanup()


class WarmSynthesizer:
    """``synthesize`` with the app run in a warm worker: same plan, cache key, interpretation and cache.

    One worker per (validation, jsii cache, account) setting; callers use one instance per process (threads may
    share it: each worker runs one app at a time). ``close`` (or leaving the ``with`` block) ends the workers.
    """

    def __init__(self, *, max_apps: int = MAX_APPS, max_rss_mb: float = MAX_RSS_MB) -> None:
        self.max_apps = max_apps
        self.max_rss_mb = max_rss_mb
        self._workers: dict[tuple[bool, str, str], WarmWorker] = {}
        self._lock = threading.Lock()
        self.fallbacks = 0

    @property
    def stats(self) -> WorkerStats:
        total = WorkerStats()
        for worker in self._workers.values():
            for name in ("apps", "starts", "recycled", "restarts", "start_seconds"):
                setattr(total, name, getattr(total, name) + getattr(worker.stats, name))
        return total

    def __enter__(self) -> WarmSynthesizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
        for worker in workers:
            worker.stop()

    def _worker(self, config: Config, jsii_cache: Path) -> WarmWorker:
        key = (config.cdk_validation, str(jsii_cache), config.fake_account)
        with self._lock:
            if key not in self._workers:
                self._workers[key] = WarmWorker(
                    validation=config.cdk_validation, jsii_cache=jsii_cache, account=config.fake_account,
                    region=config.default_region, max_apps=self.max_apps, max_rss_mb=self.max_rss_mb,
                    timeout=config.synth_timeout,
                )
            return self._workers[key]

    def prestart(self, config: Config) -> None:
        """Start the worker ``config`` will use, ahead of its first app (a failure is left to that app's call)."""
        if not config.synth:
            return
        jsii_cache = cache_root(config) / "jsii"
        jsii_cache.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(WorkerError, OSError):
            self._worker(config, jsii_cache).ensure_started()

    def __call__(self, workspace: Workspace, config: Config) -> SynthResult:
        """``synthesize`` itself (plan, cache key, interpretation, cache) with the app run by the warm worker."""
        _install_dispatch()
        jsii_cache = cache_root(config) / "jsii"
        _CURRENT.run = self._worker(config, jsii_cache).run
        try:
            return synthesize(workspace, config)
        except WorkerError:
            self.fallbacks += 1  # a worker that cannot start must not change results: one process per app
            _CURRENT.run = None
            return synthesize(workspace, config)
        finally:
            _CURRENT.run = None


class _Current(threading.local):
    run: Callable[[RunRequest], RunOutcome] | None = None


# ``synthesize`` runs apps through ``iacreview.synth.run_app``; the dispatcher sends the calls made on behalf of a
# WarmSynthesizer (in this thread) to its worker and every other call to the one-shot runner, so the two paths
# share every line of planning, caching and interpretation.
_CURRENT = _Current()


def _dispatch(request: RunRequest) -> RunOutcome:
    run = _CURRENT.run
    return run(request) if run is not None else run_app(request)


def _install_dispatch() -> None:
    namespace = vars(synth_module)
    if namespace.get("run_app") is not _dispatch:
        namespace["run_app"] = _dispatch
