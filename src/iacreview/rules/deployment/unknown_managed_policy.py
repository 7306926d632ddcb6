"""DEP042 — AWS managed policy that does not exist.

**What.** A ``ManagedPolicyArns`` (or ``PermissionsBoundary``) entry ``arn:aws:iam::aws:policy/<path>NAME`` — written
as a literal or built with ``Fn::Join``/``Fn::Sub`` as CDK does for
``ManagedPolicy.from_aws_managed_policy_name`` — that names no AWS managed policy. The most common cases are a
missing path (``AWSLambdaBasicExecutionRole`` lives at ``service-role/AWSLambdaBasicExecutionRole``) and invented
names (``VPCFlowLogsDeliveryRolePolicy``).

**Why.** CloudFormation fails creating the role ("Policy arn:aws:iam::aws:policy/... does not exist or is not
attachable") and rolls the whole stack back.

**Fix.** Use the exact name with its path (the finding suggests close matches), or write an inline policy with the
permissions the role needs.

The list of policies is ``iacreview/data/aws_managed_policies.json``; regenerate it with
``scripts/update_managed_policies.py`` (``--from-aws`` lists every policy with boto3). While the bundled list is
marked incomplete, only names that are certainly wrong are reported: names in its ``known_missing`` list, names
that exist under another path, and near-misspellings of a listed name.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import as_list, render_text
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP042",
    category=Category.DEPLOYMENT,
    severity=Severity.CRITICAL,
    title="AWS managed policy does not exist",
    impact="Creating the role fails and CloudFormation rolls the stack back.",
    fix="Use the exact managed policy name including its path (e.g. service-role/...), or an inline policy.",
    target=Target.TEMPLATE,
    keywords=(
        "managed policy",
        "does not exist",
        "policy arn",
        "iam policy error",
        "from_aws_managed_policy_name",
        "service-role",
        "nonexistent policy",
    ),
    doc=(__doc__ or "").strip(),
)

_MARKER = ":iam::aws:policy/"
_HOLDERS = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")


@dataclass(frozen=True)
class PolicyList:
    """The AWS managed policy names (with path, e.g. ``service-role/AWSLambdaBasicExecutionRole``).

    ``complete`` says whether ``names`` is every AWS managed policy; when it is not, only names that are certainly
    wrong are reported: ``known_missing`` ones, those that exist under another path, and near-misspellings.
    """

    names: frozenset[str]
    complete: bool
    known_missing: frozenset[str]


@lru_cache(maxsize=1)
def known_policies() -> PolicyList:
    text = resources.files("iacreview.data").joinpath("aws_managed_policies.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return PolicyList(
        names=frozenset(str(p) for p in data["policies"]),
        complete=bool(data.get("complete", False)),
        known_missing=frozenset(str(p) for p in data.get("known_missing", [])),
    )


def check(template: Template, config: Config) -> Iterator[Hit]:
    policies = known_policies()
    by_base: dict[str, list[str]] = {}
    for known_name in policies.names:
        by_base.setdefault(known_name.rsplit("/", 1)[-1].lower(), []).append(known_name)
    for logical_id, resource in template.resources_of(*_HOLDERS):
        props = Template.props(resource)
        for value in [*as_list(props.get("ManagedPolicyArns")), props.get("PermissionsBoundary")]:
            name = _aws_policy_name(value)
            if name is None or name in policies.names:
                continue
            hint, certain = _suggest(name, policies, by_base)
            if not certain:
                continue
            yield Hit(
                logical_id,
                f"AWS managed policy '{name}' attached to {logical_id} does not exist{hint}.",
                evidence=f"arn:aws:iam::aws:policy/{name}",
            )


def _aws_policy_name(value: Any) -> str | None:
    text = render_text(value)
    if text is None or _MARKER not in text:
        return None
    name = text.split(_MARKER, 1)[1]
    return None if not name or "${" in name else name


def _suggest(name: str, policies: PolicyList, by_base: dict[str, list[str]]) -> tuple[str, bool]:
    """(hint text, whether the name is certainly wrong)."""
    same_base = sorted(by_base.get(name.rsplit("/", 1)[-1].lower(), []))
    if same_base:
        return f" (did you mean {' or '.join(same_base)}?)", True
    cutoff = 0.75 if policies.complete or name in policies.known_missing else 0.9
    close = difflib.get_close_matches(name, sorted(policies.names), n=3, cutoff=cutoff)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return hint, policies.complete or name in policies.known_missing or bool(close)
