"""The warm synth worker: recycling after N apps, and a worker result is the very entry ``synthesize`` caches."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from iacreview.config import Config
from iacreview.sources.workspace import InputKind, SourceFile, Workspace
from iacreview.synth import synthesize
from iacreview.synth.worker import RSS_CHECK_EVERY, WarmSynthesizer

APP = """\
import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs

app = cdk.App()
stack = cdk.Stack(app, "Queue{n}")
sqs.Queue(stack, "Jobs{n}")
# A relative asset path resolves against the app's folder (Node was started elsewhere, once).
lambda_.Function(stack, "Worker", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                 code=lambda_.Code.from_asset("handler"))
app.synth()
"""


def _workspace(root: Path, text: str) -> Workspace:
    root.mkdir(parents=True)
    workspace = Workspace(subject=f"{root.name}.md", kind=InputKind.PROJECT, root=root, entry="app.py")
    workspace.add_file(SourceFile(relpath="app.py", origin="app.py", first_line=1), text)
    workspace.add_file(SourceFile(relpath="handler/index.py", origin="handler/index.py", first_line=1),
                       "def handler(event, context):\n    return event\n")
    return workspace


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_worker_recycles_after_n_apps_and_shares_the_cache(tmp_path: Path) -> None:
    """Started ahead of the first app, shared by three threads (one app at a time), recycled after two apps."""
    config = Config(cache_dir=str(tmp_path / "cache"))
    with WarmSynthesizer(max_apps=2) as warm:
        warm.prestart(config)
        assert (warm.stats.starts, warm.stats.apps) == (1, 0)
        (worker,) = warm._workers.values()
        first_child = worker.pid
        assert first_child is not None and _alive(first_child)
        with ThreadPoolExecutor(max_workers=3) as threads:
            results = list(threads.map(lambda n: warm(_workspace(tmp_path / f"app{n}", APP.format(n=n)), config),
                                       range(3)))
        stats = warm.stats
        second_child = worker.pid
    assert second_child is not None and second_child != first_child
    assert not _alive(first_child) and not _alive(second_child)  # the recycled child too, once closed
    assert [r.ok for r in results] == [True, True, True], [r.error for r in results]
    assert [r.templates[0].name for r in results] == ["Queue0", "Queue1", "Queue2"]
    # Module state does not leak between apps: each template has only its own queue.
    assert all(f"Jobs{n}" in str(r.templates[0].body) for n, r in enumerate(results))
    assert "Jobs0" not in str(results[1].templates[0].body)
    assert (stats.apps, stats.starts, stats.recycled, warm.fallbacks) == (3, 2, 1, 0)
    # The same app (same subject and files) elsewhere: ``synthesize`` finds the worker's result in the cache.
    again = synthesize(_workspace(tmp_path / "elsewhere" / "app0", APP.format(n=0)), config)
    assert again.cached and again.ok and again.templates[0].name == "Queue0"


def test_worker_recycles_when_its_memory_grows_past_the_limit(tmp_path: Path) -> None:
    """Memory is read after every ``RSS_CHECK_EVERY`` apps; a child past ``max_rss_mb`` is then replaced."""
    config = Config(cache_dir=str(tmp_path / "cache"))
    with WarmSynthesizer(max_rss_mb=1.0) as warm:
        results = []
        for n in range(RSS_CHECK_EVERY + 1):
            results.append(warm(_workspace(tmp_path / f"app{n}", APP.format(n=n)), config))
            expected = 1 if n + 1 >= RSS_CHECK_EVERY else 0
            assert warm.stats.recycled == expected, (n, warm.stats)
        stats = warm.stats
    assert all(r.ok for r in results), [r.error for r in results]
    assert (stats.apps, stats.starts, stats.recycled) == (RSS_CHECK_EVERY + 1, 2, 1)
