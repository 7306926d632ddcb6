"""The repairs added for the ladder's common stop reasons: each applied on a small workspace when certain, refused
when more than one fix is plausible, lines never moving. No synth here (fake synthesizers for the ladder)."""

from __future__ import annotations

import ast
from pathlib import Path

from iacreview.config import Config
from iacreview.model import Category, Finding, Location, Severity
from iacreview.repair.failure import Failure
from iacreview.repair.imports import repair_import_name, repair_module_layout
from iacreview.repair.kinds import (
    NoOracle,
    repair_attribute,
    repair_feature_flag,
    repair_missing_asset,
    repair_read_only,
    repair_truncation,
    repair_unexpected_keyword,
)
from iacreview.repair.ladder import run_ladder
from iacreview.repair.values import days_in_name, repair_enum_member, repair_enum_value, repair_obvious_arguments
from iacreview.sources.workspace import InputKind, SourceFile, Workspace
from iacreview.synth import SynthResult


class Oracle(NoOracle):
    """Answers like the index would for the names these tests use."""

    def __init__(self, keywords: set[str] | None = None, attributes: set[str] | None = None) -> None:
        self.keywords = keywords
        self.attributes = attributes

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
        return self.keywords

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        return self.attributes

    def module_of(self, name: str) -> str | None:
        return {"SnsAction": "aws_cdk.aws_cloudwatch_actions", "Construct": "constructs"}.get(name)

    def submodule_for(self, name: str) -> str | None:
        return {"aws_elbv2": "aws_cdk.aws_elasticloadbalancingv2"}.get(name)

    def module_members(self, module: str) -> set[str] | None:
        return {"Stack", "App", "Duration"} if module == "aws_cdk" else None


def make(tmp_path: Path, text: str, relpath: str = "lib/stack.py", first_line: int = 10) -> Workspace:
    ws = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=tmp_path / "ws")
    ws.add_file(SourceFile(relpath, "answer.md", first_line=first_line), text)
    return ws


def same_lines(before: str, after: str) -> bool:
    return before.count("\n") == after.count("\n")


def test_days_in_name() -> None:
    assert days_in_name("THIRTY_DAYS") == 30
    assert days_in_name("TWENTY_ONE_DAYS") == 21
    assert days_in_name("TWO_WEEKS") == 14
    assert days_in_name("SIX_MONTHS") is None  # a month is not a fixed number of days
    assert days_in_name("SEVEN") is None


def test_enum_member_synonym_and_days(tmp_path: Path) -> None:
    text = "t = d.Table(billing_mode=d.BillingMode.ON_DEMAND)\nr = logs.RetentionDays.THIRTY_DAYS\n"
    ws = make(tmp_path, text)
    applied = repair_enum_member(ws, Failure("AttributeError: ON_DEMAND", "lib/stack.py", 1), Oracle())
    assert applied is not None and applied.kind == "enum-member"
    error = "AttributeError: THIRTY_DAYS. Did you mean: 'THREE_DAYS'?"
    assert repair_enum_member(ws, Failure(error, "lib/stack.py", 2), Oracle()) is not None
    after = ws.read("lib/stack.py")
    assert "BillingMode.PAY_PER_REQUEST" in after and "RetentionDays.ONE_MONTH" in after
    assert same_lines(text, after)


def test_enum_member_refuses_unknown_and_the_python_hint(tmp_path: Path) -> None:
    text = "r = logs.RetentionDays.SEVEN\nm = x.Mode.FAST\n"
    ws = make(tmp_path, text)
    error = "AttributeError: SEVEN. Did you mean: 'SEVEN_YEARS'?"
    assert repair_enum_member(ws, Failure(error, "lib/stack.py", 1), Oracle()) is None
    assert repair_enum_member(ws, Failure("AttributeError: FAST", "lib/stack.py", 2), Oracle()) is None
    assert ws.read("lib/stack.py") == text


def test_enum_value_literal_and_expression(tmp_path: Path) -> None:
    text = "a = logs.RetentionDays(7)\nb = logs.RetentionDays(\n    days,\n)\nc = logs.RetentionDays(8)\n"
    ws = make(tmp_path, text)
    applied = repair_enum_value(ws, Failure("ValueError: 7 is not a valid RetentionDays", "lib/stack.py", 1),
                                Oracle())
    assert applied is not None
    after = ws.read("lib/stack.py")
    lines = after.splitlines()
    assert lines[0] == "a = logs.RetentionDays.ONE_WEEK"
    assert lines[1].startswith("b = logs.RetentionDays[{1: 'ONE_DAY'") and lines[1].endswith(".get(days, days)]")
    assert lines[4] == "c = logs.RetentionDays(8)"  # no member has 8 days: left as written
    assert same_lines(text, after)


def test_obvious_arguments_only_when_none_given(tmp_path: Path) -> None:
    text = (
        "f = apigw.AccessLogFormat.json_with_standard_fields()\n"
        "g = apigw.AccessLogFormat.json_with_standard_fields(ip=True)\n"
    )
    ws = make(tmp_path, text)
    error = ("TypeError: AccessLogFormat.json_with_standard_fields() missing 2 required keyword-only arguments: "
             "'caller' and 'ip'")
    applied = repair_obvious_arguments(ws, Failure(error, "lib/stack.py", 1), Oracle())
    assert applied is not None
    assert ws.read("lib/stack.py").splitlines()[0].endswith("json_with_standard_fields(caller=True, ip=True)")
    assert repair_obvious_arguments(ws, Failure(error, "lib/stack.py", 2), Oracle()) is None
    other = "TypeError: Cluster.__init__() missing 1 required keyword-only argument: 'version'"
    assert repair_obvious_arguments(ws, Failure(other, "lib/stack.py", 1), Oracle()) is None


def test_import_core_alias_and_unused(tmp_path: Path) -> None:
    text = (
        "from aws_cdk import (\n    core,\n    aws_elbv2,\n    aws_lambda_python_alpha as lp,\n)\n"
        "x = core.Stack\ny = aws_elbv2.ApplicationLoadBalancer\n"
    )
    ws = make(tmp_path, text)
    for name, expected in (
        ("core", "import aws_cdk as core"),
        ("aws_elbv2", "from aws_cdk import aws_elasticloadbalancingv2 as aws_elbv2"),
        ("aws_lambda_python_alpha", None),
    ):
        error = f"ImportError: cannot import name '{name}' from 'aws_cdk' (/site-packages/aws_cdk/__init__.py)"
        applied = repair_import_name(ws, Failure(error, "lib/stack.py", 1), Oracle())
        assert applied is not None, name
        after = ws.read("lib/stack.py")
        assert (expected is None and "unused" in applied.what) or (expected is not None and expected in after)
    after = ws.read("lib/stack.py")
    assert "alpha" not in after and same_lines(text, after)
    assert after.splitlines()[5] == "x = core.Stack"


def test_import_of_used_unknown_name_is_refused(tmp_path: Path) -> None:
    text = "from aws_cdk import aws_lambda_python_alpha as lp\nf = lp.PythonFunction\n"
    ws = make(tmp_path, text)
    error = "ImportError: cannot import name 'aws_lambda_python_alpha' from 'aws_cdk' (/x/__init__.py)"
    assert repair_import_name(ws, Failure(error, "lib/stack.py", 1), Oracle()) is None
    assert ws.read("lib/stack.py") == text


def test_module_layout_copies_the_one_defining_file(tmp_path: Path) -> None:
    ws = make(tmp_path, "from lib.orders_stack import OrdersStack\n", relpath="app.py", first_line=3)
    ws.add_file(SourceFile("orders.py", "answer.md", first_line=20), "class OrdersStack:\n    pass\n")
    error = "ModuleNotFoundError: No module named 'lib.orders_stack'"
    applied = repair_module_layout(ws, Failure(error, "app.py", 1), Oracle())
    assert applied is not None
    assert ws.read("lib/orders_stack.py") == ws.read("orders.py")
    assert ws.locate("lib/orders_stack.py", 2).line == 21  # the copy maps to the original's lines
    assert (ws.root / "lib/__init__.py").exists()


def test_module_layout_refuses_two_candidates(tmp_path: Path) -> None:
    ws = make(tmp_path, "from lib.orders_stack import OrdersStack\n", relpath="app.py", first_line=3)
    ws.add_file(SourceFile("a.py", "answer.md", first_line=20), "class OrdersStack:\n    pass\n")
    ws.add_file(SourceFile("b.py", "answer.md", first_line=40), "class OrdersStack:\n    x = 1\n")
    error = "ModuleNotFoundError: No module named 'lib.orders_stack'"
    assert repair_module_layout(ws, Failure(error, "app.py", 1), Oracle()) is None
    assert not (ws.root / "lib/orders_stack.py").exists()


def test_set_context_of_removed_flag_dropped(tmp_path: Path) -> None:
    flag = "@aws-cdk/core:enableStackNameDuplicates"
    text = f'app = App()\napp.node.set_context("{flag}", True)\nStack(app, "S")\n'
    ws = make(tmp_path, text, relpath="app.py")
    error = f"RuntimeError: Unsupported feature flag '{flag}'. This flag existed on CDKv1 but has been removed"
    applied = repair_feature_flag(ws, Failure(error, "app.py", 3), Oracle())
    assert applied is not None and applied.line == 2
    assert ws.read("app.py").splitlines()[1] == "pass"


def test_truncated_tail_dropped_only_when_the_answer_is_cut_off(tmp_path: Path) -> None:
    text = "x = 1\ny = 2\nz = make(a=\n"
    ws = make(tmp_path, text, relpath="app.py", first_line=5)
    assert repair_truncation(ws, "app.py") is None  # a syntax error, but no sign the answer was cut off
    cut = Finding("SYN001", Category.SYNTAX, Severity.CRITICAL, "cut", "cut off", Location("answer.md", 9))
    ws.findings.append(cut)
    applied = repair_truncation(ws, "app.py")
    assert applied is not None and "unfinished" in applied.what
    assert ws.read("app.py") == "x = 1\ny = 2\n\n"


def test_asset_path_of_an_earlier_identical_workspace(tmp_path: Path) -> None:
    text = 'f = Function(self, "F", handler="main.run", code=Code.from_asset("lambda/layer"))\n'
    ws = make(tmp_path, text)
    error = "RuntimeError: Cannot find asset at /tmp/iacreview-abc123/lambda/layer"
    assert repair_missing_asset(ws, Failure(error, "lib/stack.py", 1), Oracle()) is not None
    assert (ws.root / "lambda/layer/main.py").is_file()
    escape = "RuntimeError: Cannot find asset at /tmp/iacreview-abc123/../../etc"
    assert repair_missing_asset(ws, Failure(escape, "lib/stack.py", 1), Oracle()) is None


def test_keyword_fixed_at_every_call_lacking_it(tmp_path: Path) -> None:
    text = 'a = X(self, "A", name="a")\nb = X(self, "B",\n      name="b")\nc = Y(name="c")\n'
    ws = make(tmp_path, text)

    class ByCallee(Oracle):
        def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
            return {"size"} if isinstance(call.func, ast.Name) and call.func.id == "X" else None

    error = "TypeError: X.__init__() got an unexpected keyword argument 'name'"
    applied = repair_unexpected_keyword(ws, Failure(error, "lib/stack.py", 1), ByCallee())
    assert applied is not None and "1 other call" in applied.what
    after = ws.read("lib/stack.py")
    assert after.count("name=") == 1 and 'Y(name="c")' in after and same_lines(text, after)


def test_attribute_rename_refuses_another_kind(tmp_path: Path) -> None:
    text = "d = det.attr_detector_id\ns = lambda_.SqsEventSource(q)\n"
    ws = make(tmp_path, text)
    error = "AttributeError: 'CfnDetector' object has no attribute 'attr_detector_id'"
    assert repair_attribute(ws, Failure(error, "lib/stack.py", 1), Oracle(attributes={"from_detector_id"})) is None
    error = "AttributeError: module 'aws_cdk.aws_lambda' has no attribute 'SqsEventSource'"
    assert repair_attribute(ws, Failure(error, "lib/stack.py", 2), Oracle(attributes={"IEventSource"})) is None
    assert ws.read("lib/stack.py") == text


def test_attribute_module_named_in_the_error(tmp_path: Path) -> None:
    text = "import aws_cdk as core\ndef f(scope: core.Construct) -> None:\n    pass\ng: core.Construct\n"
    ws = make(tmp_path, text)
    error = "AttributeError: module 'aws_cdk' has no attribute 'Construct'"
    applied = repair_attribute(ws, Failure(error, "lib/stack.py", 2), Oracle(attributes=None))
    assert applied is not None and "1 other place" in applied.what
    assert ws.read("lib/stack.py").count('__import__("constructs", fromlist=["Construct"]).Construct') == 2


def test_read_only_refused_when_the_assignment_reads_the_inherited_value(tmp_path: Path) -> None:
    text = "class S(Stack):\n    def __init__(self):\n        self.region = self.region or 'x'\n"
    ws = make(tmp_path, text)
    error = "AttributeError: property 'region' of 'S' object has no setter"
    assert repair_read_only(ws, Failure(error, "lib/stack.py", 3), Oracle()) is None


def _failing(error: str, line: int) -> SynthResult:
    trace = f'  File "/tmp/iacreview-x/lib/stack.py", line {line}, in __init__\n'
    return SynthResult(ok=False, error=error, error_class="AttributeError", traceback=trace,
                       location=Location("answer.md", line))


def test_ladder_stops_when_a_repair_changes_nothing(tmp_path: Path) -> None:
    text = "a = d.BillingMode.ON_DEMAND\n"
    ws = make(tmp_path, text)
    error = "AttributeError: ON_DEMAND"
    # The synthesizer fails the same way whatever the repairs do (as with a regenerated entry).
    result = run_ladder(ws, Config(), _failing(error, 1), Oracle(), lambda w, c: _failing(error, 1))
    try:
        assert len(result.repairs) == 1 and "did not change the error" in result.stopped_because
        assert ws.read("lib/stack.py") == text  # the ladder edits a copy
    finally:
        result.cleanup()


def test_ladder_limit(tmp_path: Path) -> None:
    ws = make(tmp_path, "a = d.BillingMode.ON_DEMAND\nb = d.BillingMode.ON_DEMAND\n")
    errors = iter([_failing("AttributeError: ON_DEMAND", 2), _failing("AttributeError: ON_DEMAND", 1)])
    result = run_ladder(ws, Config(max_repairs=1), _failing("AttributeError: ON_DEMAND", 1), Oracle(),
                        lambda w, c: next(errors))
    try:
        assert len(result.repairs) == 1 and result.stopped_because == "repair limit (1) reached"
    finally:
        result.cleanup()


def test_ladder_disabled(tmp_path: Path) -> None:
    ws = make(tmp_path, "a = d.BillingMode.ON_DEMAND\n")
    result = run_ladder(ws, Config(repair=False), _failing("AttributeError: ON_DEMAND", 1), Oracle(),
                        lambda w, c: _failing("x", 1))
    assert result.repairs == [] and result.workspace is None and result.stopped_because == "repairs disabled"


def test_a_truncated_file_that_hides_the_stack_class_is_closed_before_the_next_synth(tmp_path: Path) -> None:
    text = "class TapStack(Stack):\n    def __init__(self):\n        make(a=[1,\n"
    ws = make(tmp_path, text)
    no_entry = SynthResult(ok=False, error="no entry point and no Stack subclass to create", error_class="other")
    seen: list[str] = []

    def synthesize(workspace: Workspace, config: Config) -> SynthResult:
        seen.append(workspace.read("lib/stack.py"))
        return SynthResult(ok=True)

    result = run_ladder(ws, Config(), no_entry, Oracle(), synthesize)
    try:
        assert [r.kind for r in result.repairs] == ["truncation"]
        assert seen and ast.parse(seen[0]) and seen[0].count("\n") >= text.count("\n")
        assert ws.read("lib/stack.py") == text
    finally:
        result.cleanup()


def test_no_entry_point_with_every_file_parsing_is_not_repaired(tmp_path: Path) -> None:
    ws = make(tmp_path, "x = 1\n")
    no_entry = SynthResult(ok=False, error="no entry point and no Stack subclass to create", error_class="other")
    result = run_ladder(ws, Config(), no_entry, Oracle(), lambda w, c: SynthResult(ok=True))
    try:
        assert result.repairs == [] and result.stopped_because.startswith("no certain repair")
    finally:
        result.cleanup()
