"""A short fuzz run of the three parsers of untrusted text: a clean ``IacReviewError`` or a result, never a crash.

The long run is ``benchmarks/fuzz.py --cases 10000``.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.fuzz_strategies import TARGETS
from iacreview.errors import IacReviewError


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_parser_never_crashes(name: str) -> None:
    target, strategy = TARGETS[name]

    @settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def run(text: str) -> None:
        with contextlib.suppress(IacReviewError):
            target(text)

    run()
