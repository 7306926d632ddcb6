"""The repair ladder: after a synth error, apply the one certain fix to a copy and synthesize again, up to a limit.

A human reviewer fixes the first error, synthesizes again, fixes the next. The ladder does the same so the
template rules still see a template, and every error it passed on the way is reported at its own line. The user's
files are never touched: the ladder works on a copy of the workspace, and every repair is recorded.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from iacreview.config import Config
from iacreview.repair.alpha import repair_excise_alpha, repair_graduated_alpha
from iacreview.repair.batch import batch_static_fixes
from iacreview.repair.edits import parses
from iacreview.repair.excise import (
    repair_excise_invalid_construct,
    repair_excise_statement,
    repair_excise_token_id,
)
from iacreview.repair.failure import parse_failure
from iacreview.repair.harness_env import repair_harness_env
from iacreview.repair.imports import repair_import_name, repair_module_layout
from iacreview.repair.kinds import SYNTH_REPAIRS, ApiOracle, AppliedRepair, Repair, repair_truncation
from iacreview.repair.values import repair_enum_member, repair_enum_value, repair_obvious_arguments
from iacreview.sources.workspace import Workspace

if TYPE_CHECKING:
    from iacreview.synth import SynthResult

Synthesizer = Callable[[Workspace, Config], "SynthResult"]

# Tried in order on each failure; each refuses unless its fix is the only plausible one.
LADDER_REPAIRS: tuple[Repair, ...] = (
    *SYNTH_REPAIRS,
    repair_enum_member,
    repair_enum_value,
    repair_obvious_arguments,
    repair_graduated_alpha,
    repair_import_name,
    repair_module_layout,
    repair_harness_env,
)


@dataclass
class LadderResult:
    """``attempts[0]`` is the synth as written; ``repairs[i]`` was applied before ``attempts[steps[i]]`` (one step
    may apply several repairs: see ``batch``)."""

    attempts: list[SynthResult]
    repairs: list[AppliedRepair] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    workspace: Workspace | None = None  # the repaired copy (None when no repair was applied)
    stopped_because: str = ""

    @property
    def final(self) -> SynthResult:
        return self.attempts[-1]

    def repairs_before(self, attempt: int) -> list[AppliedRepair]:
        """The repairs applied before ``attempts[attempt]``."""
        return [r for r, step in zip(self.repairs, self.steps, strict=True) if step <= attempt]

    def cleanup(self) -> None:
        if self.workspace is not None:
            self.workspace.cleanup()


def run_ladder(
    workspace: Workspace,
    config: Config,
    first: SynthResult,
    oracle: ApiOracle,
    synthesize: Synthesizer,
) -> LadderResult:
    result = LadderResult(attempts=[first])
    if first.ok:
        return result
    if not config.repair:
        result.stopped_because = "repairs disabled"
        return result
    copy = workspace.copy_to(Path(tempfile.mkdtemp(prefix="iacreview-repair-")))
    result.workspace = copy
    current = first
    while len(result.attempts) - 1 < config.max_repairs:
        repair = _next_repair(copy, current, oracle, excise=config.excise)
        if repair is None:
            result.stopped_because = "no certain repair for: " + (current.error or "unknown error")
            break
        step = [repair, *batch_static_fixes(copy, oracle)]
        result.repairs += step
        result.steps += [len(result.attempts)] * len(step)
        previous, current = current, synthesize(copy, config)
        result.attempts.append(current)
        if current.ok:
            break
        if (current.error, current.location) == (previous.error, previous.location):
            # The file the repair edited is rewritten before each synth (the generated entry): stop, do not loop.
            result.stopped_because = "the repair did not change the error: " + (current.error or "unknown error")
            break
    else:
        result.stopped_because = f"repair limit ({config.max_repairs}) reached"
    return result


def _next_repair(
    workspace: Workspace, failed: SynthResult, oracle: ApiOracle, *, excise: bool
) -> AppliedRepair | None:
    """The first certain fix; else, when allowed, the excision of the failing statement (``excise``)."""
    if failed.error_class == "timeout":
        return None
    failure = parse_failure(failed.error, failed.traceback, workspace)
    if failed.error_class == "SyntaxError" and failure.relpath is not None:
        return repair_truncation(workspace, failure.relpath)
    if failure.relpath is None:
        # No traceback: the app may never have run (a truncated file hides its Stack class from the entry).
        unparsable = _repair_unparsable(workspace)
        if unparsable is not None:
            return unparsable
    for repair in LADDER_REPAIRS:
        applied = repair(workspace, failure, oracle)
        if applied is not None:
            return applied
    if excise:
        return (repair_excise_statement(workspace, failure, oracle)
                or repair_excise_invalid_construct(workspace, failure, oracle)
                or repair_excise_token_id(workspace, failure, oracle)
                or repair_excise_alpha(workspace, failure, oracle))
    return None


def _repair_unparsable(workspace: Workspace) -> AppliedRepair | None:
    """The truncation repair on the first answer file that does not parse."""
    for source_file in workspace.python_files():
        if source_file.generated or parses(workspace.read(source_file.relpath)):
            continue
        applied = repair_truncation(workspace, source_file.relpath)
        if applied is not None:
            return applied
    return None
