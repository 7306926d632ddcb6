"""DEP001 — The app fails to synthesize.

**What**: running the app (``python tap.py``, or the standard entry iacreview generates when the answer has none)
raises an exception before a cloud assembly is written: an unknown attribute (``lambda_.Runtime.PYTHON_3_13X``),
an unexpected keyword argument, a missing import, an assignment to a read-only property
(``self.environment = ...`` on a ``Stack``), or a validation error raised by aws-cdk-lib itself (a reserved Lambda
environment variable, ``Cannot find asset at ...``).

**Why**: ``cdk synth`` / ``cdk deploy`` stop at the first exception; nothing is deployed and every later review of
the template is moot. The finding points at the deepest line of the user's code in the traceback, which is where
the fix goes.

**Fix**: correct the line named in the finding (the evidence shows the end of the traceback). Typical fixes: use
an attribute that exists in the installed aws-cdk-lib, drop or rename the keyword, store values under another
attribute name than ``environment``/``region``/``account``, import what is used, provide the asset folder.

**Example**::

    runtime=_lambda.Runtime.PYTHON_3_13X,   # AttributeError: type object 'Runtime' has no attribute ...
    self.environment = "dev"                 # AttributeError: property 'environment' ... has no setter
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

META = RuleMeta(
    id="DEP001",
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="Synthesis fails",
    impact="cdk synth raises an exception; no template is produced and nothing deploys.",
    fix="Fix the line the traceback points at (see the evidence) and synthesize again.",
    target=Target.SYNTH,
    keywords=(
        "synth fails",
        "synthesis fails",
        "cdk synth",
        "fails to synthesize",
        "deployment fails",
        "will not deploy",
        "traceback",
        "exception",
        "runtime error",
        "cannot deploy",
    ),
)
