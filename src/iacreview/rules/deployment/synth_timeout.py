"""DEP002 — Synthesis did not finish in time.

**What**: the app was still running when the synth time limit (``synth_timeout``, 120 s by default) ran out; the
process group was killed. The location is where Python was when it was interrupted, when that is known.

**Why**: a synth that does not end points at an endless loop, a blocking call (``input()``, a network request,
``time.sleep``) or a lookup that waits for something in the app's top-level code. ``cdk synth`` in a pipeline
hangs the same way.

**Fix**: remove blocking work from construction code: no network calls, prompts or waits while building
constructs; pass values in through context or parameters instead.

**Example**::

    while not ready():        # polls forever at synth time
        time.sleep(5)
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

META = RuleMeta(
    id="DEP002",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="Synthesis timed out",
    impact="cdk synth does not finish; the app cannot be deployed from a pipeline.",
    fix="Remove blocking work (network calls, waits, prompts, endless loops) from construction code.",
    target=Target.SYNTH,
    keywords=("timeout", "timed out", "hangs", "synth hangs", "never finishes", "infinite loop"),
)
