"""Minimal, certain repairs after a synth error, so broken answers still get a template review."""

from __future__ import annotations

from iacreview.repair.kinds import ApiOracle, AppliedRepair, NoOracle
from iacreview.repair.ladder import LadderResult, run_ladder

__all__ = ["ApiOracle", "AppliedRepair", "LadderResult", "NoOracle", "run_ladder"]
