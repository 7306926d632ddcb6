"""Hand-built reviews shared by the report tests: every shape a renderer must handle, in one place."""

from __future__ import annotations

import pytest

from iacreview.model import (
    Category,
    Finding,
    Location,
    Repair,
    Review,
    RuleMeta,
    Severity,
    SynthOutcome,
    Target,
)

ANSWER = "answers/MODEL_RESPONSE.md"


def _meta(
    rule_id: str, category: Category, severity: Severity, title: str, target: Target = Target.TEMPLATE
) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        category=category,
        severity=severity,
        title=title,
        impact=f"impact of {rule_id}: things go wrong",
        fix=f"fix for {rule_id}: do the right thing",
        target=target,
    )


RULES: tuple[RuleMeta, ...] = (
    _meta("SYN031", Category.SYNTAX, Severity.CRITICAL, "Undefined name", Target.SOURCE),
    _meta("DEP040", Category.DEPLOYMENT, Severity.MEDIUM, "Hard-coded physical name"),
    _meta("DEP046", Category.DEPLOYMENT, Severity.INFO, "Stack without explicit account/region"),
    _meta("SEC001", Category.SECURITY, Severity.HIGH, "S3 bucket without full public-access block"),
    _meta("SEC003", Category.SECURITY, Severity.HIGH, "IAM wildcard action"),
    _meta("PERF005", Category.PERFORMANCE, Severity.LOW, "Lambda without reserved concurrency"),
    _meta("BP032", Category.BEST_PRACTICE, Severity.MEDIUM, "Log group without retention"),
)
META = {m.id: m for m in RULES}


def _finding(rule_id: str, message: str, line: int | None, **changes: object) -> Finding:
    location = Location(ANSWER, line) if line is not None else None
    return Finding.from_rule(META[rule_id], message, location).with_changes(**changes)


def model_review() -> Review:
    """A Markdown answer that synthesized only after one repair, with one finding of every interesting shape."""
    findings = (
        # Deliberately out of report order: renderers must sort.
        _finding("PERF005", "function Handler has no reserved concurrency | memory 128", 200),
        _finding(
            "SEC001",
            "bucket ImagesBucket does not block public ACLs",
            120,
            resource="ImagesBucketA1B2C3",
            construct_path="TapStackdev/ImagesBucket/Resource",
            after_repairs=True,
        ),
        _finding("DEP046", "stack TapStackdev has no explicit env", None),
        _finding("SYN031", "undefined name 'Duration'", 45, location=Location(ANSWER, 45, 12)),
        _finding(
            "SEC003",
            "role allows s3:*",
            130,
            suppressed=True,
            suppression_reason="demo needs it | reviewed",
        ),
        _finding("BP032", "log group ApiLogs keeps logs forever", 150, resource="ApiLogs0F1E2D"),
        _finding("DEP040", "bucket_name='shop-[prod]-images' is fixed", 60),
    )
    synth = SynthOutcome(
        attempted=True,
        ok=False,
        error="AttributeError: module 'aws_cdk.aws_s3' has no attribute 'BucketEncryptions'\nTraceback line two",
        error_class="AttributeError",
        location=Location(ANSWER, 88),
        assumptions=("generated entry app.py creating TapStack(app, 'TapStackdev')",),
        repairs=(Repair("renamed BucketEncryptions to BucketEncryption", Location(ANSWER, 88)),),
        templates=1,
        seconds=3.2,
    )
    return Review(ANSWER, synth, findings, cdk_version="2.275.0", timings={"synth": 3.2})


def template_review() -> Review:
    """A template given directly: synth skipped, one finding from a rule not in the rule list."""
    finding = Finding(
        rule_id="E3012",
        category=Category.DEPLOYMENT,
        severity=Severity.HIGH,
        title="Property value type mismatch",
        message="Resources/Queue/Properties/DelaySeconds should be an integer",
        location=Location("templates/stack.json", 14),
        resource="Queue",
        source="cfn-lint",
    )
    return Review("templates/stack.json", SynthOutcome(attempted=False, ok=False), (finding,), cdk_version=None)


def failed_review() -> Review:
    synth = SynthOutcome(
        attempted=True,
        ok=False,
        error="invalid syntax",
        error_class="SyntaxError",
        location=Location("app/tap_stack.py", 3),
    )
    return Review("app/", synth, (), cdk_version="2.275.0")


@pytest.fixture
def model() -> Review:
    return model_review()


@pytest.fixture
def template() -> Review:
    return template_review()


@pytest.fixture
def failed() -> Review:
    return failed_review()


@pytest.fixture
def rules() -> tuple[RuleMeta, ...]:
    return RULES
