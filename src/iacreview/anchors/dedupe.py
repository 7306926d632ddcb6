"""One finding when one of our rules and an anchor rule say the same thing about the same resource.

The equivalences are data (``equivalences`` in ``data/anchor_rules.json``: ``AwsSolutions-IAM5`` ~ ``SEC003``/
``SEC004``, ``I3011`` ~ ``DEP041`` ...). Our finding is kept, because it carries our impact, fix and evidence, and
names the anchor ids in ``anchor_ids``; the anchor finding is dropped. "Same resource" means the same logical id
in the same template (the construct path when there is one, else the template location's file).
"""

from __future__ import annotations

from iacreview.anchors.mapping import AnchorTable
from iacreview.model import Finding


def _place(finding: Finding) -> tuple[str, str] | None:
    if finding.resource is None:
        return None
    if finding.construct_path:
        stack = finding.construct_path.lstrip("/").split("/", 1)[0]
        return stack, finding.resource
    where = finding.template_location.path if finding.template_location else ""
    return where, finding.resource


def merge(ours: list[Finding], anchors: list[Finding], table: AnchorTable) -> list[Finding]:
    """``ours`` with the anchor ids they subsume, followed by the anchor findings nothing of ours says."""
    index: dict[tuple[str, str, str], int] = {}
    for position, finding in enumerate(ours):
        place = _place(finding)
        if place is not None:
            index.setdefault((finding.rule_id, *place), position)
    merged = list(ours)
    kept: list[Finding] = []
    for anchor in anchors:
        place = _place(anchor)
        targets = sorted(table.equivalent.get(anchor.rule_id, ()))
        hit = next(
            (index[(rule, *place)] for rule in targets if place is not None and (rule, *place) in index), None
        )
        if hit is None:
            kept.append(anchor)
            continue
        mine = merged[hit]
        if anchor.rule_id not in mine.anchor_ids:
            merged[hit] = mine.with_changes(anchor_ids=(*mine.anchor_ids, anchor.rule_id))
    return merged + kept
