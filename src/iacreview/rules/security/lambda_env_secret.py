"""SEC005 — literal secret in a Lambda environment variable.

**What.** An ``AWS::Lambda::Function`` environment variable whose name suggests a secret (``PASSWORD``, ``SECRET``,
``TOKEN``, ``API_KEY``, ``PRIVATE_KEY``, ``CREDENTIAL``) holding a literal, non-empty value. Names that carry a
reference rather than the secret (``..._ARN``, ``..._NAME``, ``..._ID``, ``..._PARAM``) and ARN values are not
reported.

**Why.** Environment variables are stored in the template, in the cloud assembly, in source control and are
shown by ``GetFunctionConfiguration`` to anyone with read access to the function.

**Fix.** Store the value in Secrets Manager (or SSM SecureString), pass its ARN/name in the environment and read it
at run time (``secret.grant_read(fn)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import lambda_env_vars
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC005",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="Literal secret in Lambda environment",
    impact="The secret is readable in the template, source control and the function configuration.",
    fix="Keep the secret in Secrets Manager/SSM SecureString and read it at run time; pass only its ARN.",
    target=Target.TEMPLATE,
    keywords=(
        "hardcoded secret",
        "hardcoded password",
        "plaintext",
        "sensitive data",
        "secrets manager",
        "environment variable",
        "api key",
        "credentials",
    ),
    doc=(__doc__ or "").strip(),
)

_SECRET_WORDS = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL", re.IGNORECASE)
_REFERENCE_SUFFIX = re.compile(
    r"_(ARN|NAME|ID|PARAM|PARAMETER|PATH|TABLE|BUCKET|QUEUE|REGION|TTL|EXPIRY|"
    r"EXPIRATION|LENGTH|HEADER|URL|ENDPOINT|SECONDS|MINUTES)$",
    re.IGNORECASE,
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::Lambda::Function"):
        for name, value in lambda_env_vars(resource).items():
            if not _SECRET_WORDS.search(name) or _REFERENCE_SUFFIX.search(name):
                continue
            if not isinstance(value, str) or not value.strip() or value.startswith("arn:") or value.isdigit():
                continue
            yield Hit(
                logical_id,
                f"Lambda function {logical_id} has a literal value in environment variable "
                f"{name}, whose name suggests a secret.",
                evidence=f"{name}=<redacted, {len(value)} chars>",
            )
