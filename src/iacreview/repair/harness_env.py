"""Adapt the generated entry when its own assumption breaks the app: no ``env=`` for the stacks it creates.

The generated entry passes ``env=Environment(account, region)`` so that lookups work. An answer that creates further
stacks inside its stack without an environment then fails with a cross-environment reference
(``NoCfnExecutionRoleForCrossAccountRefs``): an error of the harness, not of the answer, which deploys fine when its
stacks are all environment-agnostic. The repair marks the copy so the entry is generated without ``env``.
"""

from __future__ import annotations

import re

from iacreview.repair.failure import Failure
from iacreview.repair.kinds import ApiOracle, AppliedRepair
from iacreview.sources.workspace import Workspace
from iacreview.synth.harness import HARNESS, NO_ENV_MARKER

_CROSS_ENVIRONMENT = re.compile(
    r"NoCfnExecutionRoleForCrossAccountRefs|CannotUseCrossEnvironment|in a cross-environment fashion"
    r"|Cross stack references are only supported for stacks deployed to the same (environment|account)"
    r"|cross-(account|region|environment) reference",
    re.IGNORECASE,
)


def repair_harness_env(workspace: Workspace, failure: Failure, oracle: ApiOracle) -> AppliedRepair | None:
    del oracle
    harness = workspace.files.get(HARNESS)
    if harness is None or not harness.generated or not _CROSS_ENVIRONMENT.search(failure.error):
        return None
    marker = workspace.root / NO_ENV_MARKER
    if marker.exists() or "env=env" not in workspace.read(HARNESS):
        return None
    marker.write_text("the generated entry creates environment-agnostic stacks\n", encoding="utf-8")
    return AppliedRepair(
        kind="harness",
        relpath=HARNESS,
        line=1,
        what="generated the entry again without env=Environment(...): the stacks are environment-agnostic",
        why="the cross-environment reference came from the env the generated entry passed, not from the answer",
    )
