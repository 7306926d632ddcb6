"""Which resources of a synthesized template aws-cdk-lib made on its own (hidden from rules and compare)."""

from __future__ import annotations

from iacreview.template.model import Template

PATHS = {
    "Images1": "Tap/Images/Resource",
    "Notify1": "Tap/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Resource",
    "NotifyRole1": "Tap/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role/Resource",
    "AutoDelete1": "Tap/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler",
    "Retention1": "Tap/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource",
    "Deploy1": "Tap/Site/Deploy/CustomResource/Default",
    "Handler1": "Tap/OrderHandler/Resource",
    "Provider1": "Tap/Seed/Provider/framework-onEvent/Resource",
}


def test_cdk_helpers_are_generated_and_user_resources_are_not() -> None:
    template = Template(name="Tap", body={"Resources": {k: {"Type": "X"} for k in PATHS}}, path="t.json",
                        synthesized=True, construct_paths=PATHS)
    generated = {k for k in PATHS if template.is_generated(k)}
    assert generated == {"Notify1", "NotifyRole1", "AutoDelete1", "Retention1", "Provider1"}
