"""The one-line synth summary says when a template is partial and why the repair ladder stopped."""

from __future__ import annotations

from iacreview.model import Repair, SynthOutcome
from iacreview.report.common import describe_synth


def test_partial_template_and_withheld_count_are_said() -> None:
    outcome = SynthOutcome(attempted=True, ok=False, error="AttributeError: x", templates=1, partial=True,
                           withheld=2, repairs=(Repair(what="took out `x.y()`", location=None, kind="excise"),))
    text = describe_synth(outcome)
    assert text.startswith("repaired with 1 repair (1 template, partial")
    assert "2 finding(s) withheld" in text


def test_why_the_ladder_stopped_is_said() -> None:
    outcome = SynthOutcome(attempted=True, ok=False, error="SyntaxError: invalid syntax",
                           ladder_stopped="no certain repair for: SyntaxError: invalid syntax\nmore")
    assert describe_synth(outcome).endswith("(repairs stopped: no certain repair for: SyntaxError: invalid syntax)")
    assert "repairs stopped" not in describe_synth(SynthOutcome(attempted=True, ok=False, error="boom"))
