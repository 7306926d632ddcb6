"""SEC006 — email address in a Lambda environment variable.

**What.** An ``AWS::Lambda::Function`` environment variable whose literal value is an email address
(``ADMIN_EMAIL=ops@example.com``).

**Why.** Personal data baked into the template ends up in source control and the function configuration, and
changing it needs a redeploy. It is a small leak, reported at low severity.

**Fix.** Pass it as a stack parameter / context value, or store it in SSM Parameter Store and read it at run time.
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
    id="SEC006",
    category=Category.SECURITY,
    severity=Severity.LOW,
    title="Email address in Lambda environment",
    impact="Personal data is stored in the template and source control, and changing it needs a redeploy.",
    fix="Pass the address as a parameter or context value, or read it from SSM Parameter Store.",
    target=Target.TEMPLATE,
    keywords=("email", "admin_email", "sensitive data", "hardcoded", "personal data", "environment variable"),
    doc=(__doc__ or "").strip(),
)

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::Lambda::Function"):
        for name, value in lambda_env_vars(resource).items():
            if isinstance(value, str) and _EMAIL.match(value.strip()):
                yield Hit(
                    logical_id,
                    f"Lambda function {logical_id} has the email address '{value}' in environment variable {name}.",
                    evidence=f"{name}={value}",
                )
