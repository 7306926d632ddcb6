"""Corpus throughput: one cold ``python entry.py`` per app (as a user runs it) vs ``iacreview corpus --workers 2``.

Usage: python benchmarks/corpus_speed.py CORPUS_DIR [--tasks 40] [--workers 2] [--jsii-cache DIR] [--index-from DIR]

Both sides start from a COLD synth cache (fresh temp cache dirs). The jsii package cache
(``JSII_RUNTIME_PACKAGE_CACHE_ROOT``: aws-cdk-lib's tarball extracted once per machine) and iacreview's API index
(built once per aws-cdk-lib version) are copied in warm: both are one-time install costs, not per-run costs.

(a) every MODEL_RESPONSE.md and IDEAL_RESPONSE.md is materialized with ``iacreview.sources.load`` and given the
    same entry as synth (``plan_entry``: the answer's own or the generated harness), then run sequentially as a
    plain ``python <entry>`` child with the user's environment plus ``CDK_OUTDIR``/``CDK_CONTEXT_JSON`` (what
    ``cdk synth`` passes), one cold process each; aws-cdk-lib's built-in validation is on, as for a user.
(b) ``iacreview corpus`` on the same tasks: review, compare and verify per task, repairs included, with warm synth
    workers, ``CDK_VALIDATION=false`` and without the stack traces aws-cdk-lib records per construct
    (``synth.NO_STACK_TRACES``: no check reads them).

It prints seconds per app of each side, the CPU seconds each side's processes used, the throughput ratio (a)/(b),
the load average (the machine may be shared), and whether the findings of (b) equal those of ``iacreview check`` run
one answer at a time (own cold cache). An answer whose findings differ is checked once more (another cold cache):
when the two one-by-one checks differ from each other too, the app itself is not reproducible (it names resources
after the clock or a random number) and it is listed apart, not counted as a difference of (b).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iacreview import api, sources
from iacreview.config import Config
from iacreview.errors import IacReviewError
from iacreview.synth import synth_context
from iacreview.synth.harness import plan_entry
from iacreview.synth.node import node_binary

ANSWERS = ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def children_cpu() -> float:
    """CPU seconds of every finished child process tree so far (children wait for theirs, so this sums them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_cpu(command: list[str]) -> float:
    """Run ``command`` and return the CPU seconds of its whole process tree, read from ``/proc`` while it runs.

    The corpus workers are forked by a fork server, which does not wait for them, so ``RUSAGE_CHILDREN`` misses
    them; every descendant's last-seen CPU time is summed instead (read every 0.25 s, about 1 ms a read)."""
    ticks = os.sysconf("SC_CLK_TCK")
    proc = subprocess.Popen(command)
    tree, seen = {proc.pid}, {}
    while True:
        done = proc.poll() is not None
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            pid, parent = int(entry.name), int(fields[1])
            if pid in tree or parent in tree:
                tree.add(pid)
                seen[(pid, fields[19])] = (int(fields[11]) + int(fields[12])) / ticks
        if done:
            return sum(seen.values())
        time.sleep(0.25)


def fresh_cache(root: Path, jsii: Path, index_from: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(jsii, root / "jsii", symlinks=True)
    for marshal in index_from.glob("cdk-index-*.marshal"):
        shutil.copy2(marshal, root / marshal.name)
    return root


def answers(tasks: list[Path]) -> list[Path]:
    return [task / place / name for task in tasks for name in ANSWERS for place in (".", "lib")
            if (task / place / name).is_file()]


def plain_runs(paths: list[Path], cache: Path, display_root: Path) -> tuple[float, int, int, int]:
    """(seconds, apps run, apps that exited 0, answers with nothing to run)."""
    config = Config(cache_dir=str(cache))
    base_env = dict(os.environ)
    base_env["PATH"] = os.pathsep.join([str(node_binary().parent), base_env.get("PATH", "")])
    base_env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = str(cache / "jsii")
    base_env.pop("CDK_VALIDATION", None)
    total, ran, passed, nothing = 0.0, 0, 0, 0
    for path in paths:
        workspace = sources.load(path, config, display=path.relative_to(display_root).as_posix())
        try:
            plan = plan_entry(workspace, config)
            if plan.entry is None:
                nothing += 1
                continue
            with tempfile.TemporaryDirectory(prefix="bench-cdkout-") as outdir:
                env = dict(base_env, CDK_OUTDIR=outdir, PYTHONPATH=str(workspace.root),
                           CDK_CONTEXT_JSON=json.dumps(synth_context(workspace, config)))
                started = time.perf_counter()
                proc = subprocess.run([sys.executable, str(workspace.path(plan.entry))], cwd=workspace.root,
                                      env=env, capture_output=True, timeout=300, check=False)
                total += time.perf_counter() - started
            ran += 1
            passed += proc.returncode == 0
        finally:
            workspace.cleanup()
    return total, ran, passed, nothing


# A synth error may quote the path of the run's temporary workspace copy ("Cannot find asset at /tmp/iacreview-x/"):
# it differs between any two runs, so it is not part of what must be equal.
_TEMP_COPY = re.compile(re.escape(tempfile.gettempdir()) + r"/iacreview-[^/\s]+")


def finding_keys(review: dict[str, Any]) -> set[tuple[Any, ...]]:
    out = set()
    for f in review["findings"]:
        loc = f["location"]
        where = (loc["path"], loc["line"]) if loc else None
        out.add((f["rule_id"], f["severity"], where, f["resource"], _TEMP_COPY.sub("<workspace>", f["message"])))
    return out


def parity(out_dir: Path, paths: list[Path], tasks_root: Path, cache: Path,
           second_cache: Callable[[int], Path]) -> tuple[int, list[str], list[str]]:
    """Answers compared, those whose ``check`` findings differ from the corpus run's, and the apps that are not
    reproducible (two one-by-one checks, each with a cold cache of its own, differ from each other)."""
    config = Config(cache_dir=str(cache))
    compared = 0
    differ: list[str] = []
    unstable: list[str] = []
    for path in paths:
        task = path.relative_to(tasks_root).parts[0]
        folder = out_dir / task
        if not (folder / "review.json").is_file():
            continue  # a broken task: the corpus summary counts it
        if path.name == "MODEL_RESPONSE.md":
            stored = json.loads((folder / "review.json").read_text())
        elif (folder / "compare.json").is_file():
            stored = json.loads((folder / "compare.json").read_text())["reference"]
        else:
            continue
        try:
            alone = api.check(path, config, display=stored["subject"]).to_json()
        except IacReviewError:
            continue
        compared += 1
        if finding_keys(alone) == finding_keys(stored):
            continue
        second = api.check(path, Config(cache_dir=str(second_cache(compared))), display=stored["subject"]).to_json()
        if finding_keys(second) == finding_keys(stored):
            continue
        (unstable if finding_keys(second) != finding_keys(alone) else differ).append(stored["subject"])
    return compared, differ, unstable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--tasks", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jsii-cache", type=Path, default=Path("/tmp/iacr-cache/jsii"))
    parser.add_argument("--index-from", type=Path, default=Path("/tmp/iacr-cache"))
    parser.add_argument("--skip-parity", action="store_true")
    args = parser.parse_args()
    tasks = sorted(p for p in args.corpus.iterdir() if p.is_dir() and (p / "MODEL_RESPONSE.md").is_file())
    tasks = tasks[: args.tasks]
    scratch = Path(tempfile.mkdtemp(prefix="iacreview-bench-"))
    try:
        linked = scratch / "tasks"
        linked.mkdir()
        for task in tasks:
            (linked / task.name).symlink_to(task.resolve(), target_is_directory=True)
        paths = answers([linked / t.name for t in tasks])
        print(f"{len(tasks)} tasks, {len(paths)} answers; {load()}")
        cache_a = fresh_cache(scratch / "cache-a", args.jsii_cache, args.index_from)
        cpu = children_cpu()
        seconds_a, ran, passed, nothing = plain_runs(paths, cache_a, scratch)
        cpu_a = children_cpu() - cpu
        print(f"(a) plain python entry.py, sequential: {seconds_a:.1f} s for {ran} apps "
              f"({passed} exit 0, {nothing} answers with nothing to run) = {seconds_a / max(ran, 1):.2f} s/app; "
              f"CPU {cpu_a:.1f} s; {load()}")
        cache_b = fresh_cache(scratch / "cache-b", args.jsii_cache, args.index_from)
        out = scratch / "out"
        started = time.perf_counter()
        cpu_b = tree_cpu([sys.executable, "-m", "iacreview", "corpus", str(linked), "--out", str(out), "--workers",
                          str(args.workers), "--cache-dir", str(cache_b), "--no-progress"])
        seconds_b = time.perf_counter() - started
        summary = json.loads((out / "summary.json").read_text())
        totals = summary["totals"]
        print(f"(b) iacreview corpus --workers {args.workers}: {seconds_b:.1f} s for {len(paths)} answers "
              f"({totals['ok']}/{totals['tasks']} tasks reviewed, {totals['errors']} broken) = "
              f"{seconds_b / max(len(paths), 1):.2f} s/app; CPU {cpu_b:.1f} s on {os.cpu_count()} cores; "
              f"synth worker {summary['run']['synth_worker']}; "
              f"phase seconds {summary['run']['phase_seconds']}; {load()}")
        per_a = seconds_a / max(ran, 1)
        per_b = seconds_b / max(len(paths), 1)
        print(f"throughput ratio (a)/(b): {per_a / per_b:.1f}x  (target >= 8)")
        if not args.skip_parity:
            cache_c = fresh_cache(scratch / "cache-c", args.jsii_cache, args.index_from)
            compared, differ, unstable = parity(
                out, paths, linked, cache_c,
                lambda n: fresh_cache(scratch / f"cache-again-{n}", args.jsii_cache, args.index_from))
            verdict = "identical" if not differ else f"DIFFERENT for {len(differ)}: {differ[:5]}"
            apart = f"; not reproducible by the app itself (two checks differ): {unstable}" if unstable else ""
            print(f"findings of (b) vs check one by one (own cold cache): {compared} answers compared, "
                  f"{verdict}{apart}")
            return 1 if differ else 0
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
