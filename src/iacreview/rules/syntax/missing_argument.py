"""SYN012 — missing required argument in an aws_cdk call.

**What.** A constructor or method of aws-cdk-lib called without an argument it requires: a positional parameter
(``s3.Bucket(self)`` lacks the construct id) or a required props field (``_lambda.Function`` needs ``runtime``,
``handler`` and ``code``). Calls that pass ``**kwargs`` or ``*args`` are not judged: what they carry is unknown.

**Why.** Python raises ``TypeError: Function.__init__() missing 1 required keyword-only argument: 'runtime'`` and
the synth fails.

**Fix.** Pass the missing argument(s) named in the message.

**Example.**

    apigw.AccessLogFormat.json_with_standard_fields()
    # AccessLogFormat.json_with_standard_fields() missing 9 required keyword-only arguments: 'caller', ...
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.api_checks import MISSING_ARGUMENT, hits_for
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id=MISSING_ARGUMENT,
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Missing required argument in aws_cdk call",
    impact="Python raises TypeError at synth time; the app never deploys.",
    fix="Pass every required argument of the construct or method.",
    target=Target.SOURCE,
    keywords=("missing required", "required argument", "required keyword", "required property", "typeerror",
              "missing argument"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    yield from hits_for(ctx, MISSING_ARGUMENT)
