"""SYN001 — the answer is truncated.

**What.** The Markdown answer stops in the middle of its code: the last code fence is never closed, or the last
Python block ends mid-statement (an unclosed bracket or string, a block header with no body, an expression cut
off at the last line).

**Why it matters.** A cut-off file cannot even be parsed, so the app cannot synthesize or deploy, and every
resource the answer meant to define after the cut is missing. Reviews of the rest of the code are partial.

**How to fix.** Regenerate or complete the answer so that every file is whole: close every bracket, string and
fence, and make sure the entry point (``app.synth()``) and the end of each stack are present.

**Example (fails).**

    ```python
    class TapStack(Stack):
        def __init__(self, scope, construct_id, **kwargs):
            super().__init__(scope, construct_id, **kwargs)
            bucket = s3.Bucket(self, "Data",
                versioned=True,

**Example (passes).** The same block with the call closed, the class finished and the fence closed.

The finding is raised while the answer is loaded (``iacreview.sources``), at the last line of the cut block.
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

META = RuleMeta(
    id="SYN001",
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Answer is truncated",
    impact="The code stops mid-file, so it cannot be parsed, synthesized or deployed, and everything after the cut "
           "is missing.",
    fix="Complete the answer: close every bracket, string and code fence and include the rest of the file.",
    target=Target.SOURCE,
    keywords=("truncated", "incomplete", "cut off", "unfinished", "never closed", "abruptly", "incomplete code",
              "missing closing"),
    doc=__doc__ or "",
)
