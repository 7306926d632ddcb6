"""SYN010 — unknown aws_cdk attribute.

**What.** An attribute, class, enum member, method or import that does not exist in the installed aws-cdk-lib:
``s3.Bukcet``, ``lambda_.Runtime.PYTHON_3_13X``, ``from aws_cdk import core`` (CDK v1), ``fn.function_url`` on a
``Function``, an ``aws_cdk.*_alpha`` module whose separate distribution is not installed. Checked statically
against an index of the installed library, for modules, classes, enums and values whose type is certain
(``bucket = s3.Bucket(...)``, ``self`` in a ``Stack`` subclass, including its own ``self._helper()`` methods).
Also imports between the answer's own files: ``from lib.storage_stack import StorageStack`` when there is no
``lib/storage_stack.py``, or when that file defines no ``StorageStack``.

In a file the app never imports, or in a function nothing calls, the problem cannot fail synth: it is reported
as high instead of critical.

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
from iacreview.python.reach import runs_at_synth
from iacreview.python.user_imports import import_issues
from iacreview.rules.base import SourceContext, SourceHit

META = RuleMeta(
    id=UNKNOWN_ATTRIBUTE,
    category=Category.SYNTAX,
    severity=Severity.CRITICAL,
    title="Unknown aws_cdk attribute or failing import",
    impact="Python raises AttributeError or ImportError at synth time; the app never deploys.",
    fix="Use an attribute that exists in the installed aws-cdk-lib (see the suggestion in the message).",
    target=Target.SOURCE,
    keywords=("has no attribute", "attributeerror", "does not exist", "cannot import", "importerror",
              "invalid attribute", "non-existent", "hallucinated", "wrong enum", "wrong class name"),
)


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    yield from hits_for(ctx, UNKNOWN_ATTRIBUTE)
    for issue in import_issues(ctx):
        runs, why = runs_at_synth(ctx, issue.relpath, issue.line)
        critical = runs and issue.at_import_time
        note = "" if critical else f" ({why})" if why else " (when the function that imports it runs)"
        yield SourceHit(issue.relpath, issue.line, issue.message + note, issue.column,
                        severity=None if critical else Severity.HIGH, evidence=issue.evidence)
