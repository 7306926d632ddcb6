"""BP041 — AWS region written as a literal in the code.

**What.** A string in the Python that is a region code (``"us-east-1"``) or an ARN naming one
(``"arn:aws:sns:us-east-1:123456789012:alerts"``); docstrings and comments are not code and are not read. One
finding per file, at the first such line; the message lists the others.

**Why.** The stack, its ARNs and its clients are tied to that one region: deploying to another region (a second
environment, disaster recovery) silently points at the wrong place or fails, and the region the deployer chose
is ignored.

**Fix.** Read the region from the stack (``Stack.of(self).region``, ``cdk.Aws.REGION`` in ARNs,
``self.format_arn(...)``) or from the environment (``os.environ["CDK_DEFAULT_REGION"]`` in the app, the
``AWS_REGION`` variable in a Lambda handler), or from context/config per environment.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from iacreview.aws_regions import REGION_CODE
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.python.parse import user_modules
from iacreview.rules.base import SourceContext, SourceHit
from iacreview.threadsafe_ast import walk

META = RuleMeta(
    id="BP041",
    category=Category.BEST_PRACTICE,
    severity=Severity.LOW,
    title="Hard-coded AWS region",
    impact="The stack and its ARNs are tied to one region; deploying elsewhere points at the wrong place or fails.",
    fix="Use Stack.of(self).region / cdk.Aws.REGION (or CDK_DEFAULT_REGION in the app) instead of a literal.",
    target=Target.SOURCE,
    keywords=("hardcoded region", "hard-coded region", "hard coded region", "region is hardcoded",
              "region hardcoded", "region is hard-coded", "us-east-1"),
    doc=(__doc__ or "").strip(),
)

REGION = re.compile(rf"^{REGION_CODE}$")
_ARN_REGION = re.compile(rf"arn:aws[\w-]*:[\w-]+:(?P<region>{REGION_CODE}):")


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings or bare string statements (not values used by code)."""
    return {id(node.value) for node in walk(tree) if isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def region_in(text: str) -> str | None:
    """The region a string constant hard-codes: the whole string, or the region field of an ARN in it."""
    if REGION.match(text):
        return text
    match = _ARN_REGION.search(text)
    return match.group("region") if match else None


def check(ctx: SourceContext) -> Iterator[SourceHit]:
    """One finding per file, at the first literal; the message lists the other lines."""
    for module in user_modules(ctx):
        if module.tree is None:
            continue
        skip = _docstrings(module.tree)
        found: dict[int, tuple[str, ast.Constant]] = {}
        for node in walk(module.tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                region = region_in(node.value)
                if region is not None and node.lineno not in found:
                    found[node.lineno] = (region, node)
        if not found:
            continue
        first = min(found)
        region, node = found[first]
        regions = sorted({r for r, _ in found.values()})
        where = "in an ARN" if region != node.value else "as a literal"
        others = sorted(ctx.workspace.locate(module.relpath, line).line for line in found if line != first)
        more = f"; {len(others)} more line(s) of this file do the same ({', '.join(map(str, others[:8]))}" + (
            ", ..." if len(others) > 8 else "") + ")" if others else ""
        named = ", ".join(f"`{r}`" for r in regions)
        yield SourceHit(module.relpath, first,
                        f"The region `{region}` is written {where}{more}: the code is tied to {named} "
                        "whatever region it is deployed to.",
                        column=node.col_offset + 1, evidence=str(node.value)[:80])
