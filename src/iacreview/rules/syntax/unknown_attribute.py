"""SYN010 — unknown aws_cdk attribute.

**What.** An attribute, class, enum member, method or import that does not exist in the installed aws-cdk-lib:
``s3.Bukcet``, ``lambda_.Runtime.PYTHON_3_13X``, ``from aws_cdk import core`` (CDK v1), ``fn.function_url`` on a
``Function``. Checked statically against an index of the installed library, for modules, classes, enums and values
whose type is certain (``bucket = s3.Bucket(...)``, ``self`` in a ``Stack`` subclass).

**Why.** Python raises ``AttributeError`` / ``ImportError`` the moment the line runs, so ``cdk synth`` fails and
nothing deploys. Language models often invent plausible names or use names from other CDK versions.

**Fix.** Use the name the message suggests, or look the API up in the aws-cdk-lib reference for the installed
version.

**Example.**

    bucket = s3.Bucket(self, "Data", encryption=s3.BucketEncryption.S3_MANAGEDX)
    # type object 'BucketEncryption' has no attribute 'S3_MANAGEDX' (did you mean 'S3_MANAGED'?)
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.api_checks import UNKNOWN_ATTRIBUTE, hits_for
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id=UNKNOWN_ATTRIBUTE,
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Unknown aws_cdk attribute",
    impact="Python raises AttributeError or ImportError at synth time; the app never deploys.",
    fix="Use an attribute that exists in the installed aws-cdk-lib (see the suggestion in the message).",
    target=Target.SOURCE,
    keywords=("has no attribute", "attributeerror", "does not exist", "cannot import", "importerror",
              "invalid attribute", "non-existent", "hallucinated", "wrong enum", "wrong class name"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    yield from hits_for(ctx, UNKNOWN_ATTRIBUTE)
