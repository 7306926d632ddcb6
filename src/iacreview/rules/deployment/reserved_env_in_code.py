"""DEP022 — Reserved Lambda environment variable set in code.

**What**: a Lambda function's ``environment=`` sets a variable the Lambda runtime reserves (``AWS_REGION``,
``AWS_DEFAULT_REGION``, ``AWS_ACCESS_KEY_ID``, ``_HANDLER`` ...).

**Why**: aws-cdk-lib refuses it while building the construct (``AWS_REGION environment variable is reserved by the
lambda runtime and can not be set manually``), so ``cdk synth`` fails. The runtime sets these itself.

**Fix**: remove the entry; read ``os.environ["AWS_REGION"]`` in the handler, or pass the region under another name
(``REGION``).

**Example**::

    environment={"AWS_REGION": self.region}   # refused by CDK
    environment={"REGION": self.region}       # fine
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.lambda_code import describe, lambda_facts, runtime_data
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id="DEP022",
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="Reserved Lambda environment variable set",
    impact="CDK raises while synthesizing; the stack cannot be deployed.",
    fix="Remove the reserved variable; the runtime provides it (use another name if needed).",
    target=Target.SOURCE,
    keywords=("reserved environment variable", "AWS_REGION", "reserved", "environment variable", "AWS_DEFAULT_REGION"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    reserved = frozenset(runtime_data()["reserved_environment_variables"])
    for function in lambda_facts(ctx).functions:
        for entry in function.environment:
            if entry.key in reserved:
                yield SourceHit(
                    function.relpath,
                    entry.line,
                    f"{describe(function)} sets the reserved environment variable `{entry.key}`: aws-cdk-lib raises "
                    "'environment variable is reserved by the lambda runtime' and synth fails.",
                    column=entry.column,
                    evidence=entry.key,
                )
