"""Lambda function extraction, inline-code line mapping, the source runner and the runtime data file."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

from iacreview.config import Config
from iacreview.model import Location, Severity
from iacreview.python.lambda_code import find_lambda_functions, runtime_data
from iacreview.python.parse import parse_source, parse_workspace
from iacreview.python.source_runner import run_source_rules
from iacreview.rules.base import SourceContext, SourceHit
from iacreview.rules.deployment import reserved_env_in_code
from iacreview.rules.syntax import inline_code_undefined as syn034
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

STACK = textwrap.dedent(
    '''\
    import textwrap
    from aws_cdk import Stack, aws_lambda as lambda_

    HANDLER = """
    import json

    def handler(event, context):
        return json.dumps(missing_name)
    """

    class TapStack(Stack):
        def __init__(self, scope, construct_id, **kwargs):
            super().__init__(scope, construct_id, **kwargs)
            lambda_.Function(self, "Triple", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                             code=lambda_.Code.from_inline(HANDLER))
            lambda_.SingletonFunction(self, "Dedented", uuid="u", runtime=lambda_.Runtime.PYTHON_3_12,
                                      handler="index.handler",
                                      code=lambda_.InlineCode(textwrap.dedent("""
                                          def handler(event, context):
                                              return other_missing
                                      """).strip()))
    '''
)


def _workspace(tmp_path: Path, first_line: int | None, origin: str) -> Workspace:
    workspace = Workspace(subject=origin, kind=InputKind.MARKDOWN, root=tmp_path / "ws")
    workspace.add_file(SourceFile("lib/tap_stack.py", origin=origin, first_line=first_line), STACK)
    return workspace


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_find_lambda_functions_reads_arguments() -> None:
    [triple, dedented] = find_lambda_functions(parse_source("lib/tap_stack.py", STACK))
    assert (triple.kind, triple.construct_id, triple.handler, triple.runtime) == (
        "Function", "Triple", "index.handler", "PYTHON_3_12"
    )
    assert triple.inline is not None and "def handler" in triple.inline.text
    assert dedented.kind == "SingletonFunction"
    assert dedented.inline is not None and dedented.inline.text.startswith("def handler")


def test_cloudfront_function_is_not_a_lambda() -> None:
    code = "from aws_cdk import aws_cloudfront as cloudfront\ncloudfront.Function(None, 'F', code=None)\n"
    assert find_lambda_functions(parse_source("a.py", code)) == []


def test_inline_findings_land_on_the_python_line(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, 1, "lib/tap_stack.py")
    ctx = SourceContext(workspace, parse_workspace(workspace), Config())
    findings = run_source_rules(ctx, [syn034])
    lines = sorted(f.location.line for f in findings if f.location)
    assert lines == [_line_of(STACK, "missing_name)"), _line_of(STACK, "return other_missing")]


def test_inline_findings_land_on_the_markdown_line(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, 50, "MODEL_RESPONSE.md")
    ctx = SourceContext(workspace, parse_workspace(workspace), Config())
    locations = sorted((f.location for f in run_source_rules(ctx, [syn034]) if f.location), key=lambda loc: loc.line)
    assert [loc.path for loc in locations] == ["MODEL_RESPONSE.md"] * 2
    assert locations[0].line == 49 + _line_of(STACK, "missing_name)")
    assert locations[1].line == 49 + _line_of(STACK, "return other_missing")


def _rule(rule_id: str, check: object) -> ModuleType:
    meta = reserved_env_in_code.META.__class__(**{**vars(reserved_env_in_code.META), "id": rule_id})
    return SimpleNamespace(META=meta, check=check)  # type: ignore[return-value]


def test_runner_skips_disabled_rules_and_survives_crashes(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, 1, "lib/tap_stack.py")

    def hits(ctx: SourceContext) -> Iterator[SourceHit]:
        yield SourceHit("lib/tap_stack.py", 3, "found")

    def crash(ctx: SourceContext) -> Iterator[SourceHit]:
        raise RuntimeError("boom")

    ctx = SourceContext(workspace, parse_workspace(workspace), Config(disabled_rules=frozenset({"DEP998"})))
    findings = run_source_rules(ctx, [_rule("DEP997", hits), _rule("DEP998", hits), _rule("DEP999", crash)])
    assert [(f.rule_id, f.severity) for f in findings] == [("DEP997", Severity.CRITICAL), ("DEP999", Severity.INFO)]
    assert findings[0].location == Location("lib/tap_stack.py", 3)
    assert "boom" in findings[1].message


def test_runtime_data_matches_installed_cfn_lint() -> None:
    import cfnlint

    spec_path = Path(cfnlint.__file__).parent / "data" / "AdditionalSpecs" / "LmbdRuntimeLifecycle.json"
    lifecycle = json.loads(spec_path.read_text(encoding="utf-8"))
    data = runtime_data()
    assert data["generated"]
    assert data["cdk_names"]["PYTHON_3_8"] == "python3.8"
    for runtime_id, spec in data["runtimes"].items():
        assert lifecycle[runtime_id]["deprecated"] == spec["deprecated"]
    assert "AWS_REGION" in data["reserved_environment_variables"]
