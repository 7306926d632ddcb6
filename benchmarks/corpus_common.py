"""What the corpus benchmarks share: one guarded, timed unit of work per answer or task."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any

from iacreview.errors import IacReviewError


def guarded(row: dict[str, Any], work: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Run ``work(row)``; a clean input error or a crash (what these benchmarks count) is recorded in ``row``."""
    started = time.perf_counter()
    try:
        work(row)
    except IacReviewError as error:
        row.update(status="input_error", error=str(error))
    except Exception:  # a crash is exactly what the benchmarks count
        row.update(status="crash", error=traceback.format_exc(limit=6))
    row["seconds"] = time.perf_counter() - started
    return row
