"""SEC003 — IAM policy allows every action (of a service).

**What.** An identity policy statement (``AWS::IAM::Policy``, ``ManagedPolicy``, inline ``Policies`` of a role,
user or group) with ``Effect: Allow`` and ``Action: "*"`` or ``"service:*"``, or an ``Allow`` with ``NotAction``.

**Why.** Least privilege: a role that may do everything to a service (``s3:*`` includes ``DeleteBucket`` and
``PutBucketPolicy``) turns any compromise of the code that uses it into full control of that service.

**Fix.** List the actions the code calls (CDK ``grant_read``/``grant_read_write`` methods produce them), scoped
to the resources it uses.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import IDENTITY_POLICY, iter_policy_statements
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC003",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="IAM policy with wildcard action",
    impact="The role can perform every action of the service, far beyond what the code needs.",
    fix="Grant only the specific actions needed (e.g. s3:GetObject), or use CDK grant methods.",
    target=Target.TEMPLATE,
    keywords=(
        "wildcard",
        "least privilege",
        "overly permissive",
        "broad permissions",
        "iam permissions",
        "s3:*",
        "action *",
        "restrict iam",
    ),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    seen: set[tuple[str, str]] = set()
    for st in iter_policy_statements(template, kinds=[IDENTITY_POLICY]):
        if not st.is_allow:
            continue
        wild = [a for a in st.literal_actions() if a == "*" or a.endswith(":*")]
        if st.not_actions:
            wild.append("NotAction")
        for action in wild:
            if (st.logical_id, action) in seen:
                continue
            seen.add((st.logical_id, action))
            what = "everything except the NotAction list" if action == "NotAction" else f"'{action}'"
            yield Hit(
                st.logical_id,
                f"{st.resource_type} {st.logical_id} allows {what} (statement {st.index + 1}{_in(st.policy_name)}).",
                evidence=action,
            )


def _in(policy_name: str | None) -> str:
    return f" of policy {policy_name}" if policy_name else ""
