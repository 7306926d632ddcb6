"""The sandbox around a child process that runs model-written code.

Stable API (used by ``synth.runner`` and by the warm synth worker; keep these names and signatures):

- ``scrubbed_environment(home: Path, *, extra: Mapping[str, str] | None = None,
  jsii_cache: Path | None = None) -> dict[str, str]``
  The child's whole environment, built from scratch: PATH (wheel Node first), LANG, HOME=``home``,
  TMPDIR=``home/tmp`` (created), Python/jsii quiet flags, ``JSII_NODE``; then ``extra`` (CDK_* variables and the
  like). Nothing else is inherited: no AWS credentials, profiles or tokens.
- ``isolation_prefix() -> list[str]``
  argv prefix that runs the child in new user/net/pid(/mount) namespaces (``unshare ...``), or ``[]`` where the
  platform refuses them. Probed once per process.
- ``apply_limits(pid: int, *, cpu_seconds: int) -> None``
  Resource limits on a running ``pid`` (prlimit): core 0, file size, CPU, data (memory), open files.
- ``kill_process_group(pid: int) -> None``
  SIGKILL to the process group ``pid`` (the child is started with ``start_new_session=True``); never raises.

Further helpers (also stable): ``limits_prefix(cpu_seconds) -> list[str]`` (``prlimit`` argv that sets the limits
on itself before exec, so every descendant inherits them; ``[]`` without the binary), ``confinement_prefix(writable,
report) -> list[str]`` (the in-namespace setup script: per-namespace process cap, read-only mounts except
``writable``, leftover-process report; ``[]`` unless the full namespace set is available) and ``measures()``
(which measures this machine supports, for ``iacreview doctor``).

Layers, outermost first: ``prlimit`` (rlimits) → ``unshare`` (user, network, pid, mount namespaces) → ``sh``
setup script running as pid 1 of the new pid namespace → ``python <entry>``. When pid 1 exits, the kernel kills
every process left in the namespace, so a daemonized child never outlives the run.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iacreview.synth.node import node_binary

# Per-process data segment (heap + private writable mappings). V8 reserves its address space PROT_NONE, which
# RLIMIT_DATA does not count (RLIMIT_AS would), so Node runs normally under it; a synth of a large app uses < 1 GB.
MEMORY_LIMIT = 3 * 1024 * 1024 * 1024
FILE_SIZE_LIMIT = 512 * 1024 * 1024
# Highest pid of the app's pid namespace (Linux >= 6.14 keeps pid_max per namespace); pids below 300 are
# reserved after wrap-around, so about 500 processes at once. A synth uses 2 (Python, Node).
PID_MAX = 800
# Bytes of stdout/stderr read before the rest is counted and discarded.
OUTPUT_CAP = 1024 * 1024

# jsii prints a banner for Node versions it has not tested; the wheel's Node is a known quantity.
_JSII_QUIET = {
    "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_KNOWN_BROKEN_NODE_VERSION": "1",
    # Deprecation warnings of aws-cdk-lib APIs: the static layer reports deprecated APIs with a line.
    "JSII_DEPRECATED": "quiet",
}


def scrubbed_environment(
    home: Path, *, extra: Mapping[str, str] | None = None, jsii_cache: Path | None = None
) -> dict[str, str]:
    """The child's whole environment, built from scratch: nothing inherited but PATH and LANG.

    HOME and TMPDIR point into ``home`` (a private temp dir), so ``~/.aws/credentials``, ``~/.ssh`` and
    friends do not exist for the app, and temp files land where the run deletes them.
    """
    node = node_binary()
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    shims = _docker_shim(home)
    env = {
        "PATH": os.pathsep.join([str(shims), str(node.parent), os.environ.get("PATH", os.defpath)]),
        "CDK_DOCKER": str(shims / "docker"),
        "LANG": os.environ.get("LANG", "C.UTF-8") or "C.UTF-8",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
        "JSII_NODE": str(node),
        **_JSII_QUIET,
    }
    if jsii_cache is not None:
        env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = str(jsii_cache)
    env.update(extra or {})
    return env


_DOCKER_SHIM = """#!/bin/sh
echo "docker is not available inside the iacreview sandbox (asset bundling is not run)" >&2
exit 1
"""


def _docker_shim(home: Path) -> Path:
    """A ``docker`` that always fails, first on PATH and named by ``CDK_DOCKER``: asset bundling (``NodejsFunction``
    without esbuild, ``PythonFunction``) would otherwise start real containers from inside the sandbox."""
    shims = home / "bin"
    shims.mkdir(parents=True, exist_ok=True)
    docker = shims / "docker"
    docker.write_text(_DOCKER_SHIM, encoding="utf-8")
    docker.chmod(0o755)
    return shims


def limit_table(cpu_seconds: int) -> list[tuple[int, tuple[int, int]]]:
    """The child's resource limits. No RLIMIT_AS: V8 reserves a huge address space and would die."""
    return [
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT)),
        (resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5)),
        (resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT)),
    ]


_PRLIMIT_FLAGS = {
    resource.RLIMIT_CORE: "--core",
    resource.RLIMIT_FSIZE: "--fsize",
    resource.RLIMIT_CPU: "--cpu",
    resource.RLIMIT_DATA: "--data",
}


def apply_limits(pid: int, *, cpu_seconds: int) -> None:
    """Set the limits on a running ``pid`` (Linux prlimit). Children it forks later inherit them."""
    for kind, value in limit_table(cpu_seconds):
        with contextlib.suppress(ValueError, OSError, AttributeError):
            resource.prlimit(pid, kind, value)


def limits_prefix(cpu_seconds: int) -> list[str]:
    """``prlimit --core=0:0 ... --`` argv: the limits are in place before the first instruction of the child."""
    binary = shutil.which("prlimit")
    if binary is None or not sys.platform.startswith("linux"):
        return []
    flags = [f"{_PRLIMIT_FLAGS[kind]}={soft}:{hard}" for kind, (soft, hard) in limit_table(cpu_seconds)]
    return [binary, *flags]


def kill_process_group(pid: int) -> None:
    """SIGKILL the process group ``pid``; a group that is already gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


_FULL = ("--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child", "--mount", "--mount-proc")
_NET_ONLY = ("--net", "--map-root-user")


@lru_cache(maxsize=1)
def _namespaces() -> tuple[tuple[str, ...], bool]:
    """(unshare argv, full) — the strongest namespace set that works here. Probed once: it cannot change."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return (), False
    for flags, full in ((_FULL, True), (_NET_ONLY, False)):
        prefix = (unshare, *flags)
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=5, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return prefix, full
    return (), False


def isolation_prefix() -> list[str]:
    """``unshare`` argv: new user + network (+ pid + mount) namespaces, or ``[]`` where the platform refuses.

    The network namespace is empty (not even loopback is up): the app reaches neither AWS nor the host.
    """
    return list(_namespaces()[0])


# Runs as pid 1 of the app's pid namespace, as root of its user namespace. Arguments:
#   $1 pid_max, $2 report file, $3 number of writable dirs, then the dirs, then the command.
# It caps the namespace's pids, bind-mounts the writable dirs onto themselves, remounts every other mount
# read-only (also /proc and the cgroup mounts, so the caps cannot be lifted), runs the command, and reports
# processes still alive when it ended (the kernel kills them when pid 1 exits).
_SETUP = r"""
pid_max=$1; report=$2; n=$3; shift 3
echo "$pid_max" > /proc/sys/kernel/pid_max 2>/dev/null && echo pidmax >> "$report"
keep="
"
while [ "$n" -gt 0 ]; do
  mount --bind "$1" "$1" 2>/dev/null && keep="$keep$1
"
  shift; n=$((n - 1))
done
ro=1
while read -r _ _ _ _ point _; do
  case "$keep" in *"
$point
"*) continue ;; esac
  mount -o remount,bind,ro "$point" 2>/dev/null || { [ "$point" = / ] && ro=0; }
done < /proc/self/mountinfo
[ "$ro" = 1 ] && echo readonly >> "$report"
# The cwd still points into the mount below the bind mount: enter it again through the path.
cd "$(pwd)" || exit 96
"$@"
status=$?
tries=0
while :; do
  left=0
  for proc in /proc/[0-9]*; do
    [ "${proc#/proc/}" = 1 ] && continue
    read -r stat < "$proc/stat" 2>/dev/null || continue
    case "${stat##*) }" in Z*) ;; *) left=$((left + 1)) ;; esac
  done
  tries=$((tries + 1))
  { [ "$left" = 0 ] || [ "$tries" -ge 10 ]; } && break
  sleep 0.1
done
echo "leftover $left" >> "$report"
exit $status
"""


def confinement_prefix(writable: Sequence[Path], report: Path) -> list[str]:
    """The setup script's argv (to put after ``isolation_prefix()``), or ``[]`` without the full namespace set.

    ``writable`` stay writable (workspace copy, private HOME, outdir, jsii cache); the rest of the filesystem is
    read-only for the app. ``report`` receives one line per active measure and ``leftover N``.
    """
    if not _namespaces()[1]:
        return []
    # Both the path as given and its real path stay writable: a cache dir reached through a symlink is written at
    # its target, and the app may use either name.
    paths = list(dict.fromkeys(str(q) for p in writable for q in (p, Path(p).resolve())))
    return ["/bin/sh", "-c", _SETUP, "iacreview-sandbox", str(PID_MAX), str(report), str(len(paths)), *paths]


@dataclass(frozen=True)
class Measure:
    """One sandbox measure and whether it is active on this machine."""

    name: str
    active: bool
    detail: str


@lru_cache(maxsize=1)
def _confinement_probe() -> frozenset[str]:
    """Run the setup script once around ``true`` and read what it managed to put in place."""
    import tempfile

    prefix = isolation_prefix()
    with tempfile.TemporaryDirectory(prefix="iacreview-probe-") as scratch:
        report = Path(scratch) / "report"
        report.touch()
        argv = [*prefix, *confinement_prefix([Path(scratch)], report), "true"]
        if not prefix or len(argv) == len(prefix) + 1:
            return frozenset()
        try:
            subprocess.run(argv, capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return frozenset()
        return frozenset(line.split()[0] for line in report.read_text().splitlines() if line.strip())


def measures() -> list[Measure]:
    """Which sandbox measures are active on this machine (probed, not assumed)."""
    prefix, full = _namespaces()
    probe = _confinement_probe()
    rlimits = bool(limits_prefix(1)) or hasattr(resource, "prlimit")
    gib = MEMORY_LIMIT / 1024**3
    return [
        Measure("scrubbed environment", True, "built from scratch; private HOME and TMPDIR; no AWS credentials"),
        Measure("network namespace", bool(prefix), "empty network namespace (unshare --net)" if prefix
                else "unshare refused: the app could reach the network"),
        Measure("memory limit", rlimits, f"RLIMIT_DATA {gib:g} GiB per process" if rlimits else "no prlimit"),
        Measure("process limit", "pidmax" in probe, f"pid_max {PID_MAX} in a private pid namespace"
                if "pidmax" in probe else "no per-namespace pid_max (needs Linux >= 6.14 and user namespaces); "
                "RLIMIT_NPROC is not enforced for root"),
        Measure("file size limit", rlimits, f"RLIMIT_FSIZE {FILE_SIZE_LIMIT // 1024**2} MiB" if rlimits
                else "no prlimit"),
        Measure("CPU time limit", rlimits, "RLIMIT_CPU = timeout + 30 s" if rlimits else "no prlimit"),
        Measure("output cap", True, f"{OUTPUT_CAP // 1024} KiB read per stream, the rest discarded"),
        Measure("read-only filesystem", "readonly" in probe, "everything read-only but the run's temp dirs"
                if "readonly" in probe else "mount namespace refused: the app can write where the user can"),
        Measure("leftover processes killed", full, "private pid namespace, torn down when the app exits"
                if full else "process group only: a daemon that calls setsid() survives"),
    ]
