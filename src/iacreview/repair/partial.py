"""Findings a partial template cannot be trusted for, after the ladder excised statements (see ``excise``).

An excised statement may have configured resources that are still in the template; a finding on such a resource
(or, when the stack itself was touched, a stack-wide finding) could be false, so it is withheld and counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from iacreview.model import Finding, Location
from iacreview.repair.excise import ExcisedRepair
from iacreview.repair.kinds import AppliedRepair
from iacreview.sources.workspace import Workspace


def excisions(repairs: Iterable[AppliedRepair]) -> list[ExcisedRepair]:
    return [r for r in repairs if isinstance(r, ExcisedRepair)]


def guarded_lines(repairs: Sequence[ExcisedRepair], workspace: Workspace) -> set[tuple[str, int]]:
    """The user's lines (path, line) of the statements that create what excised code touched."""
    out: set[tuple[str, int]] = set()
    for repair in repairs:
        for relpath, start, end in repair.guarded:
            for line in range(start, end + 1):
                where = workspace.locate(relpath, line)
                out.add((where.path, where.line))
    return out


def withhold(
    findings: list[Finding], repairs: Sequence[ExcisedRepair], workspace: Workspace, stack: Location | None
) -> tuple[list[Finding], list[Finding]]:
    """(kept, withheld): template findings on guarded resources, and stack-wide ones when the stack was touched."""
    if not repairs:
        return findings, []
    lines = guarded_lines(repairs, workspace)
    stack_touched = any(r.stack_touched for r in repairs)
    kept: list[Finding] = []
    withheld: list[Finding] = []
    for finding in findings:
        where = finding.location
        on_guarded = where is not None and (where.path, where.line) in lines
        stack_wide = stack_touched and (where is None or (stack is not None and (where.path, where.line)
                                                          == (stack.path, stack.line)))
        (withheld if on_guarded or stack_wide else kept).append(finding)
    return kept, withheld
