"""The template rule runner: severities, disabled rules, crashing rules, locations, generated resources."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from iacreview.config import Config
from iacreview.model import Category, Location, RuleMeta, Severity, Target
from iacreview.rules.base import Hit, TemplateRule
from iacreview.rules.runner import load_rule_modules, run_template_rules
from iacreview.template.model import Template

META = RuleMeta(
    id="SEC999",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    title="Test rule",
    impact="i",
    fix="f",
    target=Target.TEMPLATE,
)


def every_bucket(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, _ in template.resources_of("AWS::S3::Bucket"):
        yield Hit(logical_id, f"bucket {logical_id}", evidence="e")


def boom(template: Template, config: Config) -> Iterator[Hit]:
    yield Hit("Images", "first")
    raise RuntimeError("broken rule")


RULE = TemplateRule(META, every_bucket, "doc")


def template() -> Template:
    return Template(
        name="TapStackdev",
        body={
            "Resources": {
                "Images": {"Type": "AWS::S3::Bucket"},
                "Helper": {"Type": "AWS::S3::Bucket"},
            }
        },
        path="cdk.out/TapStackdev.template.json",
        synthesized=True,
        resource_lines={"Images": 4, "Helper": 9},
        construct_paths={
            "Images": "TapStackdev/Images/Resource",
            "Helper": "TapStackdev/Custom::S3AutoDeleteObjectsCustomResourceProvider/Bucket",
        },
    )


def locate(t: Template, logical_id: str | None) -> Location | None:
    return Location("lib/tap_stack.py", 10 if logical_id == "Images" else 1)


def test_hits_become_located_findings_and_generated_resources_are_skipped() -> None:
    calls: list[str | None] = []

    def tracking_locate(t: Template, logical_id: str | None) -> Location | None:
        calls.append(logical_id)
        return locate(t, logical_id)

    (finding,) = run_template_rules([template()], [RULE], Config(), tracking_locate)
    assert calls == ["Images"]
    assert finding.rule_id == "SEC999" and finding.severity == Severity.MEDIUM
    assert finding.resource == "Images" and finding.construct_path == "TapStackdev/Images/Resource"
    assert finding.location == Location("lib/tap_stack.py", 10)
    assert finding.template_location == Location("cdk.out/TapStackdev.template.json", 4)
    assert finding.evidence == "e"


def test_generated_resources_can_be_included() -> None:
    findings = run_template_rules([template()], [RULE], Config(), locate, include_generated=True)
    assert sorted(f.resource or "" for f in findings) == ["Helper", "Images"]


def test_severity_override_and_disabled_rule() -> None:
    config = Config(severity_overrides=(("SEC999", Severity.LOW),))
    assert [f.severity for f in run_template_rules([template()], [RULE], config, locate)] == [Severity.LOW]
    assert run_template_rules([template()], [RULE], Config(disabled_rules=frozenset({"SEC999"})), locate) == []


def test_hit_severity_is_kept_without_override() -> None:
    def low(t: Template, c: Config) -> Iterator[Hit]:
        yield Hit("Images", "m", severity=Severity.LOW)

    (finding,) = run_template_rules([template()], [TemplateRule(META, low, "")], Config(), locate)
    assert finding.severity == Severity.LOW


def test_crashing_rule_becomes_info_finding_and_others_still_run() -> None:
    findings = run_template_rules([template()], [TemplateRule(META, boom, ""), RULE], Config(), locate)
    crash, normal = findings
    assert crash.severity == Severity.INFO and crash.rule_id == "SEC999"
    assert "SEC999" in crash.message and "broken rule" in crash.message
    assert crash.resource is None and crash.location == Location("lib/tap_stack.py", 1)
    assert normal.resource == "Images"


def test_stack_wide_hit_has_no_resource() -> None:
    def stack(t: Template, c: Config) -> Iterator[Hit]:
        yield Hit(None, "stack-wide")

    (finding,) = run_template_rules([template()], [TemplateRule(META, stack, "")], Config(), locate)
    assert finding.resource is None and finding.construct_path is None and finding.template_location is None


def test_load_rule_modules_keeps_template_rules_only() -> None:
    module = ModuleType("fake_rule", "doc of fake")
    module.META = META  # type: ignore[attr-defined]
    module.check = every_bucket  # type: ignore[attr-defined]
    other = ModuleType("not_a_rule")
    (loaded,) = load_rule_modules([module, other])
    assert loaded.meta is META and loaded.doc == "doc of fake"
