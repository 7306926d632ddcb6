"""BP010 — deprecated aws_cdk API.

**What.** Use of a class, method, property, enum member or props field that the installed aws-cdk-lib marks as
deprecated, e.g. ``point_in_time_recovery=True`` on a DynamoDB ``Table`` (replaced by
``point_in_time_recovery_specification``), ``log_retention`` on a Lambda ``Function`` (replaced by ``log_group``),
``Stack.add_dependency``. The message quotes the library's own deprecation note, which names the replacement.

**Why.** Deprecated APIs still synthesize but print warnings, may behave in legacy ways (extra custom resources,
legacy runtimes) and are removed in the next major version.

**Fix.** Move to the replacement named in the message.

**Example.**

    dynamodb.Table(self, "T", partition_key=..., point_in_time_recovery=True)
    # 'point_in_time_recovery' (TableProps) is deprecated: use `point_in_time_recovery_specification` instead
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.api_checks import DEPRECATED_API, hits_for
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id=DEPRECATED_API,
    category=Category.BEST_PRACTICE,
    severity=Severity.MEDIUM,
    title="Deprecated aws_cdk API",
    impact="Deprecated APIs print warnings, may keep legacy behaviour and disappear in the next major version.",
    fix="Use the replacement named in the deprecation note.",
    target=Target.SOURCE,
    keywords=("deprecated", "deprecation", "legacy api", "outdated api", "no longer recommended"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    yield from hits_for(ctx, DEPRECATED_API)
