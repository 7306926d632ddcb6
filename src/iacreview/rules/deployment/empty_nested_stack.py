"""DEP049 — Nested stack whose template has no resources.

**What.** An ``AWS::CloudFormation::Stack`` of a synthesized template whose nested template (the file its
``aws:asset:path`` metadata names in the cloud assembly, counted when the assembly is read) defines no resources.
The usual cause: the constructs meant for the nested stack were created in another scope, most often a ``Stack``
created inside the ``NestedStack``, which CDK emits as a separate top-level stack instead.

**Why.** CloudFormation rejects a template without resources ("At least one Resources member must be defined"), so
the parent stack fails to deploy; and the resources the nesting was meant to hold are not in it.

**Fix.** Create the resources with the ``NestedStack`` itself as their scope (make the class a ``NestedStack``
subclass rather than a ``Stack`` created inside one), or remove the empty nested stack.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP049",
    category=Category.DEPLOYMENT,
    severity=Severity.HIGH,
    title="Nested stack whose template has no resources",
    impact="CloudFormation rejects a template without resources: the parent stack fails to deploy, and the "
           "resources meant for the nested stack are not in it.",
    fix="Create the resources in the NestedStack's own scope (subclass NestedStack instead of creating a Stack "
        "inside it), or remove the empty nested stack.",
    target=Target.TEMPLATE,
    keywords=("empty nested stack", "nested stack is empty", "nested template", "Stack inside a NestedStack",
              "Stack inside the NestedStack"),
    doc=(__doc__ or "").strip(),
)


def check(template: Template, config: Config) -> Iterator[Hit]:
    del config
    for logical_id, count in template.nested_resource_counts.items():
        if count == 0 and logical_id in template.resources:
            yield Hit(logical_id, f"Nested stack {logical_id} has no resources in its template: CloudFormation "
                      "rejects it, and the constructs meant for it were created in another scope (a Stack created "
                      "inside a NestedStack becomes a separate top-level stack).")
