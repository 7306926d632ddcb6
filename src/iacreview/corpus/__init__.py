"""Corpus mode: review a whole dataset of task folders in one resumable run (``iacreview corpus DIR``).

``discover`` finds the task folders, ``task`` reviews one (model review, generated MODEL_FAILURES.md, verification
of the written report) and writes its outputs, ``run`` drives the tasks over warm synth workers with a progress
bar and resume, ``summary`` aggregates ``summary.json`` and ``html`` renders the self-contained ``index.html``.
"""

from iacreview.corpus.discover import discover_tasks
from iacreview.corpus.run import CorpusRun, run_corpus

__all__ = ["CorpusRun", "discover_tasks", "run_corpus"]
