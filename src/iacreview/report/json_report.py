"""JSON report of ``iacreview check``: the stable, versioned schema other programs read (DESIGN.md).

The review object is exactly ``Review.to_json()``: the renderer adds nothing that could give a field another
meaning. One subject gives the review object itself (``iacreview/review@1``); any other number of subjects gives an
envelope (``iacreview/reviews@1``) so a reader can tell the two apart by ``schema`` alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iacreview.model import Review

REVIEW_SCHEMA = "iacreview/review@1"
REVIEWS_SCHEMA = "iacreview/reviews@1"


def review_to_json(review: Review) -> dict[str, Any]:
    """One review in the stable schema (``"schema": "iacreview/review@1"``)."""
    document = review.to_json()
    # The schema key is the contract; fail loudly rather than emit a document readers would misparse.
    if document.get("schema") != REVIEW_SCHEMA:
        raise ValueError(f"Review.to_json() produced schema {document.get('schema')!r}, expected {REVIEW_SCHEMA!r}")
    return document


def reviews_to_json(reviews: Sequence[Review]) -> dict[str, Any]:
    """The single review object for one subject, otherwise ``{"schema": "iacreview/reviews@1", "reviews": [...]}``."""
    if len(reviews) == 1:
        return review_to_json(reviews[0])
    return {"schema": REVIEWS_SCHEMA, "reviews": [review_to_json(review) for review in reviews]}
