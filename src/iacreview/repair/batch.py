"""Fix every unknown keyword argument the API index knows with certainty, in the step that met the first one.

Once a synth has failed on an unknown keyword and the ladder fixed it, every other call passing a keyword its
callee does not take would fail the same way, one synth at a time. The static layer already knows them (and
reports each as its own finding), so the ladder fixes all the certain ones in the same step: the same repair,
recorded once per keyword at its own line, and fewer synths. Ambiguous ones stay for the synth to meet (where the
ladder stops, as it would have).
"""

from __future__ import annotations

import ast

from iacreview.repair.edits import parses
from iacreview.repair.kinds import ApiOracle, AppliedRepair, apply_keyword_fix, keyword_fix
from iacreview.sources.workspace import Workspace
from iacreview.threadsafe_ast import parse_shared, walk

_WHY = "the same check as the keyword just repaired, found by the static layer and fixed in the same step"


def batch_keyword_fixes(workspace: Workspace, oracle: ApiOracle) -> list[AppliedRepair]:
    applied: list[AppliedRepair] = []
    for source_file in workspace.python_files():
        if source_file.generated:
            continue
        relpath = source_file.relpath
        source = workspace.read(relpath)
        try:
            tree = parse_shared(source)
        except SyntaxError:
            continue
        fixes: list[tuple[ast.keyword, str, str | None]] = []
        for call in (n for n in walk(tree) if isinstance(n, ast.Call)):
            fixes += _call_fixes(workspace, relpath, source, call, oracle)
        if not fixes:
            continue
        edited = source
        for keyword, name, replacement in sorted(fixes, key=lambda f: (f[0].lineno, f[0].col_offset), reverse=True):
            edited = apply_keyword_fix(edited, keyword, name, replacement)
        if edited == source or not parses(edited):
            continue
        workspace.path(relpath).write_text(edited, encoding="utf-8")
        for keyword, name, replacement in sorted(fixes, key=lambda f: (f[0].lineno, f[0].col_offset)):
            what = (f"dropped keyword argument `{name}` (no such parameter)" if replacement is None
                    else f"renamed keyword argument `{name}` to `{replacement}`")
            applied.append(AppliedRepair("keyword", relpath, keyword.lineno, what, _WHY))
    return applied


def _call_fixes(
    workspace: Workspace, relpath: str, source: str, call: ast.Call, oracle: ApiOracle
) -> list[tuple[ast.keyword, str, str | None]]:
    """The certain fixes of one call; none when two would give the same name (that needs a person)."""
    fixes: list[tuple[ast.keyword, str, str | None]] = []
    for keyword in call.keywords:
        if keyword.arg is None:
            continue
        fix = keyword_fix(workspace, relpath, source, call, keyword.arg, oracle)
        if fix is None:
            continue
        certain, replacement = fix
        if not certain:
            return []
        fixes.append((keyword, keyword.arg, replacement))
    renamed = [r for _, _, r in fixes if r is not None]
    return fixes if len(renamed) == len(set(renamed)) else []
