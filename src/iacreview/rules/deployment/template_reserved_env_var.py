"""DEP043 — reserved Lambda environment variable set in the template.

**What.** An ``AWS::Lambda::Function`` whose ``Environment.Variables`` sets a key the Lambda runtime reserves:
``AWS_REGION``, ``AWS_DEFAULT_REGION``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``,
``AWS_EXECUTION_ENV``, ``AWS_LAMBDA_FUNCTION_NAME`` and the other ``AWS_LAMBDA_*`` runtime keys, ``_HANDLER``,
``_X_AMZN_TRACE_ID``, ``LAMBDA_TASK_ROOT``, ``LAMBDA_RUNTIME_DIR`` (the list in the Lambda developer guide,
"Defined runtime environment variables"). Keys the guide calls unreserved (``AWS_LAMBDA_EXEC_WRAPPER``,
``AWS_XRAY_CONTEXT_MISSING``, ``AWS_XRAY_DAEMON_ADDRESS``, ``TZ``, ``PATH`` ...) are not reported.

**Why.** Lambda rejects the function ("Lambda was unable to configure your environment variables because the
environment variables you have provided contains reserved keys"), so the deployment fails. The values are
available at run time anyway.

**Fix.** Remove the key; read ``os.environ["AWS_REGION"]`` in the handler (the runtime sets it), or pass the value
under another name (``APP_REGION``).
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import lambda_env_vars
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP043",
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="Reserved Lambda environment variable",
    impact="Lambda rejects the function configuration, so the deployment fails.",
    fix="Remove the reserved key (the runtime provides it) or pass the value under another name.",
    target=Target.TEMPLATE,
    keywords=("reserved", "environment variable", "aws_region", "reserved key", "lambda environment"),
    doc=(__doc__ or "").strip(),
)

RESERVED_ENV_VARS = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_RUNTIME_API",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::Lambda::Function"):
        reserved = sorted(k for k in lambda_env_vars(resource) if k in RESERVED_ENV_VARS)
        if reserved:
            keys = ", ".join(reserved)
            yield Hit(
                logical_id,
                f"Lambda function {logical_id} sets reserved environment variable(s) {keys}; "
                "Lambda rejects the configuration.",
                evidence=keys,
            )
