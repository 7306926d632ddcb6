"""Corpus mode end to end on a three-task corpus: outputs, resume, a broken task, parity with ``check``, HTML."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corpus.corpus_fixtures import snapshot, write_corpus
from iacreview import api
from iacreview.cli import app
from iacreview.config import Config
from iacreview.corpus import run_corpus
from iacreview.corpus.run import CorpusRun
from iacreview.model import Review

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run on a subset (as if interrupted after one task), then on the whole corpus into the same folder."""
    base = tmp_path_factory.mktemp("corpus")
    corpus = base / "tasks"
    tasks = write_corpus(corpus)
    before = snapshot(corpus)
    config = Config(cache_dir=str(base / "cache"))
    out = base / "out"
    partial = base / "partial"
    partial.mkdir()
    shutil.copytree(tasks["bucket"], partial / "bucket")
    first = run_corpus(partial, out, config, workers=1)
    first_marker = (out / "bucket" / "task.json").stat().st_mtime_ns
    second = run_corpus(corpus, out, config, workers=1)
    return {"base": base, "corpus": corpus, "out": out, "config": config, "first": first, "second": second,
            "before": before, "first_marker": first_marker}


def test_interrupted_run_resumes_without_redoing_finished_tasks(corpus_run: dict[str, Any]) -> None:
    first: CorpusRun = corpus_run["first"]
    second: CorpusRun = corpus_run["second"]
    assert first.reviewed == ["bucket"]
    assert second.resumed == ["bucket"]
    assert sorted(second.reviewed) == ["badenum", "promptonly"]
    assert (corpus_run["out"] / "bucket" / "task.json").stat().st_mtime_ns == corpus_run["first_marker"]


def test_broken_task_is_recorded_and_the_batch_goes_on(corpus_run: dict[str, Any]) -> None:
    summary = json.loads((corpus_run["out"] / "summary.json").read_text())
    rows = {r["task"]: r for r in summary["tasks"]}
    assert set(rows) == {"bucket", "badenum", "promptonly"}
    assert rows["promptonly"]["status"] == "error"
    assert "MODEL_RESPONSE.md" in rows["promptonly"]["error"]
    assert rows["bucket"]["status"] == rows["badenum"]["status"] == "ok"
    assert summary["totals"] == summary["totals"] | {"tasks": 3, "ok": 2, "errors": 1, "resumed": 1}


def test_outputs_per_task_and_user_files_untouched(corpus_run: dict[str, Any]) -> None:
    out: Path = corpus_run["out"]
    for name in ("review.md", "review.json", "MODEL_FAILURES.md", "compare.json", "verify.md", "verify.json",
                 "page.html", "task.json"):
        assert (out / "bucket" / name).is_file(), name
    assert not (out / "badenum" / "verify.json").exists()  # that task has no written report
    generated = (out / "bucket" / "MODEL_FAILURES.md").read_text()
    assert "bucket/MODEL_RESPONSE.md" in generated
    verify = json.loads((out / "bucket" / "verify.json").read_text())
    assert len(verify["claims"]) == 2
    bad = json.loads((out / "badenum" / "review.json").read_text())
    assert bad["synth"]["ok"] is False
    assert snapshot(corpus_run["corpus"]) == corpus_run["before"]


def _finding_set(review: Review) -> set[tuple[Any, ...]]:
    return {(f.rule_id, f.severity.value, str(f.location), f.resource, f.message) for f in review.findings}


def test_worker_findings_equal_check_one_by_one(corpus_run: dict[str, Any]) -> None:
    """``check`` with its own cache (one process per synth) finds exactly what the corpus run found."""
    corpus: Path = corpus_run["corpus"]
    own_cache = Config(cache_dir=str(corpus_run["base"] / "check-cache"))
    for answer in (corpus / "bucket" / "MODEL_RESPONSE.md", corpus / "badenum" / "lib" / "MODEL_RESPONSE.md"):
        task = answer.relative_to(corpus).parts[0]
        stored = json.loads((corpus_run["out"] / task / "review.json").read_text())
        display = stored["subject"]  # "partial/bucket/..." for the task reviewed before the interruption
        from_run = {(f["rule_id"], f["severity"], _where(f["location"]), f["resource"], f["message"])
                    for f in stored["findings"]}
        alone = api.check(answer, own_cache, display=display)
        assert from_run == _finding_set(alone), task
        assert from_run  # both answers have findings: an empty comparison would prove nothing


def _where(location: dict[str, Any] | None) -> str:
    if location is None:
        return "None"
    from iacreview.model import Location

    return str(Location(location["path"], location["line"], location.get("column"), location.get("end_line")))


def test_output_folder_inside_a_task_is_refused(corpus_run: dict[str, Any]) -> None:
    corpus: Path = corpus_run["corpus"]
    result = CliRunner().invoke(app, ["corpus", str(corpus), "--out", str(corpus / "bucket" / "out"),
                                      "--no-synth", "--no-progress", "--workers", "1"])
    assert result.exit_code == 2
    assert not (corpus / "bucket" / "out").exists()


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install chromium)"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}"]
    return subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def test_index_html_renders_in_a_real_browser(corpus_run: dict[str, Any], tmp_path: Path) -> None:
    index = corpus_run["out"] / "index.html"
    html = index.read_text()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    dom = _chromium("--dump-dom", index.as_uri(), tmp=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for expected in ('id="chart-failures"', 'id="chart-synth"', 'id="chart-verdicts"', "bucket/page.html",
                     "badenum", "promptonly", "<rect"):
        assert expected in dom.stdout, expected
    shot = tmp_path / "index.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1280,1000", index.as_uri(), tmp=tmp_path)
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    page = _chromium("--dump-dom", (corpus_run["out"] / "bucket" / "page.html").as_uri(), tmp=tmp_path)
    assert 'id="findings"' in page.stdout and 'id="claims"' in page.stdout


def test_a_pool_takes_the_largest_tasks_first(tmp_path: Path) -> None:
    from iacreview.corpus.run import largest_first

    sizes = {"small": 10, "large": 5000, "medium": 700, "also-medium": 700}
    for name, size in sizes.items():
        (tmp_path / name / "lib").mkdir(parents=True)
        (tmp_path / name / "lib" / "MODEL_RESPONSE.md").write_text("x" * size, encoding="utf-8")
    (tmp_path / "small" / "node_modules").mkdir()
    (tmp_path / "small" / "node_modules" / "big.js").write_text("x" * 9000, encoding="utf-8")  # not an input
    order = largest_first([tmp_path / n for n in sizes])
    assert [p.name for p in order] == ["large", "also-medium", "medium", "small"]


def test_a_task_fingerprint_reads_its_inputs_only(tmp_path: Path) -> None:
    from iacreview.corpus.task import fingerprint

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text("answer", encoding="utf-8")
    first = fingerprint(tmp_path)
    for generated in ("cdk.out", "node_modules", ".venv"):
        (tmp_path / generated).mkdir()
        (tmp_path / generated / "x.json").write_text("{}", encoding="utf-8")
    assert fingerprint(tmp_path) == first  # a synth's output or installed packages do not make the task new
    (tmp_path / "lib" / "PROMPT.md").write_text("prompt", encoding="utf-8")
    assert fingerprint(tmp_path) != first
