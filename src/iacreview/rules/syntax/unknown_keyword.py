"""SYN011 — unknown keyword argument (or extra positional argument) in an aws_cdk call.

**What.** A constructor, static method or method of aws-cdk-lib called with a keyword argument it does not take
(``s3.Bucket(self, "B", versioning=True)``; the property is ``versioned``), an argument given twice, or more
positional arguments than the signature has. Keyword arguments of aws_cdk calls are the fields of the props
struct, so the check covers every ``*Props`` field.

**Why.** Python raises ``TypeError: Bucket.__init__() got an unexpected keyword argument 'versioning'`` and the
synth fails.

**Fix.** Use the property name the message suggests; check the props of the construct in the installed version.
Calls of your own subclasses are checked against your own ``__init__``, not against the CDK one.

**Example.**

    _lambda.Function(self, "Fn", runtime=..., handler="index.handler", code=..., timeout_seconds=30)
    # Function.__init__() got an unexpected keyword argument 'timeout_seconds' (did you mean 'timeout'?)
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.api_checks import UNKNOWN_KEYWORD, hits_for
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id=UNKNOWN_KEYWORD,
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Unknown keyword argument in aws_cdk call",
    impact="Python raises TypeError at synth time; the app never deploys.",
    fix="Use a keyword argument the construct or method accepts (see the suggestion in the message).",
    target=Target.SOURCE,
    keywords=("unexpected keyword", "keyword argument", "typeerror", "invalid parameter", "invalid property",
              "wrong parameter", "positional argument"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    yield from hits_for(ctx, UNKNOWN_KEYWORD)
