"""The corpus run loop: skip completed tasks, review the rest over N worker processes, write the summary.

Each worker process reviews one task at a time with its own warm synth worker (``synth.worker``), so N workers
mean N Python+Node pairs that each paid the aws-cdk-lib start-up once. The synth worker is started as soon as the
process is (``prestart``), while the first task is loaded and its static layer runs. With one worker everything
runs in this process (no pool to start). A task that raises is an error row; a worker process that dies takes only
its task with it (the pool is rebuilt). An interrupted run keeps every finished task: the next run skips them.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from iacreview.config import Config
from iacreview.corpus.discover import discover_tasks
from iacreview.corpus.html import index_page
from iacreview.corpus.summary import build_summary
from iacreview.corpus.task import completed_row, fingerprint, review_task
from iacreview.errors import InputError
from iacreview.sources.input_files import input_files
from iacreview.synth.worker import WarmSynthesizer

_STATS = ("apps", "starts", "recycled", "restarts", "start_seconds")


@dataclass
class CorpusRun:
    """What a run did; ``rows`` in task order (resumed rows included)."""

    out_dir: Path
    rows: list[dict[str, Any]]
    reviewed: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r.get("status") != "ok"]


# One warm synthesizer per worker process (or for the in-process run).
_SYNTHESIZER: WarmSynthesizer | None = None


def _synthesizer() -> WarmSynthesizer:
    global _SYNTHESIZER
    if _SYNTHESIZER is None:
        _SYNTHESIZER = WarmSynthesizer()
        atexit.register(_SYNTHESIZER.close)
    return _SYNTHESIZER


def _prestart(config: Config) -> None:
    """Start this process's synth worker in the background (the first app waits for it if it is not ready)."""
    threading.Thread(target=_synthesizer().prestart, args=(config,), name="iacreview-prestart", daemon=True).start()


def _stats() -> dict[str, float]:
    stats = _synthesizer().stats
    return {name: float(getattr(stats, name)) for name in _STATS}


def _task_job(folder: Path, corpus: Path, out_root: Path, config: Config, warm: bool) -> dict[str, Any]:
    """One task in a worker process; ``worker`` in the row is what the synth worker did for it."""
    before = _stats() if warm else {}
    row = review_task(folder, corpus, out_root, config, _synthesizer() if warm else None)
    row["worker"] = {k: round(v - before[k], 3) for k, v in _stats().items()} if warm else {}
    return row


def check_out_dir(corpus: Path, out_dir: Path, tasks: list[Path]) -> None:
    """The outputs must not land in the user's task folders (their files are only ever read)."""
    out = out_dir.resolve()
    for task in [corpus, *tasks]:
        resolved = task.resolve()
        if out == resolved or (task != corpus and resolved in out.parents):
            raise InputError(str(out_dir), f"is inside the input {task}; choose an output folder outside it")


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("[bold]corpus[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("ok {task.fields[ok]} · broken {task.fields[broken]} · resumed {task.fields[resumed]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        disable=console is None,
    )


@contextmanager
def _pool(workers: int, config: Config, warm: bool) -> Iterator[ProcessPoolExecutor]:
    # Workers are forked from a server that has loaded iacreview and cfn-lint's rules once (``preload``); a fork
    # server, not a plain fork, so that no thread or lock of this process is copied into them.
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["iacreview.corpus.preload"])
        context = server
    else:
        context = multiprocessing.get_context("spawn")
    if warm:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_prestart,
                                   initargs=(config,))
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def largest_first(tasks: list[Path]) -> list[Path]:
    """Tasks in the order a pool finishes soonest: the largest inputs first, so that no big task starts last while
    the other workers have nothing left to do (the outputs do not depend on the order)."""
    def size(folder: Path) -> int:
        total = 0
        for path in input_files(folder):  # what the review reads: a task's cdk.out or node_modules is not work
            try:
                total += path.stat().st_size
            except OSError:
                continue
        return total

    return sorted(tasks, key=lambda folder: (-size(folder), folder.name))


def _run_pool(todo: list[Path], workers: int, job: Callable[[Path], tuple[Any, ...]],
              done: Callable[[dict[str, Any]], None], out_root: Path, config: Config, warm: bool) -> None:
    """Keep at most ``workers`` tasks in flight; a dead worker process fails its task and the pool restarts."""
    pending = largest_first(todo)
    while pending:
        with _pool(workers, config, warm) as pool:
            running: dict[Future[dict[str, Any]], Path] = {}
            broken = False
            while (pending or running) and not broken:
                while pending and len(running) < workers:
                    folder = pending.pop(0)
                    running[pool.submit(_task_job, *job(folder))] = folder
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    folder = running.pop(future)
                    try:
                        done(future.result())
                    except BrokenProcessPool:
                        broken = True
                        done(_crash_row(folder, out_root, "the worker process died while reviewing this task"))
                    except Exception as exc:  # the job itself never raises; anything here is the pool's
                        done(_crash_row(folder, out_root, f"{type(exc).__name__}: {exc}"))
            # After a crash the other in-flight tasks are retried in a fresh pool.
            pending = [*running.values(), *pending]


def _crash_row(folder: Path, out_root: Path, error: str) -> dict[str, Any]:
    row = {"schema": "iacreview/corpus-task@1", "task": folder.name, "folder": str(folder), "status": "error",
           "error": error, "fingerprint": fingerprint(folder), "outputs": {}, "seconds": 0.0}
    out = out_root / folder.name
    out.mkdir(parents=True, exist_ok=True)
    (out / "task.json").write_text(json.dumps(row, indent=1), encoding="utf-8")
    return row


def run_corpus(corpus: Path, out_dir: Path, config: Config | None = None, *, workers: int = 1,
               console: Console | None = None, warm: bool = True) -> CorpusRun:
    """Review every task of ``corpus`` into ``out_dir``; completed tasks of an earlier run are kept as they are."""
    config = config or Config()
    started = time.perf_counter()
    if not corpus.is_dir():
        raise InputError(str(corpus), "is not a folder")
    tasks = discover_tasks(corpus)
    check_out_dir(corpus, out_dir, tasks)
    out_dir.mkdir(parents=True, exist_ok=True)
    run = CorpusRun(out_dir=out_dir, rows=[])
    rows: dict[str, dict[str, Any]] = {}
    todo: list[Path] = []
    for folder in tasks:
        previous = completed_row(out_dir / folder.name, fingerprint(folder))
        if previous is not None:
            rows[folder.name] = previous
            run.resumed.append(folder.name)
        else:
            todo.append(folder)
    stats = dict.fromkeys(_STATS, 0.0)
    with _progress(console) as progress:
        bar = progress.add_task("corpus", total=len(tasks), ok=0, broken=0, resumed=len(run.resumed))
        progress.advance(bar, len(run.resumed))

        def done(row: dict[str, Any]) -> None:
            rows[row["task"]] = row
            run.reviewed.append(row["task"])
            for name, value in row.get("worker", {}).items():
                stats[name] = stats.get(name, 0.0) + value
            good = sum(1 for n in run.reviewed if rows[n].get("status") == "ok")
            progress.update(bar, advance=1, ok=good, broken=len(run.reviewed) - good)

        try:
            if workers <= 1:
                if warm and todo:
                    _prestart(config)
                for folder in todo:
                    done(_task_job(folder, corpus, out_dir, config, warm))
            else:
                _run_pool(todo, workers, lambda f: (f, corpus, out_dir, config, warm), done, out_dir, config, warm)
        finally:
            run.rows = [rows[f.name] for f in tasks if f.name in rows]
            run.wall_seconds = time.perf_counter() - started
            write_summary(run, corpus, workers, stats)
    return run


def write_summary(run: CorpusRun, corpus: Path, workers: int, stats: dict[str, float]) -> dict[str, Any]:
    """``summary.json`` and ``index.html`` from the rows so far (also after an interruption)."""
    summary = build_summary(run.rows, corpus=str(corpus), workers=workers, wall_seconds=run.wall_seconds,
                            reviewed_now=len(run.reviewed), resumed=len(run.resumed),
                            worker_stats={k: round(v, 3) for k, v in stats.items()})
    (run.out_dir / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    (run.out_dir / "index.html").write_text(index_page(summary, run.rows), encoding="utf-8")
    return summary
