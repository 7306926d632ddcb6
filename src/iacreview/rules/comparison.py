"""Rules that only ``compare`` raises: what the reference has and the candidate lacks, and prompt coverage.

They are not checks of one answer: a resource is "missing" only next to a reference (or a prompt) that has it.
The category of a missing resource follows what the resource is for (an alarm is monitoring, a key is security).
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

_MISSING_IMPACT = "The candidate does not build something the corrected answer shows is needed."
_MISSING_FIX = "Add the resource or property as the reference does."

MISSING_SECURITY = RuleMeta(
    id="SEC090", category=Category.SECURITY, severity=Severity.MEDIUM,
    title="Security control present in the reference is missing",
    impact=_MISSING_IMPACT, fix=_MISSING_FIX, target=Target.TEMPLATE,
    keywords=("missing", "resource policy", "encryption key", "waf", "flow log", "ip restriction"),
)
MISSING_DEPLOYMENT = RuleMeta(
    id="DEP090", category=Category.DEPLOYMENT, severity=Severity.MEDIUM,
    title="Resource present in the reference is missing",
    impact=_MISSING_IMPACT, fix=_MISSING_FIX, target=Target.TEMPLATE,
    keywords=("missing", "custom resource", "sample data", "populate", "seed data"),
)
MISSING_PERFORMANCE = RuleMeta(
    id="PERF090", category=Category.PERFORMANCE, severity=Severity.LOW,
    title="Performance feature present in the reference is missing",
    impact=_MISSING_IMPACT, fix=_MISSING_FIX, target=Target.TEMPLATE,
    keywords=("missing", "gsi", "global secondary index", "index", "batch", "caching"),
)
MISSING_BEST_PRACTICE = RuleMeta(
    id="BP090", category=Category.BEST_PRACTICE, severity=Severity.LOW,
    title="Reliability or monitoring feature present in the reference is missing",
    impact=_MISSING_IMPACT, fix=_MISSING_FIX, target=Target.TEMPLATE,
    keywords=("missing", "alarm", "monitoring", "dead letter", "dlq", "point-in-time", "versioning"),
)
PROMPT_SERVICE = RuleMeta(
    id="BP091", category=Category.BEST_PRACTICE, severity=Severity.MEDIUM,
    title="A service the prompt asks for is not in the template",
    impact="The answer does not build what was requested.",
    fix="Add the requested service.", target=Target.TEMPLATE,
    keywords=("prompt", "requirement", "requested", "not implemented"),
)
PROMPT_REGION = RuleMeta(
    id="DEP091", category=Category.DEPLOYMENT, severity=Severity.MEDIUM,
    title="Stack region differs from the region the prompt asks for",
    impact="The stack deploys to another region than requested.",
    fix="Set env=Environment(region=...) to the requested region.", target=Target.TEMPLATE,
    keywords=("region", "us-east-1", "us-west-2", "deploy region"),
)
SYNTH_REGRESSION = RuleMeta(
    id="DEP092", category=Category.DEPLOYMENT, severity=Severity.CRITICAL,
    title="The candidate does not synthesize; the reference does",
    impact="The answer cannot be deployed as written.",
    fix="Fix every error listed; the reference shows working code.", target=Target.SYNTH,
    keywords=("synth", "does not synthesize", "deployment fails", "error"),
)
PROMPT_SETTING = RuleMeta(
    id="BP092", category=Category.BEST_PRACTICE, severity=Severity.MEDIUM,
    title="A feature the prompt asks for by name is not set",
    impact="The answer builds the resource but not the behaviour that was requested.",
    fix="Set the property the prompt's feature needs on the resource.", target=Target.TEMPLATE,
    keywords=("prompt", "requirement", "requested", "not configured", "not enabled"),
)
PROMPT_SETTING_SECURITY = RuleMeta(
    id="SEC091", category=Category.SECURITY, severity=Severity.MEDIUM,
    title="A security control the prompt asks for by name is not set",
    impact="The answer leaves out a control that was requested.",
    fix="Set the property the prompt's control needs, or use the resource type it asks for.",
    target=Target.TEMPLATE,
    keywords=("prompt", "requirement", "customer managed policy", "key rotation", "deletion protection"),
)
PROMPT_ACTIONS = RuleMeta(
    id="SEC092", category=Category.SECURITY, severity=Severity.MEDIUM,
    title="A policy grants actions beyond those a least-privilege prompt names",
    impact="The role can do more than the task allows: write or change objects it was only meant to read.",
    fix="Grant exactly the actions the prompt lists.", target=Target.SOURCE,
    keywords=("least privilege", "extra actions", "overly permissive"),
)
PROMPT_PREFIX = RuleMeta(
    id="SEC093", category=Category.SECURITY, severity=Severity.MEDIUM,
    title="Access is not scoped to the S3 key prefix the prompt names",
    impact="The policy grants access to other keys than the task allows, or does not limit keys at all.",
    fix="Scope the statement's resources and s3:prefix condition to the prompt's prefix.", target=Target.SOURCE,
    keywords=("prefix", "s3:prefix", "key prefix"),
)
PROMPT_SETTING_BY_CATEGORY = {"security": PROMPT_SETTING_SECURITY, "best_practice": PROMPT_SETTING}

MISSING_BY_CATEGORY = {
    Category.SECURITY: MISSING_SECURITY,
    Category.DEPLOYMENT: MISSING_DEPLOYMENT,
    Category.PERFORMANCE: MISSING_PERFORMANCE,
    Category.BEST_PRACTICE: MISSING_BEST_PRACTICE,
}

METAS = (
    MISSING_SECURITY, MISSING_DEPLOYMENT, MISSING_PERFORMANCE, MISSING_BEST_PRACTICE,
    PROMPT_SERVICE, PROMPT_REGION, SYNTH_REGRESSION, PROMPT_SETTING, PROMPT_SETTING_SECURITY,
    PROMPT_ACTIONS, PROMPT_PREFIX,
)
