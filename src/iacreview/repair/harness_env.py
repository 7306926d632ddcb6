"""Adapt the generated entry when its own assumption breaks the app: no ``env=`` for the stacks it creates.

The generated entry passes ``env=Environment(account, region)`` so that lookups work. An answer that creates further
stacks inside its stack without an environment then fails with a cross-environment reference
(``NoCfnExecutionRoleForCrossAccountRefs``): an error of the harness, not of the answer, which deploys fine when its
stacks are all environment-agnostic. The repair marks the copy so the entry is generated without ``env``.

Not so when the entry gave ``env`` only inside the answer's own props class (``TapStackProps(env=...)``): the answer
asks for an environment there and then hands it to some of its stacks and not to others, so any caller that gives
one meets the same error. The repair still lets the ladder go on, but the error stays the answer's finding.
"""

from __future__ import annotations

import ast
import re

from iacreview.repair.failure import Failure
from iacreview.repair.kinds import ApiOracle, AppliedRepair
from iacreview.sources.workspace import Workspace
from iacreview.synth.harness import HARNESS, NO_ENV_MARKER
from iacreview.threadsafe_ast import parse_shared, walk

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
    entry = workspace.read(HARNESS)
    if marker.exists() or "env=env" not in entry:
        return None
    through_props = env_only_through_props(entry)
    marker.write_text("the generated entry creates environment-agnostic stacks\n", encoding="utf-8")
    if through_props:
        why = ("the answer's props take an env, which it passes to some of its stacks and not to others: with an "
               "environment given, their cross-stack references fail")
    else:
        why = "the cross-environment reference came from the env the generated entry passed, not from the answer"
    return AppliedRepair(
        kind="harness",
        relpath=HARNESS,
        line=1,
        what="generated the entry again without env=Environment(...): the stacks are environment-agnostic",
        why=why,
        answers_error=through_props,
        error_at=env_handed_on(workspace) if through_props else None,
    )


def env_handed_on(workspace: Workspace) -> tuple[str, int] | None:
    """The first place the answer passes an ``env`` it was given on to a construct (``env=props.env``)."""
    for source in workspace.python_files():
        if source.generated:
            continue
        try:
            tree = parse_shared(workspace.read(source.relpath))
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError):
            continue
        for call in sorted((n for n in walk(tree) if isinstance(n, ast.Call)), key=lambda n: n.lineno):
            for keyword in call.keywords:
                if keyword.arg == "env" and any(isinstance(n, ast.Attribute) and n.attr == "env"
                                                for n in walk(keyword.value)):
                    return source.relpath, keyword.value.lineno
    return None


def env_only_through_props(harness: str) -> bool:
    """The generated entry gives ``env`` inside a props object only (``props=XProps(..., env=env)``), never as a
    stack's own ``env=`` argument."""
    try:
        tree = parse_shared(harness)
    except SyntaxError:
        return False
    calls = [n for n in walk(tree) if isinstance(n, ast.Call)]
    props = [k.value for c in calls for k in c.keywords if k.arg == "props" and isinstance(k.value, ast.Call)]
    inside = {id(c) for c in props}
    return any(_gives_env(c) for c in props) and not any(_gives_env(c) for c in calls if id(c) not in inside)


def _gives_env(call: ast.Call) -> bool:
    return any(k.arg == "env" and isinstance(k.value, ast.Name) and k.value.id == "env" for k in call.keywords)
