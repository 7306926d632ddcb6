"""``compare``: a candidate answer against a reference, as the failures a careful reviewer would list."""

from __future__ import annotations

from iacreview.compare.core import CompareFailure, Comparison, Side, compare

__all__ = ["CompareFailure", "Comparison", "Side", "compare"]
